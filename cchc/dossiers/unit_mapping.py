"""Mapping the unit names and codes of a refused file to units, on the job page (issue #11): each
reference that matched no unit (references.Unresolved, kept in the job's summary) gets suggestions and a
choice of every unit; what the officer chooses becomes an alias of the job's source system (UnitAlias)
and the same stored file is imported again as a new job.

Decisions:
- **Which units.** Those valid on every day of receipt of the rows naming the reference (its first and
  last day): an alias only answers on the days its unit is valid, so a unit that ends in between would
  leave rows unmapped. Suggestions are those units ranked by cchc.core.unit_refs.name_similarity.
- **Validity of the alias: open-ended.** The resolver counts an alias only on the days its unit is valid
  (cchc.units.services.UnitResolver), so an alias without dates already stops with its unit; dating it
  to the rows' days would refuse next month's export of the same system again.
- **Who.** Whoever may follow the job (dossiers.permissions.can_follow_import) maps, and only to units
  they may import for (can_import_for); the alias records the job and the user in ``source``, and
  django-auditlog records the creation with its actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core.collation import vi_sort_key
from cchc.core.errors import InvalidInput, Issue, NotAllowed
from cchc.core.unit_refs import name_similarity
from cchc.units.models import Unit, UnitAlias

from . import jobs
from .models import ImportJob
from .permissions import can_follow_import, can_import_for, dossier_unit_scope

#: Suggestions shown for a reference, and the least similarity worth suggesting.
SUGGESTIONS, LEAST_SIMILAR = 5, 0.5
#: References offered for mapping on one page (the rest after those are mapped and the file imported again).
MAX_REFERENCES = 50


@dataclass
class UnknownUnit:
    """A reference of the file that matched no unit, as the mapping form shows it."""

    index: int
    ref: str
    name: str
    column: str
    rows: int
    first_rows: list[int]
    first_day: date
    last_day: date
    suggestions: list[tuple[Unit, float]] = field(default_factory=list)
    choices: list[Unit] = field(default_factory=list)
    selected: int | None = None  # the unit chosen before a refused submission, shown again


def _entries(job: ImportJob) -> list[dict]:
    entries = job.summary.get("unknown_units") if isinstance(job.summary, dict) else None
    return entries[:MAX_REFERENCES] if isinstance(entries, list) else []


def _covers(unit: Unit, first: date, last: date) -> bool:
    return unit.is_valid_on(first) and unit.is_valid_on(last)


def unknown_units(job: ImportJob, user) -> list[UnknownUnit]:
    """The job's references that matched no unit, each with its suggestions and the units it may be
    mapped to (valid on its rows' days, within what ``user`` may import for). One query."""
    entries = _entries(job)
    if not entries:
        return []
    found = [UnknownUnit(index, e["ref"], e["name"], e["field"], e["rows"], e["first_rows"],
                         date.fromisoformat(e["first_day"]), date.fromisoformat(e["last_day"]))
             for index, e in enumerate(entries)]
    units = Unit.objects.valid_during(min(u.first_day for u in found), max(u.last_day for u in found))
    scope = dossier_unit_scope(user)
    if scope is not None:
        units = units.filter(pk__in=scope)
    units = sorted(units.only("pk", "code", "name", "short_name", "valid_from", "valid_to"),
                   key=lambda u: vi_sort_key(u.name))
    for unknown in found:
        unknown.choices = [u for u in units if _covers(u, unknown.first_day, unknown.last_day)]
        wanted = unknown.name or unknown.ref
        scored = [(u, max(name_similarity(wanted, u.name), name_similarity(wanted, u.short_name or u.name)))
                  for u in unknown.choices]
        scored = [(u, score) for u, score in scored if score >= LEAST_SIMILAR]
        unknown.suggestions = sorted(scored, key=lambda pair: -pair[1])[:SUGGESTIONS]
    return found


@transaction.atomic
def map_units(*, user, job: ImportJob, chosen: dict[int, int]) -> ImportJob:
    """Record each chosen mapping (reference index → unit id) as an alias of the job's source system and
    import the same stored file again as a new job (started once this transaction commits). All or
    nothing: a unit outside what ``user`` may import for refuses with NotAllowed, a reference or unit that
    does not fit with InvalidInput, and no alias is written."""
    require(can_follow_import(user, job.created_by))
    entries = _entries(job)
    if not chosen:
        raise InvalidInput(issues=[Issue(_("Hãy chọn đơn vị cho ít nhất một tên chưa nhận ra."), field="map")])
    units = Unit.objects.in_bulk(chosen.values())
    issues: list[Issue] = []
    pairs: list[tuple[dict, Unit]] = []
    for index, unit_id in sorted(chosen.items()):
        unit = units.get(unit_id)
        if not 0 <= index < len(entries) or unit is None:
            issues.append(Issue(_("Lựa chọn không hợp lệ; hãy tải lại trang."), field=f"map-{index}"))
            continue
        if not can_import_for(user, unit.pk):
            raise NotAllowed(_("Bạn không có quyền nhập hồ sơ cho đơn vị «{unit}».").format(unit=unit.name))
        entry = entries[index]
        first, last = date.fromisoformat(entry["first_day"]), date.fromisoformat(entry["last_day"])
        if not _covers(unit, first, last):
            issues.append(Issue(
                _("Đơn vị «{unit}» không có hiệu lực suốt từ {first} đến {last} (ngày tiếp nhận của các dòng ghi "
                  "«{ref}»); hãy chọn đơn vị khác hoặc tách tệp theo ngày.").format(
                    unit=unit.name, first=f"{first:%d/%m/%Y}", last=f"{last:%d/%m/%Y}",
                    ref=entry["name"] or entry["ref"]), field=f"map-{index}"))
            continue
        pairs.append((entry, unit))
    if issues:
        raise InvalidInput(issues=issues)
    source = f"Ánh xạ khi nhập tệp {job.filename} (lượt nhập #{job.pk}), người ánh xạ: {user.get_username()}"
    created = []
    for entry, unit in pairs:
        _alias, was_created = UnitAlias.objects.get_or_create(
            source_system=job.source_system, code=entry["ref"][:64], name=entry["name"][:255], unit=unit,
            valid_from=None, defaults={"valid_to": None, "source": source[:255]},
        )
        created.append({"ref": entry["ref"], "name": entry["name"], "unit": unit.pk, "created": was_created})
    options = job.summary.get("options", {}) if isinstance(job.summary, dict) else {}
    again = ImportJob(filename=job.filename, source_system=job.source_system, created_by=user,
                      summary={"options": options, "retry_of": job.pk, "aliases": created})
    again.file.name = job.file.name  # the same stored file, not a copy
    again.save()
    jobs.start(again)
    return again
