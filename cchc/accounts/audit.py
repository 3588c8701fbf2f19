"""The audit trail as people read it: the one path from django-auditlog's entries to rows.

A ``LogEntry`` stores the model's content type, the object's name when it was logged, a number for the
action, the actor's id, a UTC instant and, per changed field, the old and new values as the strings
auditlog wrote (a foreign key as the related row's id, a choice as its stored code, an instant as naive
UTC, a JSON field as ``json.dumps`` output with ``\\u`` escapes, ``"None"`` for nothing). ``audit_rows``
turns entries into rows in the reader's language: the object type's verbose name, the action in words
(``choices.AuditAction``), the actor's full name and unit, the local time in the project's date format, and
each changed field by its verbose name with its values as values (a choice's label, the related object's
name, a date or a yes/no, decoded JSON). The audit page, a report's, a task's and a dossier's history all
render these rows (``accounts/_audit_rows.html``), so the same entry reads the same everywhere.

Queries are bounded whatever the number of entries: one for the actors with their profiles and units, one
per related model named by a foreign key among the changes, its own keys joined for its name (content types
come from Django's cache, filled once per process).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc.core.parsing import LOCAL_TZ

from .choices import AuditAction

#: Most entries a history page shows (newest first); the audit page holds the rest.
HISTORY_LIMIT = 200

#: auditlog's text for "no value".
NONE = "None"


@dataclass(frozen=True)
class Change:
    """One changed field: its name in the reader's language, the value before and after, as shown."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # local (Asia/Ho_Chi_Minh)
    when: str  # ``at`` in the project's short date-time format
    object_type: str
    object_name: str
    content_type_id: int
    object_pk: str
    action: str
    actor: str
    actor_unit: str
    remote_addr: str
    changes: list[Change] = field(default_factory=list)


def export_columns() -> list[str]:
    """The audit table's columns in an Excel file: the page's, with the actor's unit and address (shown
    under the actor's name on the page) in their own columns."""
    return [_("Thời điểm"), _("Người thực hiện"), _("Đơn vị"), _("Địa chỉ IP"), _("Thao tác"), _("Loại dữ liệu"),
            _("Đối tượng"), _("Thay đổi (trước → sau)")]


def export_values(row: AuditRow) -> list:
    """A row of the audit table as the Excel file holds it (``export_columns``): the values the page shows,
    the changes one per line and never cut; the time to the second (local)."""
    changes = "\n".join(f"{c.field}: {c.old} → {c.new}" for c in row.changes)
    return [row.at.replace(microsecond=0), row.actor, row.actor_unit, row.remote_addr, row.action, row.object_type, row.object_name, changes]


def entries_for(*groups) -> models.QuerySet:
    """The entries of the objects in ``groups`` ((model, ids) pairs; ids a list or a query of keys), newest
    first, in one query (auditlog keeps an integer key in ``object_id``)."""
    types = ContentType.objects.get_for_models(*(model for model, _ids in groups))
    condition = models.Q(pk__in=[])
    for model, ids in groups:
        condition |= models.Q(content_type=types[model], object_id__in=ids)
    return LogEntry.objects.filter(condition).order_by("-timestamp", "-id")


def audit_url(model, pk) -> str:
    """The audit page filtered to one object (linked from its history page for those who may read it)."""
    query = urlencode({"model": ContentType.objects.get_for_model(model).pk, "object": pk})
    return f"{reverse('accounts:audit')}?{query}"


def audit_rows(entries) -> list[AuditRow]:
    """Readable rows for ``entries`` (LogEntry objects, in the order given), in the active language."""
    entries = list(entries)
    actors = _actors({e.actor_id for e in entries if e.actor_id})
    names = _related_names(entries)
    return [_row(e, actors, names) for e in entries]


# --- actors ------------------------------------------------------------------------------------------

def _actors(ids: set[int]) -> dict[int, tuple[str, str]]:
    """user id → (full name or user name, unit name), in one query."""
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).select_related("profile__unit")
    out = {}
    for user in users:
        profile = getattr(user, "profile", None)
        unit = profile.unit if profile is not None and profile.unit_id else None
        out[user.pk] = (user.get_full_name() or user.get_username(), str(unit) if unit else "")
    return out


def actor_label(entry: models.Model, actors: dict[int, tuple[str, str]]) -> tuple[str, str]:
    if entry.actor_id is None:
        return _("Hệ thống"), ""
    return actors.get(entry.actor_id, (entry.actor_email or _("Tài khoản đã xóa"), ""))


# --- related objects ---------------------------------------------------------------------------------

def _model_of(entry) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _changes_of(entry) -> dict:
    changes = entry.changes
    if isinstance(changes, str):  # entries written before auditlog stored JSON
        try:
            changes = json.loads(changes)
        except ValueError:
            return {}
    return changes if isinstance(changes, dict) else {}


def _related_names(entries) -> dict[type[models.Model], dict[str, str]]:
    """related model → {stored id: the object's name}, one query per related model."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = _model_of(entry)
        for name, values in _changes_of(entry).items():
            f = _field(model, name)
            if f is not None and (f.many_to_one or f.one_to_one) and f.related_model and isinstance(values, list):
                wanted[f.related_model].update(str(v) for v in values if v not in (None, NONE, ""))
    names = {}
    for related, keys in wanted.items():
        target = related._meta.pk
        valid = []
        for key in keys:
            try:
                valid.append(target.to_python(key))
            except Exception:  # noqa: BLE001 - a stored key that no longer fits the column: shown as stored
                continue
        # An object's name may read its own keys (a report names its unit and period): joined, not fetched
        # one by one.
        joins = [f.name for f in related._meta.concrete_fields if f.many_to_one or f.one_to_one]
        found = related._default_manager.filter(pk__in=valid).select_related(*joins)
        names[related] = {str(obj.pk): _name(obj) for obj in found}
    return names


def _name(obj) -> str:
    """An object's name; a person by their full name (a user's own text is the user name)."""
    if isinstance(obj, get_user_model()):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


# --- values ------------------------------------------------------------------------------------------

def _yes_no(text: str) -> str:
    return {"True": _("Có"), "False": _("Không")}.get(text, text)


def _json(text: str) -> str:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return text
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _instant(text: str) -> str:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)  # auditlog stores instants as naive UTC
    return formats.date_format(timezone.localtime(value, LOCAL_TZ), "SHORT_DATETIME_FORMAT")


def _day(text: str) -> str:
    try:
        return formats.date_format(date.fromisoformat(text[:10]), "SHORT_DATE_FORMAT")
    except ValueError:
        return text


def _number(text: str) -> str:
    try:
        return formats.number_format(Decimal(text), use_l10n=True)
    except (InvalidOperation, ValueError):
        return text


def value_text(f, raw, names: dict) -> str:
    """One stored value of field ``f`` (None if the field no longer exists) as a reader sees it."""
    if raw is None or raw == NONE or raw == "":
        return "—"
    if not isinstance(raw, str):
        raw = json.dumps(raw, ensure_ascii=False, sort_keys=True) if isinstance(raw, (dict, list)) else str(raw)
    if f is None:
        return _json(raw) if raw[:1] in "[{\"" else raw
    if f.many_to_one or f.one_to_one:
        return names.get(f.related_model, {}).get(raw) or _("#{key} (đã xóa)").format(key=raw)
    if getattr(f, "flatchoices", None):
        labels = {str(k): v for k, v in f.flatchoices}
        return str(labels.get(raw, raw))
    if isinstance(f, models.BooleanField):
        return _yes_no(raw)
    if isinstance(f, models.DateTimeField):
        return _instant(raw)
    if isinstance(f, models.DateField):
        return _day(raw)
    if isinstance(f, models.JSONField):
        return _json(raw)
    if isinstance(f, (models.DecimalField, models.FloatField)):
        return _number(raw)
    return raw


def _unnamed_fields() -> dict[str, str]:
    """Names for the few audited technical fields declared without a verbose name (a file's hash, size,
    position, generation step, rendered files); adding verbose names to those fields takes migrations in
    their apps, so until then they are named here."""
    return {"sha256": _("mã SHA-256 của tệp"), "evidence_sha256": _("mã SHA-256 của minh chứng"),
            "size": _("dung lượng tệp (byte)"), "evidence_size": _("dung lượng minh chứng (byte)"),
            "order": _("thứ tự"), "step": _("bước tạo"), "docx": _("tệp DOCX"), "xlsx": _("tệp XLSX"),
            "pdf": _("tệp PDF")}


def field_label(f, name: str) -> str:
    """A field by its verbose name; one declared without (Django makes it from the attribute's name) by
    the related model's name for a foreign key, else by ``_unnamed_fields``."""
    if f is None or not hasattr(f, "verbose_name"):
        return name
    label = str(f.verbose_name)
    if label == f.name.replace("_", " "):
        if f.related_model is not None:
            label = str(f.related_model._meta.verbose_name)
        else:
            label = _unnamed_fields().get(f.name, label)
    return capfirst(label)


def _m2m_text(values: dict) -> tuple[str, str]:
    objects = ", ".join(str(o) for o in values.get("objects", []))
    if values.get("operation") == "delete":
        return objects or "—", "—"
    return "—", objects or "—"


def _change(model, name: str, values, names) -> Change:
    f = _field(model, name)
    label = field_label(f, name)
    if isinstance(values, dict) and values.get("type") == "m2m":
        old, new = _m2m_text(values)
    elif isinstance(values, list) and len(values) == 2:
        old, new = (value_text(f, v, names) for v in values)
    else:
        old, new = "—", value_text(f, values, names)
    return Change(field=label, old=old, new=new)


def _is_key(model, name: str) -> bool:
    """The row's own key, which a creation records: the object is already named by the row."""
    f = _field(model, name)
    return f is not None and getattr(f, "primary_key", False)


def _row(entry, actors, names) -> AuditRow:
    model = _model_of(entry)
    if model is not None:
        object_type = capfirst(str(model._meta.verbose_name))
    else:
        object_type = capfirst(ContentType.objects.get_for_id(entry.content_type_id).name)
    actor, unit = actor_label(entry, actors)
    at = timezone.localtime(entry.timestamp, LOCAL_TZ)
    try:
        action = AuditAction(entry.action).label
    except ValueError:
        action = str(entry.action)
    return AuditRow(
        id=entry.pk, at=at, when=formats.date_format(at, "SHORT_DATETIME_FORMAT"), object_type=object_type,
        object_name=entry.object_repr, content_type_id=entry.content_type_id, object_pk=entry.object_pk,
        action=str(action), actor=actor, actor_unit=unit, remote_addr=entry.remote_addr or "",
        changes=[_change(model, name, values, names) for name, values in _changes_of(entry).items()
                 if not _is_key(model, name)],
    )
