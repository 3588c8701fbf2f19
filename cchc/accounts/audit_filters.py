"""The audit page's filters, read from GET parameters: the actor's unit (``unit``), the actor (``actor``,
words of the user name or full name), the object type (``model``, a content type of an audited model), one
object (``object``, its key, with ``model``), the object's name (``q``) and a range of local days (``from``,
``to``, read by ``cchc.core.parsing.parse_date``: dd/mm/yyyy or yyyy-mm-dd).

A value that means nothing (a non-number, a date that is no date or lies outside 1900-2999) is ignored with
a message naming the filter; it never fails the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc.core.parsing import LOCAL_TZ, ascii_int, parse_date

from .models import Profile

#: Days outside this range are refused (their instants would not convert to UTC at the edges).
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
#: Longest text filter kept (a name, a key); longer input is cut.
MAX_TEXT = 200


@dataclass
class AuditFilter:
    model: int | None = None
    unit: int | None = None
    actor: str = ""
    q: str = ""
    obj: str = ""
    date_from: date | None = None
    date_to: date | None = None
    raw_from: str = ""
    raw_to: str = ""
    #: The unit picker offers the units no longer (or not yet) valid too.
    ended: bool = False
    errors: list[str] = field(default_factory=list)

    def query(self) -> str:
        """The filters as a query string (for the next page's link)."""
        pairs = {"model": self.model, "unit": self.unit, "actor": self.actor, "q": self.q, "object": self.obj,
                 "from": self.date_from.isoformat() if self.date_from else "",
                 "to": self.date_to.isoformat() if self.date_to else "", "ended": "1" if self.ended else ""}
        return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def _day(params, name: str, label: str, state: AuditFilter) -> date | None:
    text = params.get(name, "").strip()[:MAX_TEXT]
    if not text:
        return None
    try:
        day = parse_date(text)
    except (ValueError, OverflowError):
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        state.errors.append(_("Bộ lọc “{field}”: “{value}” không phải là một ngày (dd/mm/yyyy); bộ lọc này bị bỏ qua.")
                            .format(field=label, value=text[:40]))
        return None
    return day


def apply(entries: QuerySet, params) -> tuple[QuerySet, AuditFilter]:
    state = AuditFilter()
    state.model = ascii_int(params.get("model"))
    if state.model is not None:
        entries = entries.filter(content_type_id=state.model)
        state.obj = params.get("object", "").strip()[:MAX_TEXT]
        if state.obj:
            entries = entries.filter(object_pk=state.obj)
    state.unit = ascii_int(params.get("unit"))
    state.ended = params.get("ended") == "1"
    if state.unit is not None:
        entries = entries.filter(actor__profile__unit_id=state.unit)
    state.actor = params.get("actor", "").strip()[:MAX_TEXT]
    for word in state.actor.split()[:5]:  # each word of the name: in the user name, first or last name
        entries = entries.filter(Q(actor__username__icontains=word) | Q(actor__first_name__icontains=word)
                                 | Q(actor__last_name__icontains=word))
    state.q = params.get("q", "").strip()[:MAX_TEXT]
    if state.q:
        entries = entries.filter(object_repr__icontains=state.q)
    state.date_from = _day(params, "from", _("Từ ngày"), state)
    if state.date_from:
        entries = entries.filter(timestamp__gte=datetime.combine(state.date_from, time.min, LOCAL_TZ))
    state.date_to = _day(params, "to", _("Đến ngày"), state)
    if state.date_to:
        entries = entries.filter(timestamp__lt=datetime.combine(state.date_to + timedelta(days=1), time.min, LOCAL_TZ))
    return entries, state


def types() -> list[tuple[int, str]]:
    """The audited object types, by their names in the reader's language."""
    found = [(ct.pk, capfirst(str(m._meta.verbose_name)))
             for m, ct in ContentType.objects.get_for_models(*auditlog.get_models()).items()]
    return sorted(found, key=lambda t: t[1])


def units(state: AuditFilter) -> list[tuple[int, str]]:
    """The units people act for (the units of the users' profiles), named with parent and validity by the
    one unit picker (``UnitQuerySet.picker``, reached through the profile's foreign key: accounts imports
    no app): those valid in the filter's days (today when none) unless the ended ones are asked for."""
    unit_model = Profile._meta.get_field("unit").related_model
    acting = unit_model.objects.filter(pk__in=Profile.objects.filter(unit__isnull=False).values("unit_id"))
    return acting.picker(state.date_from, state.date_to, include_ended=state.ended, selected=state.unit)
