"""Use cases of the yearly classification: run a year's proposals for a block (inputs from stored figures,
cchc.classification.inputs; the rules of cchc.core.classification), list them in a user's scope, confirm or
override a level with a reason, and record a reminder. Every write is audited (django-auditlog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core import classification as rules
from cchc.core.errors import InvalidInput, Issue, NotFound
from cchc.core.levels import Block
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit

from . import permissions
from .choices import LevelChoices, ReminderAbout
from .inputs import gather
from .models import Proposal, Reminder

#: The blocks a proposal list is made for (today's two; districts before 1/7/2025).
BLOCKS = (Block.COMMUNE.value, Block.AGENCY.value, Block.DISTRICT.value)


def config() -> rules.Config:
    """The province's configuration, ``CCHC_CLASSIFICATION`` in the settings (every key optional):
    ``weights`` {input: weight}, ``bands`` [[floor, level], …], ``repeat_late`` {enabled, min_late,
    min_share, same_year} (seed 003), ``late_count`` {enabled, max_late, max_apologies} (DOMAIN §6),
    ``open_findings_cap`` (a level or None). Defaults [I]: cchc.core.classification, docs/classification.md."""
    given = getattr(settings, "CCHC_CLASSIFICATION", {}) or {}
    base = rules.Config()
    weights = {k: Decimal(str(v)) for k, v in given.get("weights", base.weights).items()}
    bands = tuple((Decimal(str(f)), rules.Level(lv)) for f, lv in given.get("bands", base.bands))
    repeat = dict(given.get("repeat_late", {}))
    if repeat.get("min_share") is not None:
        repeat["min_share"] = Decimal(str(repeat["min_share"]))
    cap = given.get("open_findings_cap", base.open_findings_cap)
    return rules.Config(weights=weights, bands=bands, repeat_late=rules.RepeatLateRule(**repeat),
                        late_count=rules.LateCountRule(**given.get("late_count", {})),
                        open_findings_cap=rules.Level(cap) if cap else None)


def province_of(user) -> int | None:
    """The province a user's lists are made for: their unit's, if they have one."""
    profile = getattr(user, "profile", None)
    unit = getattr(profile, "unit", None)
    return unit.province_id if unit is not None else None


def units_of(year: int, block: str, province_id: int | None) -> list[Unit]:
    """The units of ``block`` in force on the year's last day (on today, for the year under way)."""
    day = min(date(year, 12, 31), timezone.localdate())
    units = Unit.objects.valid_on(day).filter(block=block)
    if province_id is not None:
        units = units.filter(province_id=province_id)
    return list(units.order_by("name", "pk"))


@dataclass
class RunResult:
    created: int = 0
    updated: int = 0
    capped: list[str] = field(default_factory=list)


def run(*, user, year: int, block: str) -> RunResult:
    """Compute (again) the year's proposals of ``block``: each unit's inputs, level and caps, then the share
    cap of the version in force across the block. A confirmed level stays as the officer set it."""
    if block not in BLOCKS:
        raise InvalidInput([Issue(_("Khối không hợp lệ."), field="block")])
    try:
        version = rules.version_for_year(year)
    except ValueError:
        raise InvalidInput([Issue(_("Năm {year} trước NĐ 90/2020/NĐ-CP: không có quy định phân loại."),
                                  field="year", params={"year": year})]) from None
    units = units_of(year, block, province_of(user))
    conf = config()
    gathered = gather(year, block, units)
    proposals = {}
    for unit in units:
        inputs, monthly, reminders, snapshot = gathered[unit.pk]
        proposals[unit.pk] = (rules.propose(year, inputs, reminders, monthly, conf), snapshot)
    demoted = rules.apply_top_share(version, [rules.Ranked(u.pk, u.name, proposals[u.pk][0].score,
                                                           proposals[u.pk][0].level) for u in units])
    result = RunResult()
    with transaction.atomic():
        existing = {p.unit_id: p for p in Proposal.objects.filter(year=year, unit__in=units)}
        for unit in units:
            proposal, snapshot = proposals[unit.pk]
            caps = list(proposal.caps)
            level = proposal.level
            if unit.pk in demoted:
                caps.append(demoted[unit.pk])
                level = rules.at_most(level, demoted[unit.pk].at_most) if level else level
            if caps and level != proposal.base:
                result.capped.append(unit.name)
            row = existing.get(unit.pk) or Proposal(unit=unit, year=year)
            result.created += row.pk is None
            result.updated += row.pk is not None
            row.block, row.version, row.inputs = block, version.code, snapshot
            row.score, row.base_level = proposal.score, proposal.base.value if proposal.base else ""
            row.proposed_level = level.value if level else ""
            row.caps = [c.stored() for c in caps]
            row.save()
    return result


def listed(user, *, year: int, block: str) -> QuerySet[Proposal]:
    """The year's proposals of ``block`` the user may see (a focal point: their unit's only)."""
    rows = Proposal.objects.filter(year=year, block=block).select_related("unit", "confirmed_by")
    scope = permissions.unit_scope(user)
    if scope is not None:
        rows = rows.filter(unit_id=scope)
    return rows.order_by("unit__name", "pk")


def years_offered() -> list[int]:
    this = timezone.localdate().year
    stored = set(Proposal.objects.values_list("year", flat=True).distinct())
    return sorted(stored | {this, this - 1}, reverse=True)


def visible_proposal(user, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("unit", "confirmed_by").filter(pk=pk).first()
    if proposal is None or not permissions.can_view_unit(user, proposal.unit_id):
        raise NotFound(_("Không tìm thấy đề xuất phân loại."))
    return proposal


def confirm(*, user, proposal: Proposal, level: str, reason: str) -> Proposal:
    """The officer confirms the proposed level, or sets another with a reason (required when it differs)."""
    require(permissions.can_decide(user))
    if level not in LevelChoices.values:
        raise InvalidInput([Issue(_("Chọn một mức xếp loại."), field="level")])
    reason = reason.strip()
    if level != proposal.proposed_level and not reason:
        raise InvalidInput([Issue(_("Ghi rõ lý do khi xếp loại khác mức đề xuất."), field="reason")])
    proposal.confirmed_level, proposal.override_reason = level, reason
    proposal.confirmed_by, proposal.confirmed_at = user, timezone.now()
    proposal.save(update_fields=["confirmed_level", "override_reason", "confirmed_by", "confirmed_at"])
    return proposal


def record_reminder(*, user, unit: Unit, on: date, about: str, text: str, document: str = "",
                    dossier_codes: list[str] = (), kpi_code: str = "", period_kind: str = "",
                    period_start: date | None = None) -> Reminder:
    """Record a reminder given to ``unit``; the dossiers are named by their codes and must be the unit's."""
    issues = []
    if on > timezone.localdate():
        issues.append(Issue(_("Ngày nhắc nhở không được sau hôm nay."), field="on"))
    if about not in ReminderAbout.values:
        issues.append(Issue(_("Chọn nội dung nhắc nhở."), field="about"))
    if not text.strip():
        issues.append(Issue(_("Ghi nội dung nhắc nhở."), field="text"))
    codes = list(dict.fromkeys(c.strip() for c in dossier_codes if c.strip()))
    found = list(Dossier.objects.filter(unit=unit, code__in=codes)) if codes else []
    missing = sorted(set(codes) - {d.code for d in found})
    if missing:
        issues.append(Issue(_("Không có hồ sơ mã {codes} của đơn vị này."), field="dossiers",
                            params={"codes": ", ".join(missing[:10])}))
    if issues:
        raise InvalidInput(issues)
    with transaction.atomic():
        reminder = Reminder.objects.create(unit=unit, on=on, about=about, text=text.strip(), document=document.strip(),
                                           kpi_code=kpi_code, period_kind=period_kind if period_start else "",
                                           period_start=period_start, recorded_by=user)
        if found:
            reminder.dossiers.set(found)
    return reminder


def reminders_listed(user) -> QuerySet[Reminder]:
    rows = Reminder.objects.select_related("unit", "recorded_by").prefetch_related("dossiers")
    scope = permissions.unit_scope(user)
    if scope is not None:
        rows = rows.filter(unit_id=scope)
    return rows.order_by("-on", "-pk")
