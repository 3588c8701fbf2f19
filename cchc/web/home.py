"""The home page of each role (issue #12, item 1): "what must I do today, and what is off track?".

Each item is a sentence with a count and a link to the page where the work is done, and its count is that
page's own list, read through the same function (one truth, tests/web/test_home.py):

* a unit's focal point: its reports of the open periods (due date, state, the reviewer's comments when
  returned: reporting), the corrective actions waiting for its answer (corrective.services.listed), its
  overdue and soon-due tasks (plans: status_counts, AssignmentQuerySet.due_soon), its dossiers due soon or
  overdue (the near-due page's near_due_lists: a bounded read of the open dossiers by due date) and its late
  dossiers without an apology (the stored figure late_without_apology, the one its report prints, linked
  to that figure's own list of dossiers: cchc.dashboard.figures.figure_dossiers), and the
  targets it misses or may miss (the one evaluation, through the dashboard's services);
* the PAR officer (and the administrator): the reports waiting for review and the units late or missing
  in each open period (reporting.services.period_overview, the period page's table), the corrective actions
  waiting for confirmation, the failed or partly refused imports, the targets units miss and the bottom of
  each block of the Decision 766 ranking (the dashboard's services over the scoreboard's ranking);
* an inspector: what is off track province-wide (the parts of the PAR officer's home they may open);
* a leader: no home of their own: the dashboard (``home_for`` returns None and the view redirects).
* a PAR index appraiser: no home of their own: the appraisal queue (the view redirects before ``home_for``).

Nothing here scans the dossiers: dossier counts come from stored KPI values or from the near-due page's
bounded, indexed read. The view (cchc.web.views.home) only renders what ``home_for`` assembles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.accounts import permissions
from cchc.accounts.choices import Role
from cchc.analytics import services as analytics
from cchc.core import reporting as report_rules
from cchc.core.evaluation import Verdict
from cchc.core.tasks import NEAR_DUE_DAYS, TaskStatus
from cchc.corrective import permissions as corrective_permissions
from cchc.corrective import services as corrective
from cchc.corrective.choices import ActionState
from cchc.dashboard import services as dashboard
from cchc.dossiers.models import Dossier, ImportJob
from cchc.dossiers.permissions import can_follow_import, dossier_unit_scope
from cchc.dossiers.views import near_due_lists
from cchc.plans.choices import VerdictChoices
from cchc.plans.models import Assignment
from cchc.plans.services import status_counts
from cchc.reporting import permissions as reporting_permissions
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportEvent, ReportingPeriod, ReportState, UnitReport
from cchc.units.choices import RANKED_BLOCKS, block_label
from cchc.units.models import Unit

#: Imports looked back on for failures (days), and how many are shown.
IMPORT_DAYS, IMPORTS_SHOWN = 30, 10
#: Units shown at the bottom of each 766 block.
BOTTOM_SIZE = 3
#: Targets of the focal point's unit shown (missed first, then at risk).
TARGETS_SHOWN = 10
#: The report states that wait for the reviewer, in the order shown.
TO_REVIEW = (ReportState.SUBMITTED, ReportState.RESUBMITTED)

BAD, WARN, INFO = "bad", "warn", "info"


@dataclass(frozen=True)
class Item:
    """One line of the home page: a sentence, the count it is about, and where to act on it."""

    key: str  # what the item is (stable: the tests and the template read it)
    text: str
    url: str
    count: int | None = None
    tone: str = INFO  # bad: late or missed; warn: waiting or soon; info
    detail: str = ""  # e.g. the reviewer's comments on a returned report

    @property
    def badge(self) -> str:
        """The badge colour of the tone (the stylesheet's task-status colours: red, amber, blue)."""
        return {BAD: "overdue", WARN: "partial"}.get(self.tone, "in_progress")

    @property
    def tone_label(self) -> str:
        return {BAD: _("Cần xử lý ngay"), WARN: _("Cần làm")}.get(self.tone, _("Theo dõi"))


@dataclass
class Section:
    key: str
    title: str
    empty: str  # what the section says when nothing waits
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    more_text: str = ""


@dataclass
class Home:
    role: str
    unit: Unit | None
    today: date
    year: int | None
    sections: list[Section]

    def item(self, key: str) -> Item | None:
        """The first item with ``key`` (for the tests and callers that look one up)."""
        return next((i for s in self.sections for i in s.items if i.key == key), None)

    def items(self, key: str) -> list[Item]:
        return [i for s in self.sections for i in s.items if i.key == key]

    @property
    def waiting(self) -> int:
        """How many items ask for something (the page's headline)."""
        return sum(1 for s in self.sections for i in s.items if i.tone in (BAD, WARN))


def _day(d: date) -> str:
    return date_format(d, "SHORT_DATE_FORMAT")


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def home_for(user, *, today: date, now: datetime) -> Home | None:
    """What ``user``'s home page shows on ``today`` (``now`` for the dossiers' due instants); None for a
    leader, whose home is the dashboard."""
    role = permissions.role_of(user)
    if role == Role.LEADER:
        return None
    unit_id = permissions.unit_id_of(user)
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if role == Role.FOCAL_POINT and unit is not None:
        year = dashboard.choose_scope(today=today).year  # the dashboard's year, by its own rule
        sections = [
            _unit_reports(unit, today),
            _unit_actions(user),
            _unit_tasks(unit, today),
            _unit_dossiers(user, unit, today=today, now=now),
            _unit_targets(unit, year, today),
        ]
        return Home(role, unit, today, year, sections)
    sections: list[Section] = []
    if reporting_permissions.can_view_period_overview(user):
        sections += _periods(user, today)
    if corrective_permissions.can_confirm_actions(user):
        sections.append(_actions_to_confirm(user))
    if permissions.can_upload_dossiers(user):
        sections.append(_failed_imports(user, now))
    scope = dashboard.choose_scope(today=today)
    if scope.province is not None:
        sections.append(_red_targets(scope.province, scope.year, today))
        sections += _bottom_766(scope.province, scope.year, [b for b, _label in scope.blocks], scope.stamp)
    return Home(role or "", unit, today, scope.year, sections)


# --- A unit's focal point ----------------------------------------------------------------------------


def _unit_reports(unit: Unit, today: date) -> Section:
    """The unit's current report in each open period it must report in, soonest deadline first; an
    approved one asks nothing more and is left out."""
    section = Section("reports", _("Báo cáo định kỳ"), _("Không có báo cáo nào phải gửi trong các kỳ đang mở."),
                      more_url=reverse("reporting:periods"), more_text=_("Mọi kỳ báo cáo"))
    reports = list(UnitReport.objects.filter(unit=unit, is_current=True, period__state=ReportingPeriod.State.OPEN,
                                             period__units=unit)
                   .exclude(state=ReportState.APPROVED).select_related("period").order_by("period__deadline", "pk"))
    first = dict(UnitReport.objects.filter(unit=unit, period__in={r.period_id for r in reports}).values("period_id")
                 .annotate(first=Min("submitted_at")).values_list("period_id", "first"))  # as the period page
    comments = {}
    for event in ReportEvent.objects.filter(report__in=reports, kind=ReportEvent.Kind.RETURNED).order_by("at", "pk"):
        comments[event.report_id] = event.comment  # the last return wins
    for report in reports:
        period = report.period
        submitted = timezone.localtime(first[period.pk]).date() if first.get(period.pk) else None
        status = report_rules.timeliness_of(period.deadline, submitted, today)
        if report.state == ReportState.RETURNED:
            tone, text = BAD, _("Báo cáo {period} bị trả lại: hoàn thiện theo ý kiến của Sở Nội vụ và gửi lại (hạn gửi {deadline}).")
        elif report.state == ReportState.DRAFT and status == report_rules.Timeliness.MISSING:
            tone, text = BAD, _("Báo cáo {period}: chưa gửi, đã quá hạn gửi {deadline}.")
        elif report.state == ReportState.DRAFT:
            tone, text = WARN, _("Báo cáo {period}: đang soạn, hạn gửi {deadline}.")
        else:
            tone, text = INFO, _("Báo cáo {period}: đã gửi, chờ Sở Nội vụ duyệt (hạn gửi {deadline}).")
        section.items.append(Item(
            "report", text.format(period=period.label, deadline=_day(period.deadline)),
            report.get_absolute_url(), tone=tone, detail=comments.get(report.pk, "") if report.state == ReportState.RETURNED else "",
        ))
    return section


def _unit_actions(user) -> Section:
    """The corrective actions waiting for the unit's explanation: the list page's "chờ đơn vị giải trình"."""
    section = Section("actions", _("Biện pháp khắc phục"), _("Không có biện pháp khắc phục nào chờ đơn vị giải trình."),
                      more_url=reverse("corrective:list"), more_text=_("Mọi biện pháp khắc phục của đơn vị"))
    n = corrective.listed(user, state=ActionState.REQUIRED).count()
    if n:
        section.items.append(Item(
            "actions_required",
            ngettext("{n} chỉ tiêu không đạt liên tiếp chờ đơn vị giải trình, đề ra biện pháp khắc phục.",
                     "{n} chỉ tiêu không đạt liên tiếp chờ đơn vị giải trình, đề ra biện pháp khắc phục.", n).format(n=n),
            _url("corrective:list", state=ActionState.REQUIRED.value), count=n, tone=BAD))
    return section


def _unit_tasks(unit: Unit, today: date) -> Section:
    """The unit's overdue tasks and those due within NEAR_DUE_DAYS: the counts of "Nhiệm vụ của đơn vị"."""
    section = Section("tasks", _("Nhiệm vụ của đơn vị"), _("Không có nhiệm vụ nào quá hạn hoặc sắp đến hạn."),
                      more_url=reverse("plans:my_tasks"), more_text=_("Cập nhật tiến độ nhiệm vụ"))
    assignments = Assignment.objects.for_unit(unit.pk)
    overdue = status_counts(assignments, today)[TaskStatus.OVERDUE]
    soon = assignments.due_soon(today).count()
    if overdue:
        section.items.append(Item(
            "tasks_overdue", ngettext("{n} nhiệm vụ đã quá hạn, chưa hoàn thành.", "{n} nhiệm vụ đã quá hạn, chưa hoàn thành.",
                                      overdue).format(n=overdue),
            _url("plans:my_tasks", status=TaskStatus.OVERDUE.value), count=overdue, tone=BAD))
    if soon:
        section.items.append(Item(
            "tasks_soon", ngettext("{n} nhiệm vụ đến hạn trong {days} ngày tới.", "{n} nhiệm vụ đến hạn trong {days} ngày tới.",
                                   soon).format(n=soon, days=NEAR_DUE_DAYS),
            _url("plans:my_tasks", due="soon"), count=soon, tone=WARN))
    return section


def _unit_dossiers(user, unit: Unit, *, today: date, now: datetime) -> Section:
    """The unit's open dossiers due within the near-due horizon and those already overdue (the near-due
    page's two lists, through its own function: a bounded read of the open dossiers by due date, at most
    its ``limit`` each), and its late dossiers without an apology this year (the stored figure)."""
    section = Section("dossiers", _("Hồ sơ thủ tục hành chính"), _("Không có hồ sơ nào sắp đến hạn, quá hạn hoặc trễ hạn chưa xin lỗi."),
                      more_url=reverse("dossiers:near_due"), more_text=_("Hồ sơ sắp đến hạn và quá hạn"))
    scope = dossier_unit_scope(user)
    hours = settings.NEAR_DUE_HOURS
    soon, overdue = near_due_lists(Dossier.objects.filter(unit_id__in=scope or ()), now=now, horizon=timedelta(hours=hours))
    n_overdue, n_soon = overdue.count(), soon.count()
    near_due = reverse("dossiers:near_due")
    if n_overdue:
        section.items.append(Item(
            "dossiers_overdue", ngettext("{n} hồ sơ đã quá hạn, chưa giải quyết xong.", "{n} hồ sơ đã quá hạn, chưa giải quyết xong.",
                                         n_overdue).format(n=n_overdue),
            f"{near_due}#overdue", count=n_overdue, tone=BAD))
    if n_soon:
        section.items.append(Item(
            "dossiers_soon", ngettext("{n} hồ sơ đến hạn trong {hours} giờ tới.", "{n} hồ sơ đến hạn trong {hours} giờ tới.",
                                      n_soon).format(n=n_soon, hours=hours),
            near_due, count=n_soon, tone=WARN))
    figure = next(iter(analytics.values_for(codes=["late_without_apology"], period_kind="year",
                                            period_start=date(today.year, 1, 1), units=[unit.pk])), None)
    n_late = int(figure.value) if figure is not None and figure.value is not None else 0
    if n_late:
        section.items.append(Item(
            "late_without_apology",
            ngettext("{n} hồ sơ trễ hạn chưa có văn bản xin lỗi trong năm {year} (số liệu đến {day}).",
                     "{n} hồ sơ trễ hạn chưa có văn bản xin lỗi trong năm {year} (số liệu đến {day}).", n_late).format(
                n=n_late, year=today.year, day=date_format(timezone.localtime(figure.as_of), "SHORT_DATETIME_FORMAT")),
            # the figure's own list (the engine's drill-down), so the page lists the very dossiers counted
            _url("dashboard:figure_dossiers", unit.pk, "late_without_apology", kind="year",
                 start=date(today.year, 1, 1).isoformat()), count=n_late, tone=BAD))
    return section


def _unit_targets(unit: Unit, year: int, today: date) -> Section:
    """The targets the unit misses or may miss this year: the one evaluation (the dashboard's)."""
    section = Section("targets", _("Chỉ tiêu của đơn vị năm {year}").format(year=year),
                      _("Không có chỉ tiêu nào đơn vị không đạt hoặc có nguy cơ không đạt."),
                      more_url=reverse("dashboard:unit", args=[unit.pk]), more_text=_("Bảng điều hành của đơn vị"))
    labels = dict(VerdictChoices.choices)
    off = [(t, e) for t, e in dashboard.unit_target_results(unit, year, today)
           if e.verdict in (Verdict.MISSED, Verdict.AT_RISK)]
    for target, evaluation in off[:TARGETS_SHOWN]:
        text = _("{code} — {text}: {verdict}").format(code=target.code, text=target.text, verdict=labels[evaluation.verdict.value])
        if evaluation.provisional:
            text += " " + _("(tạm tính)")
        section.items.append(Item("target", text, reverse("plans:target", args=[target.pk]),
                                  tone=BAD if evaluation.verdict == Verdict.MISSED else WARN))
    return section


# --- The province: the PAR officer, the administrator, an inspector ----------------------------------


def _periods(user, today: date) -> list[Section]:
    """Each open period: the reports waiting for review (for who reviews) and the units late or missing,
    counted on the period page's own table (reporting.services.period_overview)."""
    review = reporting_permissions.can_review(user)
    section = Section("periods", _("Báo cáo định kỳ của các đơn vị"), _("Không có báo cáo nào chờ duyệt, không có đơn vị nào chậm báo cáo."),
                      more_url=reverse("reporting:periods"), more_text=_("Mọi kỳ báo cáo"))
    for period in ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).order_by("deadline", "pk"):
        rows = reporting.period_overview(period, today)
        url = period.get_absolute_url()
        if review:
            for state in TO_REVIEW:
                n = sum(1 for r in rows if r.report is not None and r.report.state == state)
                if n:
                    text = (ngettext("{period}: {n} báo cáo đã gửi chờ duyệt.", "{period}: {n} báo cáo đã gửi chờ duyệt.", n)
                            if state == ReportState.SUBMITTED else
                            ngettext("{period}: {n} báo cáo gửi lại chờ duyệt.", "{period}: {n} báo cáo gửi lại chờ duyệt.", n))
                    section.items.append(Item(f"review_{state}", text.format(period=period.label, n=n),
                                              f"{url}?{urlencode({'status': state.value})}", count=n, tone=WARN))
        missing = sum(1 for r in rows if r.status == report_rules.Timeliness.MISSING)
        late = sum(1 for r in rows if r.status == report_rules.Timeliness.LATE)
        deadline = _day(period.deadline)
        if missing:
            section.items.append(Item(
                "units_missing", ngettext("{period}: {n} đơn vị chưa gửi báo cáo, đã quá hạn {deadline}.",
                                          "{period}: {n} đơn vị chưa gửi báo cáo, đã quá hạn {deadline}.", missing).format(
                    period=period.label, n=missing, deadline=deadline),
                f"{url}?{urlencode({'status': report_rules.Timeliness.MISSING.value})}", count=missing, tone=BAD))
        if late:
            section.items.append(Item(
                "units_late", ngettext("{period}: {n} đơn vị gửi báo cáo trễ hạn {deadline}.",
                                       "{period}: {n} đơn vị gửi báo cáo trễ hạn {deadline}.", late).format(
                    period=period.label, n=late, deadline=deadline),
                f"{url}?{urlencode({'status': report_rules.Timeliness.LATE.value})}", count=late, tone=WARN))
    return [section]


def _actions_to_confirm(user) -> Section:
    section = Section("actions", _("Biện pháp khắc phục chờ xác nhận"), _("Không có biện pháp khắc phục nào chờ Sở Nội vụ xác nhận."),
                      more_url=reverse("corrective:list"), more_text=_("Mọi biện pháp khắc phục"))
    n = corrective.listed(user, state=ActionState.SUBMITTED).count()
    if n:
        section.items.append(Item(
            "actions_submitted", ngettext("{n} đơn vị đã gửi giải trình, biện pháp khắc phục chờ xác nhận.",
                                          "{n} đơn vị đã gửi giải trình, biện pháp khắc phục chờ xác nhận.", n).format(n=n),
            _url("corrective:list", state=ActionState.SUBMITTED.value), count=n, tone=WARN))
    return section


def _failed_imports(user, now: datetime) -> Section:
    """Uploads of the last IMPORT_DAYS days that were refused, or imported leaving rows out, that ``user``
    may follow; each links to its job page (its problems, the file of refused rows)."""
    section = Section("imports", _("Nhập tệp hồ sơ"), _("Không có lượt nhập nào bị từ chối hoặc bỏ dòng lỗi trong {days} ngày qua.").format(days=IMPORT_DAYS),
                      more_url=reverse("dossiers:upload"), more_text=_("Nhập tệp hồ sơ"))
    jobs = (ImportJob.objects.filter(created_at__gte=now - timedelta(days=IMPORT_DAYS))
            .filter(Q(state=ImportJob.State.FAILED) | Q(state=ImportJob.State.DONE, summary__refused_rows__gt=0))
            .select_related("created_by").order_by("-created_at")[:50])
    for job in [j for j in jobs if can_follow_import(user, j.created_by)][:IMPORTS_SHOWN]:
        when = date_format(timezone.localtime(job.created_at), "SHORT_DATETIME_FORMAT")
        if job.state == ImportJob.State.FAILED:
            text = _("{file} ({when}): bị từ chối, không ghi hồ sơ nào.").format(file=job.filename, when=when)
        else:
            n = int(job.summary.get("refused_rows") or 0)
            text = ngettext("{file} ({when}): {n} dòng lỗi bị bỏ qua.", "{file} ({when}): {n} dòng lỗi bị bỏ qua.", n).format(
                file=job.filename, when=when, n=n)
        section.items.append(Item("import", text, reverse("dossiers:job", args=[job.pk]), tone=BAD))
    return section


def _red_targets(province: Unit, year: int, today: date) -> Section:
    """The KPI targets some units miss in ``year``: the dashboard's target statuses (the one evaluation);
    the count is the target page's "không đạt"."""
    section = Section("targets", _("Chỉ tiêu không đạt năm {year}").format(year=year),
                      _("Không có chỉ tiêu nào có đơn vị không đạt."),
                      more_url=reverse("dashboard:index"), more_text=_("Bảng điều hành"))
    for plan in dashboard.target_statuses(province, year, today):
        for status in plan.targets:
            n = status.counts.get(Verdict.MISSED.value, 0)
            if not n:
                continue
            text = ngettext("{code} — {text}: {n} đơn vị không đạt.", "{code} — {text}: {n} đơn vị không đạt.", n).format(
                code=status.target.code, text=status.target.text, n=n)
            if status.provisional:
                text += " " + _("(tạm tính)")
            section.items.append(Item("red_target", text, status.url, count=n, tone=BAD))
    return section


def _bottom_766(province: Unit, year: int, blocks: list[str], stamp: str) -> list[Section]:
    """The last BOTTOM_SIZE units of each block of the year's Decision 766 ranking (the dashboard's, the
    scoreboard's ranking), each linked to its scorecard."""
    start = date(year, 1, 1)
    sections = []
    query = {"kind": "year", "start": start.isoformat()}
    for block in [b for b in blocks if b in RANKED_BLOCKS]:
        ranked = dashboard.score_ranking(province, year, block, stamp=stamp)
        if not ranked:  # a block offered for the year whose units are all another province's
            continue
        section = Section(f"bottom_{block}", _("Cuối bảng Chỉ số 766 năm {year}: {block}").format(
            year=year, block=block_label(block)), _("Chưa có số liệu xếp hạng."),
            more_url=_url("scoreboard:ranking", block=block, **query), more_text=_("Bảng xếp hạng"))
        for row in ranked[-BOTTOM_SIZE:]:
            points = "—" if row.value is None else number_format(row.value, 2)
            section.items.append(Item(
                "bottom_766", _("Hạng {rank}/{total}: {name}, {points} điểm.").format(
                    rank=row.rank, total=len(ranked), name=row.name, points=points),
                _url("scoreboard:unit", row.unit_id, **query), tone=WARN))
        sections.append(section)
    return sections


