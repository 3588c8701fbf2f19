"""The content of a periodic PAR report, for the province or one unit: the one place it is put together.

Who reports what (seeds 001, 003; issue #4): units report quarterly, at 6 months, at 9 months and at year
end to the People's Committee through the Department of Home Affairs (Sở Nội vụ), which reports on to the
Committee and the Ministry of Home Affairs. The province's report and a unit's own report are the same
document, scoped to the province or to the unit's subtree.

:func:`collect` reads the database once (plans, targets and thresholds, tasks and the history of their
progress, the stored KPI values) and returns a :class:`~cchc.documents.report_content.ReportContent`, a tree
of frozen dataclasses that cchc.documents renders (DOCX, XLSX annexes, PDF). It never scans dossiers: late
dossiers come from the KPI figures ``received``, ``ontime_rate``, ``late``, ``pending_overdue`` and
``late_without_apology`` (ARCHITECTURE "Scale").

Targets are evaluated by the one evaluation (cchc.plans.evaluation.evaluate_targets) on the year-to-date KPI
values that end with the period (Q1 → the quarter, Q2 → 6 months, Q3 → 9 months, Q4 → the year), as seen on
the day the report is made: until the period has ended and settled the verdicts are provisional ("tạm
tính") and the report says so with its as-of date. A task's progress is the last progress update reported
up to ``as_of`` (by default the last day of the period), so updates made later do not change an old report.
Units, areas and tasks are sorted in Python (Vietnamese alphabetical order, cchc.core.collation), never by
the database's collation.

The Decision 766 index of the period (issue #15) is the scoreboard's, never scored here: the scope's
scorecard total and, for the province, each unit of its subtree as the ranking of its block ranks it
(cchc.scoreboard.services), with the portal's published score beside it where an answer is imported
(cchc.scoreboard.inputs.published). A report of 6 or 9 months has no 766 period: the content says so
(``index766_period``) and the document prints one line instead of the section.

Choices made here [I]: in the body, a target's result is summarised per level of government (how many
units meet it, which are at risk or miss it, how many have no figure); the annexes list every unit. The
late-dossier table lists the units directly under the scope that have figures for the period, then the
scope's own figure (which includes its subordinate units and, through lineage, the units it took over).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cchc.analytics import services as analytics
from cchc.analytics.choices import kpi_name
from cchc.core import kpis, unit_refs
from cchc.core import reporting as reporting_rules
from cchc.core import tasks as task_rules
from cchc.core.collation import vi_sort_key
from cchc.core.errors import DomainError
from cchc.core.evaluation import Verdict
from cchc.core.i18n import keeping
from cchc.core.levels import UnitKind
from cchc.core.parsing import parse_decimal
from cchc.documents.report_content import (
    DOSSIER_KPIS,
    LEVELS,
    REPORTING_STATUSES,
    AreaNarrative,
    AreaSection,
    AssignmentRow,
    DossierRow,
    Index766Row,
    KpiColumn,
    KpiUnitRow,
    LevelSummary,
    PlanRef,
    ReportContent,
    ReportingRow,
    TargetResult,
    TaskResult,
    UnitTargetStatus,
    _code_key,
    _value_text,
    period_name,
)
from cchc.documents.vietnamese import format_date_short
from cchc.plans import evaluation
from cchc.plans.models import Measure, Plan, ProgressUpdate
from cchc.scoreboard import inputs as scoreboard_inputs
from cchc.scoreboard import services as scoreboard
from cchc.units.models import Unit, UnitLink
from cchc.units.services import UnitResolver

#: For refusals: they keep their message id and parameters (the document job stores them, cchc.reporting.documents).
_kept = keeping(gettext)

KIND_ORDER = {UnitKind.PROVINCE: 0, UnitKind.DEPARTMENT: 1, UnitKind.DISTRICT: 2, UnitKind.COMMUNE: 3}


def _unit_key(unit: Unit) -> tuple[int, tuple[str, str], str]:
    return KIND_ORDER.get(UnitKind(unit.kind), 9), vi_sort_key(unit.name), unit.code


_NUMBER = re.compile(r"[-+]?\d[\d.,]*")


_GROUPED = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


def _parse_measure(text: str) -> Decimal | None:
    """The number a unit typed for a manual measure ("25", "25 phút", "85,5%", "1.234" as Vietnamese
    writes 1234); None when there is none."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    token = match.group(0).rstrip(".,")
    if _GROUPED.fullmatch(token):
        token = token.replace(".", "")
    try:
        return parse_decimal(token)
    except ValueError:
        return None


def _local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# --- Collecting -----------------------------------------------------------------------------------


def _check_period(kind: str, start: date, end: date) -> None:
    if kind not in reporting_rules.REPORTING_KINDS:
        raise DomainError(_kept("Loại kỳ báo cáo không hợp lệ: {kind}. Chọn quý, 6 tháng, 9 tháng hoặc năm.").format(
            kind=kind))
    if (start, end) not in kpis.periods_of(start.year, kind):
        names = {"quarter": _("quý"), "half": _("6 tháng"), "nine_months": _("9 tháng"), "year": _("năm")}
        raise DomainError(_kept("Kỳ báo cáo từ {start} đến {end} không khớp với kỳ {kind} nào của năm {year}.").format(
            start=format_date_short(start), end=format_date_short(end), kind=names[kind], year=start.year))


def _subtree(scope: Unit, start: date, end: date) -> list[Unit]:
    """The scope and every unit under it (through ``parent``) that existed during the period, sorted."""
    province_id = scope.province_id or scope.pk
    everyone = list(Unit.objects.filter(province_id=province_id))
    if scope.pk not in {u.pk for u in everyone}:
        everyone.append(scope)
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in everyone:
        children[unit.parent_id].append(unit)
    found: list[Unit] = []
    stack = [scope]
    seen: set[int] = set()
    while stack:
        unit = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        found.append(unit)
        stack.extend(children.get(unit.pk, ()))
    valid = [u for u in found if (u.valid_from is None or u.valid_from <= end) and (u.valid_to is None or u.valid_to >= start)]
    return sorted(valid, key=_unit_key)


def _default_plans(scope: Unit, year: int) -> list[Plan]:
    """The plans of the scope's province for the year, and of the provinces it took over (a province
    formed on 1/7/2025 reports on its predecessors' plans of 2025)."""
    province_id = scope.province_id or scope.pk
    provinces = {province_id} | set(
        UnitLink.objects.filter(successor_id=province_id).values_list("predecessor_id", flat=True))
    return list(Plan.objects.filter(province_id__in=provinces, year=year).order_by("code"))


def _areas_of(plans: Sequence[Plan]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for plan in plans:
        for area in plan.areas.all():  # ordered by `order`
            seen.setdefault(area.code, area.name)
    return list(seen.items()) if seen else list(reporting_rules.DEFAULT_AREAS)


def _level_summaries(statuses: list[UnitTargetStatus]) -> tuple[LevelSummary, ...]:
    out = []
    for level in LEVELS:
        rows = [s for s in statuses if s.level == level]
        if not rows:
            continue
        thresholds = sorted({s.threshold for s in rows})
        out.append(LevelSummary(
            level=level, comparator=rows[0].comparator, threshold=thresholds[0], units=len(rows),
            met=sum(1 for s in rows if s.verdict == Verdict.MET),
            at_risk_units=tuple(s.unit_name for s in rows if s.verdict == Verdict.AT_RISK),
            missed_units=tuple(s.unit_name for s in rows if s.verdict == Verdict.MISSED),
            no_data=sum(1 for s in rows if s.verdict == Verdict.NO_DATA),
        ))
    return tuple(out)


def _manual_index(manual_measures: Iterable[tuple[str, str, str]], units: list[Unit], start: date,
                  end: date) -> dict[tuple[str, int], str]:
    """(target code, unit id) → value text; a unit is named by its key, code or name (the one rule,
    cchc.units.services.UnitResolver, over the scope's units: no query). A unit outside the scope is not
    this report's; a name two units of the scope share is refused (AmbiguousUnit, naming them)."""
    resolver = UnitResolver(units)
    index: dict[tuple[str, int], str] = {}
    for code, unit_ref, value in manual_measures:
        choice = resolver.choose(str(unit_ref), (start, end))
        if choice.outcome == unit_refs.Outcome.AMBIGUOUS:
            raise resolver.problem(str(unit_ref).strip(), choice, (start, end))
        if choice.id is not None:
            index[(str(code).strip(), choice.id)] = str(value).strip()
    return index


def _targets(plans: Sequence[Plan], units: list[Unit], start: date, end: date, today: date,
             manual: dict[tuple[str, int], str]) -> tuple[dict[str, list[TargetResult]], datetime | None, bool]:
    """Every target of the plans in force during the period, evaluated for the units it applies to by the
    one evaluation (cchc.plans.evaluation.evaluate_targets) on the year-to-date values ending with the
    period, as seen on ``today``; with the latest stamp of the values used and whether any verdict is
    provisional."""
    targets = [t for plan in plans for t in plan.targets.select_related("area", "plan").prefetch_related("thresholds")
               if (t.valid_from is None or t.valid_from <= end) and (t.valid_to is None or t.valid_to >= start)]
    texts = {(t.pk, u.pk): manual.get((t.code, u.pk), "") for t in targets if t.measure != Measure.KPI or not t.kpi_code
             for u in units}
    results = evaluation.evaluate_targets(targets, units, evaluation.Window(end, today),
                                          manual={key: _parse_measure(text) for key, text in texts.items()})
    by_area: dict[str, list[TargetResult]] = defaultdict(list)
    stamps: list[datetime] = []
    provisional = False
    for target in targets:
        statuses = []
        for r in results.get(target.pk, ()):
            e, unit = r.evaluation, r.unit
            provisional = provisional or e.provisional
            if r.as_of is not None:
                stamps.append(r.as_of)
            text = texts.get((target.pk, unit.pk)) or _value_text(e.value, target.unit_of_measure)
            statuses.append(UnitTargetStatus(
                unit_code=unit.code, unit_name=unit.name, level=unit.level, comparator=target.comparator,
                threshold=e.threshold, value=e.value, value_text=text, projection=e.projection,
                verdict=e.verdict.value,
            ))
        by_area[target.area.code].append(TargetResult(
            code=target.code, text=target.text, measure=target.measure, kpi_code=target.kpi_code,
            unit_of_measure=target.unit_of_measure, comparator=target.comparator,
            levels=_level_summaries(statuses), units=tuple(statuses),
        ))
    return by_area, (max(stamps) if stamps else None), provisional


def _tasks(plans: Sequence[Plan], units: list[Unit], scope_is_province: bool,
           as_of: date) -> dict[str, list[TaskResult]]:
    """Each task's assignments to units of the scope, with the progress last reported up to ``as_of``."""
    unit_ids = {u.pk for u in units}
    tasks = [t for plan in plans for t in plan.tasks.select_related("area").prefetch_related("assignments__unit")]
    assignments = {a.pk: a for t in tasks for a in t.assignments.all() if a.unit_id in unit_ids}
    cutoff = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time()))
    reported: dict[int, tuple[int, datetime]] = {}
    if assignments:
        for assignment_id, progress, created_at in (
            ProgressUpdate.objects.filter(assignment_id__in=list(assignments), created_at__lt=cutoff)
            .order_by("assignment_id", "created_at", "pk").values_list("assignment_id", "progress", "created_at")
        ):
            reported[assignment_id] = (progress, created_at)  # the last one wins
    by_area: dict[str, list[TaskResult]] = defaultdict(list)
    for task in sorted(tasks, key=lambda t: (t.plan_id, t.order, _code_key(t.code))):
        rows = []
        for assignment in sorted((a for a in task.assignments.all() if a.pk in assignments),
                                 key=lambda a: _unit_key(a.unit)):
            progress, created_at = reported.get(assignment.pk, (0, None))
            rows.append(AssignmentRow(
                unit_code=assignment.unit.code, unit_name=assignment.unit.name, progress=progress,
                status=task_rules.status_of(progress, task.deadline, as_of).value,
                updated_on=timezone.localtime(created_at).date() if created_at is not None else None,
            ))
        if not rows and not scope_is_province:
            continue
        rollup = task_rules.rollup([r.progress for r in rows], task.deadline, as_of)
        by_area[task.area.code].append(TaskResult(
            code=task.code, title=task.title, deadline=task.deadline, expected_output=task.expected_output,
            progress=rollup.progress, status=rollup.status.value, units=rollup.units, units_done=rollup.units_done,
            assignments=tuple(rows),
        ))
    return by_area


def _as_int(value: analytics.Figure | None) -> int | None:
    if value is None or value.value is None:
        return None
    return int(value.value)


def _dossier_row(unit: Unit, found: dict[str, analytics.Figure]) -> DossierRow:
    rate = found.get("ontime_rate")
    return DossierRow(
        unit_code=unit.code, unit_name=unit.name, received=_as_int(found.get("received")),
        ontime_rate=rate.value if rate is not None else None, late=_as_int(found.get("late")),
        pending_overdue=_as_int(found.get("pending_overdue")),
        late_without_apology=_as_int(found.get("late_without_apology")),
    )


#: The periods the Decision 766 index is scored and published for (the portal: month, quarter, year); a
#: report of 6 or 9 months has none, and says so (par_report).
INDEX766_KINDS = ("month", "quarter", "year")


def _index766(scope: Unit, units: list[Unit], kind: str, start: date) -> tuple[Index766Row, ...]:
    """The Decision 766 index of the period for the report's scope, from the scoreboard (never scored again
    here): for the province its own total (its scorecard, with the portal's published overview), then each
    unit of the subtree that the ranking of its block ranks, block after block in rank order, with the rank
    and the size of the block as the ranking page shows them (services.ranked_cached, the list block_rank
    reads); for a unit its own total and rank (services.scorecard, services.block_rank). The portal's
    published score and rank within the block sit beside, where an answer for the period is imported."""
    stamp = analytics.values_stamp(kind)
    card = scoreboard.scorecard(scope, kind, start)
    own = card.total
    if scope.kind == UnitKind.PROVINCE:
        overview = scoreboard_inputs.published_overview(kind, start)
        rows = [Index766Row(scope.code, scope.name, scope.block or "province", own.points, own.available, own.max,
                            None, None, overview[0] if overview else None, None, overview[1] if overview else None)]
        ids = {u.pk for u in units if u.pk != scope.pk}
        codes = {u.pk: u.code for u in units}
        ranked = []
        for block in scoreboard.blocks_offered(kind, start, stamp):
            listed = scoreboard.ranked_cached(kind, start, block, stamp)
            ranked += [(r, len(listed)) for r in listed if r.unit.pk in ids]
        published = scoreboard_inputs.published(kind, start, [r.unit.pk for r, _n in ranked]) if ranked else {}
        for r, of_n in ranked:
            p = published.get(r.unit.pk)
            rows.append(Index766Row(codes[r.unit.pk], r.unit.name, r.unit.block, r.total.points, r.total.available,
                                    r.total.max, r.rank, of_n, p.total if p else None, p.group_rank if p else None,
                                    p.run_date if p else None))
        return tuple(rows)
    placed = scoreboard.block_rank(scope, kind, start, stamp)
    p = scoreboard_inputs.published(kind, start, [scope.pk]).get(scope.pk)
    return (Index766Row(scope.code, scope.name, scope.block, own.points, own.available, own.max,
                        placed[0] if placed else None, placed[1] if placed else None, p.total if p else None,
                        p.group_rank if p else None, p.run_date if p else None),)


def unit_index766(unit: Unit, kind: str, start: date) -> Index766Row | None:
    """The unit's own Decision 766 row of the period, as the report's section prints it first (its total,
    rank within the block and the portal's published score); None for a period the index has none of."""
    if kind not in INDEX766_KINDS:
        return None
    return _index766(unit, [unit], kind, start)[0]


def collect(*, scope: Unit, kind: str, start: date, end: date, plans: list[Plan] | None = None,
            reporting: Sequence[ReportingRow] = (), narratives: dict[str, AreaNarrative] | None = None,
            manual_measures: Sequence[tuple[str, str, str]] = (), number: int | None = None, symbol: str = "BC-SNV",
            issued_on: date, place: str, issuer: str, issuer_parent: str, signer_title: str, signer_name: str,
            recipients: list[str] | None = None, authority_lines: Sequence[str] = (),
            kinh_gui: Sequence[str] = (), as_of: date | None = None, today: date | None = None,
            language: str = "vi") -> ReportContent:
    """Read everything the report of ``scope`` for the period prints (see the module's docstring).

    - ``kind``/``start``/``end``: a period of cchc.core.kpis.periods_of, kind quarter, half,
      nine_months or year; anything else is refused with a DomainError.
    - ``plans``: the plans reported on; by default the scope's province's plans of the year (and those
      of the provinces it took over). Without any plan the body still has the seven standard areas.
    - ``reporting``: the units' reporting timeliness; ``narratives``: per area code; ``manual_measures``:
      (target code, unit name or code, value text) for the targets no system computes.
    - ``as_of``: task progress as reported up to this day (default: the period's last day).
    - ``today``: the day the targets are evaluated on (default: today); until the period is final the
      verdicts are provisional and the content says so (``provisional``, ``evaluated_on``).
    - ``recipients``: the "Nơi nhận" lines (default: the Ministry and the People's Committee for the
      province's report, the Department of Home Affairs for a unit's, then "Lưu: VT").
    - ``signer_title`` may hold several lines ("KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"); ``authority_lines`` go above it.
    """
    # Refusals are in the user's language; the document itself in ``language``.
    _check_period(kind, start, end)
    for status in sorted({r.status for r in reporting} - set(REPORTING_STATUSES)):
        raise DomainError(_kept("Trạng thái gửi báo cáo không hợp lệ: {status}.").format(status=status))
    if (scope.valid_to is not None and scope.valid_to < start) or (
            scope.valid_from is not None and scope.valid_from > end):
        # the period's name is a kept message too, so a stored refusal names it in the reader's language
        raise DomainError(_kept("{unit} không tồn tại trong kỳ báo cáo {period}.").format(
            unit=scope.name, period=kpis.period_label(kind, start, _kept)))
    with translation.override(language):
        as_of = as_of or end
        units = _subtree(scope, start, end)
        scope_is_province = scope.kind == UnitKind.PROVINCE
        plan_list = list(plans) if plans is not None else _default_plans(scope, start.year)
        narratives = narratives or {}

        today = today or timezone.localdate()
        targets, target_stamp, provisional = _targets(plan_list, units, start, end, today,
                                                      _manual_index(manual_measures, units, start, end))
        tasks = _tasks(plan_list, units, scope_is_province, as_of)
        areas = tuple(
            AreaSection(code=code, name=reporting_rules.area_name(name), targets=tuple(targets.get(code, ())), tasks=tuple(tasks.get(code, ())),
                        narrative=narratives.get(code) or AreaNarrative())
            for code, name in _areas_of(plan_list)
        )

        # KPI figures of the period: one query for the table in the body and the annex.
        columns = tuple(KpiColumn(d.code, kpi_name(d), d.unit) for d in kpis.catalogue_on(end))
        stored: dict[int, dict[str, analytics.Figure]] = defaultdict(dict)
        for value in analytics.values_for(codes=[c.code for c in columns], period_kind=kind, period_start=start,
                                          units=[u.pk for u in units]):
            stored[value.unit_id][value.kpi_code] = value
        kpi_rows = []
        for unit in units:
            found = stored.get(unit.pk, {})
            stamps = [v.as_of for v in found.values()]
            kpi_rows.append(KpiUnitRow(
                unit_code=unit.code, unit_name=unit.name, level=unit.level,
                values=tuple(found[c.code].value if c.code in found else None for c in columns),
                as_of=_local(min(stamps)) if stamps else None,
            ))
        children = [u for u in units if u.parent_id == scope.pk]
        with_figures = [u for u in children if any(code in stored.get(u.pk, {}) for code in DOSSIER_KPIS)]
        dossier_rows = tuple(_dossier_row(u, stored[u.pk]) for u in with_figures)
        total = _dossier_row(scope, stored[scope.pk]) if any(c in stored.get(scope.pk, {}) for c in DOSSIER_KPIS) else None
        stamps = [v.as_of for found in stored.values() for v in found.values()]
        if target_stamp is not None:
            stamps.append(target_stamp)

        index766 = _index766(scope, units, kind, start) if kind in INDEX766_KINDS else ()

        if recipients is None:
            recipients = ([_("Bộ Nội vụ"), _("Ủy ban nhân dân tỉnh"), _("Lưu: VT")] if scope_is_province
                          else [_("Sở Nội vụ"), _("Lưu: VT")])
        reporting_rows = tuple(sorted(
            (ReportingRow(r.unit_name.strip(), r.status, r.submitted_on) for r in reporting),
            key=lambda r: (REPORTING_STATUSES.index(r.status), vi_sort_key(r.unit_name))))
        name = period_name(kind, start)
        return ReportContent(
            scope_code=scope.code, scope_name=scope.name, scope_kind=scope.kind, kind=kind, start=start, end=end,
            period_name=name,
            subject=_("Kết quả thực hiện công tác cải cách hành chính {period}").format(period=name),
            number=number, symbol=symbol.strip(), issued_on=issued_on, place=place.strip(), issuer=issuer.strip(),
            issuer_parent=issuer_parent.strip(), signer_title=signer_title.strip(), signer_name=signer_name.strip(),
            authority_lines=tuple(line.strip() for line in authority_lines if line.strip()),
            recipients=tuple(r.strip() for r in recipients if r.strip()),
            kinh_gui=tuple(k.strip() for k in kinh_gui if k.strip()),
            plans=tuple(PlanRef(p.code, p.document_kind, p.document_number, p.document_date, p.title,
                                         p.illustrative) for p in plan_list),
            as_of=as_of, kpi_as_of=_local(max(stamps)) if stamps else None, areas=areas,
            provisional=provisional, evaluated_on=today,
            dossier_rows=dossier_rows, dossier_total=total, units_without_dossier_figures=len(children) - len(with_figures),
            reporting=reporting_rows, kpi_columns=columns, kpi_rows=tuple(kpi_rows),
            index766=index766, index766_period=kind in INDEX766_KINDS,
        )
