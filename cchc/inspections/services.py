"""Use cases of inspections (issue 14 item 1): draw a plan for a year and a block (``draw_plan``), add or
swap units with a reason, draw the unannounced inspections, record an inspection, its findings and its
results notice, let the unit report its remediation and the inspector close it; what a user may see.

Every change goes to the audit trail (the models are registered with django-auditlog, cchc/inspections/
apps.py) and rewrites the two recorded KPIs of the plan's province and year (cchc.inspections.figures). The record's use cases (record,
findings, notice, remediation) are in cchc.inspections.records.
The rules (risk score, sample, coverage, remediation within the year) are cchc.core.inspection's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.analytics import services as analytics
from cchc.core import inspection as rules
from cchc.core.errors import DomainError, InvalidInput, Issue, NotFound
from cchc.core.integrity import RULE_CODES
from cchc.core.levels import Level, UnitKind, level_of
from cchc.core.targets import Threshold, threshold_for
from cchc.parindex.results import last_results as last_par_results
from cchc.plans.models import Target
from cchc.units.models import Unit

from . import permissions
from .choices import ChosenBy, InspectionStatus, PlanStatus, RemediationStatus
from .figures import FindingsSummary, findings_summary, refresh_for, remediation_items_due
from .models import Inspection, InspectionPlan, PlanUnit, RemediationItem

__all__ = ["FindingsSummary", "findings_summary", "remediation_items_due", "draw_plan"]


# --- Risk inputs and the draw ----------------------------------------------------------------------


def reference_day(year: int, today: date | None = None) -> date:
    """The day whose units a plan of ``year`` draws from: today, within the year."""
    today = today or timezone.localdate()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def block_units(province: Unit, block: str, year: int, today: date | None = None) -> list[Unit]:
    """The units of ``province`` in ``block`` valid on the plan's reference day, by name."""
    day = reference_day(year, today)
    return list(Unit.objects.filter(province=province, block=block).exclude(kind=UnitKind.PROVINCE)
                .valid_on(day).order_by("name", "pk"))


def share_from_targets(province: Unit, year: int, block: str) -> tuple[Decimal, str]:
    """The share to inspect: the threshold of the year's plan target on ``inspection_coverage_rate`` for the
    block's level (seed 000: "ít nhất 30%"), else ``DEFAULT_SHARE``; with where it came from."""
    kind = {"agency": UnitKind.DEPARTMENT, "commune": UnitKind.COMMUNE, "district": UnitKind.DISTRICT}.get(block)
    level = level_of(kind) if kind else Level.PROVINCE
    for target in (Target.objects.filter(plan__province=province, plan__year=year, kpi_code="inspection_coverage_rate")
                   .select_related("plan").prefetch_related("thresholds").order_by("plan__code", "code")):
        if level.value not in target.applies_to:
            continue
        found = threshold_for([Threshold(t.level, t.value, t.valid_from, t.valid_to) for t in target.thresholds.all()],
                              level.value, date(year, 12, 31))
        if found is not None and Decimal(0) < Decimal(found.value) <= 100:
            return (Decimal(found.value) / 100).quantize(Decimal("0.001")), _("chỉ tiêu {code} của {plan}").format(
                code=target.code, plan=target.plan.code)
    return rules.DEFAULT_SHARE, _("mặc định (KH 122/KH-UBND: ít nhất 30%)")


@dataclass(frozen=True)
class Gathered:
    units: list[Unit]
    inputs: list[rules.UnitInputs]


def gather_inputs(province: Unit, block: str, year: int, today: date | None = None) -> Gathered:
    """Each unit's risk inputs for a plan of ``year``: the previous year's stored figures (on-time rate,
    late dossiers without apology, integrity flags: cchc.analytics.services.values_for), the unit's last
    published PAR index result of a season of the previous year or before (cchc.parindex.results.last_results;
    none: not available, no weight), the findings still open now and the years since the unit's last
    inspection held (never: full risk)."""
    units = block_units(province, block, year, today)
    ids = [u.pk for u in units]
    last = date(year - 1, 1, 1)
    figures: dict[tuple[int, str], object] = {}
    for f in analytics.values_for(codes=("ontime_rate", "late_without_apology", *RULE_CODES), period_kind="year",
                                  period_start=last, units=ids):
        figures[(f.unit_id, f.kpi_code)] = f.value if f.kpi_code == "ontime_rate" else f.numerator
    open_findings: dict[int, int] = {}
    for owner in RemediationItem.objects.filter(owner_id__in=ids).exclude(status=RemediationStatus.CLOSED).values_list(
            "owner_id", flat=True):
        open_findings[owner] = open_findings.get(owner, 0) + 1
    par_index = last_par_results(ids, year - 1)
    last_held: dict[int, int] = {}
    for unit_id, held in (Inspection.objects.filter(plan_unit__unit_id__in=ids, held_on__year__lt=year)
                          .exclude(status=InspectionStatus.PLANNED).values_list("plan_unit__unit_id", "held_on")):
        last_held[unit_id] = max(last_held.get(unit_id, 0), held.year)
    inputs = []
    for u in units:
        flags = [figures[(u.pk, c)] for c in RULE_CODES if figures.get((u.pk, c)) is not None]
        late = figures.get((u.pk, "late_without_apology"))
        inputs.append(rules.UnitInputs(
            u.pk, ontime_rate=figures.get((u.pk, "ontime_rate")),  # type: ignore[arg-type]
            late_without_apology=late,  # type: ignore[arg-type]
            integrity_flags=sum(flags) if flags else None,  # type: ignore[arg-type]
            par_index=par_index[u.pk].index_value if u.pk in par_index else None,
            unremedied_findings=open_findings.get(u.pk, 0),
            years_since_inspected=(year - last_held[u.pk]) if u.pk in last_held else None))
    return Gathered(units, inputs)


def _snapshot(score: rules.RiskScore) -> dict:
    """The risk inputs as drawn, kept with the unit (JSON): value, risk in [0, 1], weight; and the missing."""
    return {
        "parts": {k: {"value": None if p.value is None else str(p.value), "risk": str(p.risk.quantize(Decimal("0.0001"))),
                      "weight": str(p.weight)} for k, p in score.parts.items()},
        "missing": list(score.missing),
    }


def _clean_share(value, field: str, *, zero_ok: bool) -> Decimal:
    try:
        share = Decimal(str(value))
    except ArithmeticError:
        raise InvalidInput([Issue(_("Giá trị không hợp lệ."), field=field)]) from None
    low_ok = share >= 0 if zero_ok else share > 0
    if not share.is_finite() or not low_ok or share > 1:
        raise InvalidInput([Issue(_("Tỷ lệ phải trong khoảng 0–100%."), field=field)])
    return share


@transaction.atomic
def draw_plan(*, user, province: Unit, year: int, block: str, share: Decimal | None = None,
              random_share: Decimal | None = None, weights: dict | None = None, seed: str | None = None,
              today: date | None = None) -> InspectionPlan:
    """Draw the inspection plan of ``year`` for one ``block`` of ``province``: score every unit of the block
    (cchc.core.inspection.risk_scores with ``weights``), take ⌈share × units⌉ of them, the riskiest and a
    random part drawn with ``seed`` (a new random one when not given; recorded on the plan, so the same seed
    draws the same units again: cchc.core.inspection.draw_sample). The share defaults to the year's plan
    target (``share_from_targets``). One plan per province, year and block."""
    require(permissions.can_manage_plans(user))
    if InspectionPlan.objects.filter(province=province, year=year, block=block).exists():
        raise DomainError(_("Đã có kế hoạch kiểm tra năm {year} cho khối này.").format(year=year))
    share = _clean_share(share if share is not None else share_from_targets(province, year, block)[0], "share",
                         zero_ok=False)
    random_share = _clean_share(rules.DEFAULT_RANDOM_SHARE if random_share is None else random_share, "random_share",
                                zero_ok=True)
    try:
        checked = rules.check_weights(rules.DEFAULT_WEIGHTS if weights is None else weights)
    except ValueError as exc:
        raise InvalidInput([Issue(_("Trọng số không hợp lệ: {detail}.").format(detail=exc), field="weights")]) from None
    seed = (seed or "").strip() or secrets.token_hex(4)
    gathered = gather_inputs(province, block, year, today)
    if not gathered.units:
        raise DomainError(_("Khối này không có đơn vị nào để rút mẫu."))
    scores = {s.unit_id: s for s in rules.risk_scores(gathered.inputs, checked)}
    picks = rules.draw_sample(list(scores.values()), share=share, random_share=random_share, seed=seed)
    plan = InspectionPlan.objects.create(
        province=province, year=year, block=block, share=share, random_share=random_share, seed=seed,
        weights={k: str(v) for k, v in checked.items()}, drawn_by=user)
    for pick in picks:
        _add(plan, pick.unit_id, pick.how, "", scores[pick.unit_id])
    refresh_for(plan)
    return plan


def _add(plan: InspectionPlan, unit_id: int, how: str, reason: str, score: rules.RiskScore | None, *,
         replaces: PlanUnit | None = None, seed: str = "") -> PlanUnit:
    row = PlanUnit.objects.create(plan=plan, unit_id=unit_id, chosen_by=how, reason=reason, replaces=replaces, seed=seed,
                                  risk_score=score.score if score else None,
                                  risk_inputs=_snapshot(score) if score else {})
    Inspection.objects.create(plan_unit=row)
    return row


def scores_now(plan: InspectionPlan) -> dict[int, rules.RiskScore]:
    """Every unit of the plan's block scored now with the plan's weights (for adding or swapping)."""
    gathered = gather_inputs(plan.province, plan.block, plan.year)
    return {s.unit_id: s for s in rules.risk_scores(gathered.inputs, plan.weights)}


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput([Issue(_("Ghi rõ lý do."), field="reason")])
    return reason


def _candidate(plan: InspectionPlan, unit: Unit) -> None:
    if unit.province_id != plan.province_id or unit.block != plan.block:
        raise InvalidInput([Issue(_("Đơn vị không thuộc khối của kế hoạch."), field="unit")])
    if plan.units.filter(unit=unit).exists():
        raise InvalidInput([Issue(_("Đơn vị đã có trong kế hoạch."), field="unit")])


@transaction.atomic
def add_unit(*, user, plan: InspectionPlan, unit: Unit, reason: str) -> PlanUnit:
    """The officer adds a unit to the plan, with a reason."""
    require(permissions.can_manage_plans(user))
    reason = _reason(reason)
    _candidate(plan, unit)
    row = _add(plan, unit.pk, ChosenBy.ADDED, reason, scores_now(plan).get(unit.pk))
    refresh_for(plan)
    return row


@transaction.atomic
def swap_unit(*, user, plan_unit: PlanUnit, unit: Unit, reason: str) -> PlanUnit:
    """The officer replaces a unit not yet inspected by another, with a reason: the first stays in the plan,
    withdrawn, with the reason; the second comes in as "swapped"."""
    require(permissions.can_manage_plans(user))
    reason = _reason(reason)
    plan = plan_unit.plan
    if plan_unit.withdrawn:
        raise DomainError(_("Đơn vị này đã được rút khỏi kế hoạch."))
    if plan_unit.inspection.status != InspectionStatus.PLANNED:
        raise DomainError(_("Đơn vị đã được kiểm tra, không thể thay thế."))
    _candidate(plan, unit)
    plan_unit.withdrawn = True
    plan_unit.withdrawn_reason = reason
    plan_unit.save()
    row = _add(plan, unit.pk, ChosenBy.SWAPPED, reason, scores_now(plan).get(unit.pk), replaces=plan_unit)
    refresh_for(plan)
    return row


@transaction.atomic
def draw_unannounced(*, user, plan: InspectionPlan, count: int = rules.DEFAULT_UNANNOUNCED) -> list[PlanUnit]:
    """Add ``count`` unannounced inspections drawn at random among the block's units not in the plan (the
    n-th such draw of a plan uses the seed "<plan seed>:u<n>", kept with each unit drawn, so it can be
    reproduced)."""
    require(permissions.can_manage_plans(user))
    if count < 1:
        raise InvalidInput([Issue(_("Số đơn vị phải từ 1 trở lên."), field="count")])
    rounds = plan.units.filter(chosen_by=ChosenBy.UNANNOUNCED).values("seed").distinct().count()
    seed = f"{plan.seed}:u{rounds + 1}"
    candidates = [u.pk for u in block_units(plan.province, plan.block, plan.year)]
    picked = rules.unannounced_picks(candidates, already=plan.units.values_list("unit_id", flat=True), count=count,
                                     seed=seed)
    if not picked:
        raise DomainError(_("Không còn đơn vị nào ngoài kế hoạch để kiểm tra đột xuất."))
    scores = scores_now(plan)
    rows = [_add(plan, unit_id, ChosenBy.UNANNOUNCED, "", scores.get(unit_id), seed=seed) for unit_id in picked]
    refresh_for(plan)
    return rows


@transaction.atomic
def issue_plan(*, user, plan: InspectionPlan, number: int | None = None) -> InspectionPlan:
    """The officer issues the drawn plan (its document number, if given, goes on the DOCX). Units may still
    be added or swapped afterwards, each with its reason, in the audit trail."""
    require(permissions.can_manage_plans(user))
    if plan.status == PlanStatus.ISSUED:
        raise DomainError(_("Kế hoạch đã được ban hành."))
    plan.status, plan.number = PlanStatus.ISSUED, number
    plan.save()
    return plan


# --- What a user sees --------------------------------------------------------------------------------


def visible_inspections(user):
    require(permissions.can_list(user))
    rows = Inspection.objects.select_related("plan_unit", "plan_unit__unit", "plan_unit__plan").filter(
        plan_unit__withdrawn=False)
    scope = permissions.unit_scope(user)
    return rows if scope is None else rows.filter(plan_unit__unit_id=scope)


def visible_inspection(user, pk: int) -> Inspection:
    require(permissions.can_list(user))
    found = (Inspection.objects.select_related("plan_unit", "plan_unit__unit", "plan_unit__plan",
                                               "plan_unit__plan__province").filter(pk=pk).first())
    if found is None:
        raise NotFound(_("Không có cuộc kiểm tra mã {id}.").format(id=pk))
    require(permissions.can_view_unit(user, found.plan_unit.unit_id))
    return found


def visible_items(user):
    require(permissions.can_list(user))
    rows = RemediationItem.objects.select_related("owner", "finding", "finding__inspection__plan_unit__plan")
    scope = permissions.unit_scope(user)
    return rows if scope is None else rows.filter(owner_id=scope)


def visible_item(user, pk: int) -> RemediationItem:
    require(permissions.can_list(user))
    item = (RemediationItem.objects.select_related("owner", "finding", "finding__inspection__plan_unit__unit",
                                                   "finding__inspection__plan_unit__plan", "submitted_by", "closed_by")
            .filter(pk=pk).first())
    if item is None:
        raise NotFound(_("Không có việc khắc phục mã {id}.").format(id=pk))
    require(permissions.can_view_unit(user, item.owner_id))
    return item


def visible_plan(user, pk: int) -> InspectionPlan:
    require(permissions.can_view_plans(user))
    plan = InspectionPlan.objects.select_related("province", "drawn_by").filter(pk=pk).first()
    if plan is None:
        raise NotFound(_("Không có kế hoạch kiểm tra mã {id}.").format(id=pk))
    return plan

