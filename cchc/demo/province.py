"""The demo province: real units of today's Gia Lai (the former Gia Lai and Bình Định, with the national
portal's codes and names of its 149 units) and of Bình Thuận (now in Lâm Đồng), the three seed plans, demo accounts and
some illustrative progress, so that a new install shows something true to life. Idempotent."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import transaction

from cchc.accounts.choices import Role
from cchc.accounts.services import create_user
from cchc.plans.models import Assignment, ProgressUpdate
from cchc.plans.services import import_seed_plans
from cchc.units.models import Unit
from cchc.units.services import import_province

from .dossiers import DEMO_PROVINCES, HISTORY_START

DEMO_NOTE = "Dữ liệu minh họa do lệnh «cchc demo load» tạo."
#: Dossiers `make run` generates (once), received from 1/1/2021 to yesterday: enough for every unit of
#: every year to have figures, quick to load (docs/benchmarks.md).
DEMO_DOSSIERS = 200_000
#: The first year of the demo's dossiers and the last before the 2025 reorganisation; `demo load` computes
#: those years' KPIs for these kinds of period (not months).
HISTORY_FROM, HISTORY_LAST = HISTORY_START.year, 2024
HISTORY_KINDS = ("quarter", "half", "nine_months", "year")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_key: str | None
    full_name: str


DEMO_ACCOUNTS = (
    DemoAccount("quantri", Role.ADMIN, None, "Quản trị hệ thống"),
    # Today's Sở Nội vụ of Gia Lai (since 1/7/2025), so the officer's own unit is one of today's province.
    DemoAccount("snv.cchc", Role.PAR_OFFICER, "dept:2025:52.SNV", "Chuyên viên CCHC Sở Nội vụ"),
    DemoAccount("lanhdao", Role.LEADER, None, "Lãnh đạo UBND tỉnh"),
    DemoAccount("thanhtra", Role.INSPECTOR, None, "Thành viên đoàn kiểm tra"),
    # A member of the PAR index Tổ thẩm định (issue 13); made a member of a season by the PAR officer.
    DemoAccount("thamdinh", Role.APPRAISER, None, "Thành viên tổ thẩm định Chỉ số CCHC"),
    DemoAccount("dm.snv", Role.FOCAL_POINT, "dept:2025:52.SNV", "Đầu mối CCHC Sở Nội vụ"),
    # Units that ended on 30/6/2025, kept to show their history (the seed plans of 2022–2024 assign them
    # tasks and judge their targets); the name says so.
    DemoAccount("dm.phumy", Role.FOCAL_POINT, "vn:legacy:district:545",
                "Đầu mối CCHC UBND huyện Phù Mỹ (đơn vị cũ, đến 30/6/2025)"),
    DemoAccount("dm.vpubnd", Role.FOCAL_POINT, "dept:52.VPUBND",
                "Đầu mối CCHC Văn phòng UBND tỉnh Bình Định (đơn vị cũ, đến 30/6/2025)"),
    DemoAccount("dm.phanthiet", Role.FOCAL_POINT, "vn:legacy:district:593",
                "Đầu mối CCHC UBND thành phố Phan Thiết (đơn vị cũ, đến 30/6/2025)"),
    # A commune of the province as it is since 1/7/2025: the current year's plan and reports are its.
    DemoAccount("dm.xaphumy", Role.FOCAL_POINT, "vn:2025:commune:21730", "Đầu mối CCHC UBND xã Phù Mỹ"),
)


def logins_file():
    return settings.DATA_DIR / "demo_logins.txt"


def read_logins() -> list[tuple[str, str, str]]:
    path = logins_file()
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            rows.append((parts[0], parts[1], parts[2]))
    return rows


def _unit_label(unit: Unit) -> str:
    """The unit of a demo account as the printed logins show it: its name, its province, and the day it
    ended if it no longer exists (an account kept to show history)."""
    from django.utils.translation import gettext as _

    label = unit.name if unit.province_id in (None, unit.pk) else f"{unit.name}, {unit.province.name}"
    if unit.valid_to:
        label += " " + _("(đơn vị cũ, đến {day})").format(day=f"{unit.valid_to:%d/%m/%Y}")
    return label


def _ensure_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts once, each with its own random password (kept in var/demo_logins.txt)."""
    known = {u: p for u, p, _r in read_logins()}
    rows = []
    for acc in DEMO_ACCOUNTS:
        unit = Unit.objects.select_related("province").get(key=acc.unit_key) if acc.unit_key else None
        password = known.get(acc.username) or f"cchc-{secrets.token_urlsafe(9)}"
        # Addresses under the reserved .example domain (RFC 2606): reminders print on the console backend.
        create_user(username=acc.username, password=password, role=acc.role, unit=unit, full_name=acc.full_name,
                    email=f"{acc.username}@cchc.example")
        rows.append((acc.username, password, f"{Role(acc.role).label}{' — ' + _unit_label(unit) if unit else ''}"))
    path = logins_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return rows


def _illustrative_progress() -> int:
    """Give past plans some progress so the pages are not empty (only once, marked as demo data)."""
    if ProgressUpdate.objects.exists():
        return 0
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="snv.cchc")
    rng = random.Random(2026)
    updates = []
    changed = []
    for a in Assignment.objects.filter(task__plan__year__lte=2023).order_by("pk"):
        roll = rng.random()
        if roll < 0.35:
            continue
        progress = 100 if roll > 0.7 else rng.choice([20, 40, 50, 60, 80])
        a.progress = progress
        changed.append(a)
        updates.append(ProgressUpdate(assignment=a, author=officer, progress=progress, note=DEMO_NOTE))
    Assignment.objects.bulk_update(changed, ["progress"])
    ProgressUpdate.objects.bulk_create(updates)
    return len(updates)


def _quarter_of(day) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _demo_reporting() -> int:
    """The last ended quarter and the current one opened for reporting (once), so every role's home has
    its report items [I]: in the ended quarter (deadline the 15th after it) the Sở Nội vụ's report was sent
    and approved and Xã Phù Mỹ's sent and returned with comments, the other units did not report; in the
    current one (deadline the 15th of its last month) the Sở Nội vụ's report waits for review. Returns the
    number of periods opened."""
    from datetime import date, datetime, time, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cchc.reporting import services as reporting
    from cchc.reporting.models import ReportingPeriod

    province = Unit.objects.filter(key="vn:2025:province:52").first()
    if province is None or ReportingPeriod.objects.filter(province=province).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["snv.cchc", "dm.snv", "dm.xaphumy"])}
    officer = users["snv.cchc"]
    today = timezone.localdate()
    year, number = _quarter_of(today)
    ended_year, ended = (year, number - 1) if number > 1 else (year - 1, 4)
    ended_end = date(year, 3 * (number - 1) + 1, 1) - timedelta(days=1) if number > 1 else date(year - 1, 12, 31)
    opened = 0
    for y, n, deadline in ((ended_year, ended, ended_end + timedelta(days=15)),
                           (year, number, date(year, 3 * number, 15))):
        start, end = reporting.period_dates("quarter", y, n)
        at = timezone.make_aware(datetime.combine(min(end, today), time(8)))
        period = reporting.open_period(user=officer, province=province, kind="quarter", year=y, number=n,
                                       deadline=deadline, units=list(reporting.reporting_units(province, start, end)), now=at)
        opened += 1
        for username in ("dm.snv", "dm.xaphumy"):
            focal = users.get(username)
            report = focal and reporting.current_report(period, focal.profile.unit_id)
            if report is None or (n == number and username == "dm.xaphumy"):
                continue  # the commune's report of the current quarter is still a draft
            _write_demo_report(reporting, report, focal, at)
            reporting.submit(user=focal, report=report, now=at + timedelta(days=5))
            if n == number:
                continue  # waits for the officer's review
            if username == "dm.snv":
                reporting.approve(user=officer, report=report, now=at + timedelta(days=6))
            else:
                reporting.return_report(user=officer, report=report, now=at + timedelta(days=6), comment=(
                    "Bổ sung kết quả số hóa hồ sơ của quý và nguồn số liệu khảo sát sự hài lòng."))
    return opened


def _write_demo_report(reporting, report, focal, at) -> None:
    """What a focal point writes before sending: each manual measure with a note, one area's results."""
    measures = {m.pk: {"value": "", "note": "Chưa có số liệu khảo sát trong kỳ (dữ liệu minh họa)."}
                for m in report.measures.all()}
    reporting.save_report(user=focal, report=report, measures=measures, narratives={"TTHC": {
        "results": "Tiếp nhận và giải quyết hồ sơ đúng quy trình một cửa; công khai đầy đủ thủ tục (dữ liệu minh họa)."}})


def _demo_dossiers() -> int:
    """Generate the demo dossiers once; a later `demo load` keeps them (`cchc demo dossiers` adds more). An
    install whose demo dossiers all date from 2025 on (an earlier demo) gets the years before added."""
    from datetime import date, timedelta

    from django.utils import timezone

    from cchc.dossiers.models import Dossier

    from .dossiers import SOURCE, generate

    start, end = date(HISTORY_FROM, 1, 1), timezone.localdate() - timedelta(days=1)
    demo = Dossier.objects.filter(source_system=SOURCE)
    if not demo.exists():
        return generate(count=DEMO_DOSSIERS, start=start, end=end)
    history_end = date(HISTORY_LAST, 12, 31)
    if demo.filter(received_at__date__lte=history_end).exists():
        return 0
    share = ((history_end - start).days + 1) / ((end - start).days + 1)
    return generate(count=int(DEMO_DOSSIERS * share), start=start, end=history_end, seed=2021)


# An illustrative plan for the current year, so the dashboard, the target pages and the periodic reports
# show the demo dossiers' figures against targets of today's province (the seed plans are for 2022-2024
# and the provinces before 1/7/2025). Marked illustrative (Plan.illustrative): it is not a transcribed document, the pages say
# so and official reports never cite it.
DEMO_PLAN_YAML = """\
plan:
  code: MH-{year}
  province_code: "{province}"
  year: {year}
  document_number: "MH-{year}/KH"
  document_date: {previous}-12-20
  title: "Kế hoạch CCHC năm {year}"
  transcription: complete
  illustrative: true
areas:
  - {{code: CDDH, name: "Công tác chỉ đạo, điều hành"}}
  - {{code: TTHC, name: "Cải cách thủ tục hành chính"}}
  - {{code: CQDT, name: "Xây dựng và phát triển chính quyền điện tử, chính quyền số"}}
targets:
  - {{code: MH01, area: TTHC, text: "Tỷ lệ hồ sơ giải quyết đúng hạn", measure: kpi, kpi_code: ontime_rate,
     unit_of_measure: "%", comparator: ">=", thresholds: [{{level: all, value: 95}}],
     applies_to: [province, commune]}}
  - {{code: MH02, area: CQDT, text: "Tỷ lệ hồ sơ nộp trực tuyến", measure: kpi, kpi_code: online_rate,
     unit_of_measure: "%", comparator: ">=", thresholds: [{{level: all, value: 60}}],
     applies_to: [province, commune]}}
  - {{code: MH03, area: CQDT, text: "Tỷ lệ hồ sơ được số hóa", measure: kpi, kpi_code: digitised_dossiers_rate,
     unit_of_measure: "%", comparator: ">=", thresholds: [{{level: all, value: 80}}],
     applies_to: [province, commune]}}
  - {{code: MH04, area: TTHC, text: "Tỷ lệ hài lòng của người dân, tổ chức", measure: kpi, kpi_code: satisfaction_rate,
     unit_of_measure: "%", comparator: ">=", thresholds: [{{level: all, value: 90}}],
     applies_to: [province, commune]}}
  - {{code: MH05, area: TTHC, text: "Thời gian chờ đợi trung bình tại Bộ phận Một cửa", measure: manual,
     unit_of_measure: "phút", comparator: "<=", thresholds: [{{level: all, value: 30}}], applies_to: [commune]}}
  # The seed's two inspection targets (seed 000, KH 122/KH-UBND Bình Định 2022), per block since 2025
  # (cchc.inspections.figures: every unit of a block carries its block's coverage).
  - {{code: MH06, area: CDDH, text: "Kiểm tra cải cách hành chính đối với ít nhất 30% đơn vị mỗi khối (sở, ban, ngành; xã, phường)",
     measure: kpi, kpi_code: inspection_coverage_rate, unit_of_measure: "%", comparator: ">=",
     thresholds: [{{level: all, value: 30}}], applies_to: [province, commune],
     source_quote: "Tổ chức kiểm tra cải cách hành chính đối với ít nhất 30% cơ quan hành chính cấp tỉnh …; kiểm tra cải cách hành chính đối với ít nhất 30% đơn vị cấp xã (KH 122/KH-UBND, seed 000)"}}
  - {{code: MH07, area: CDDH, text: "100% vấn đề phát hiện qua kiểm tra cải cách hành chính được khắc phục ngay trong năm",
     measure: kpi, kpi_code: inspection_remediation_rate, unit_of_measure: "%", comparator: ">=",
     thresholds: [{{level: all, value: 100}}], applies_to: [province, commune],
     source_quote: "100% vấn đề phát hiện qua kiểm tra cải cách hành chính phải được khắc phục ngay trong năm (KH 122/KH-UBND, seed 000)"}}
tasks:
  - {{code: MH-NV01, area: TTHC, title: "Giải quyết hồ sơ đúng hạn; xin lỗi người dân khi trễ hẹn",
     lead_levels: [commune], deadline: {year}-12-31, targets: [MH01]}}
  - {{code: MH-NV02, area: CQDT, title: "Số hóa hồ sơ, kết quả giải quyết TTHC", lead_levels: [commune],
     deadline: {year}-12-31, targets: [MH03]}}
"""


def _demo_plan() -> None:
    """The illustrative plan of the current year for the province that took over Bình Định (idempotent)."""
    from django.utils import timezone

    from cchc.plans.services import import_plan

    successor = Unit.objects.filter(key="vn:2025:province:52").first()
    if successor is None:
        return
    year = timezone.localdate().year
    content = DEMO_PLAN_YAML.format(year=year, previous=year - 1, province=successor.code)
    import_plan(content.encode(), f"minh-hoa-{year}.yaml")


def _portal_units() -> None:
    """The portal's 149 units of Gia Lai as aliases of today's units (a row that matches none is logged)."""
    import logging

    from cchc.units.aliases import import_portal_units

    result = import_portal_units()
    for code, name, reason in result.unmatched:
        logging.getLogger(__name__).warning("portal unit %s «%s» not matched: %s", code, name, reason)


def _integrity_facts() -> None:
    """The integrity checks' facts on some demo dossiers (issue 14 item 2, cchc.demo.integrity)."""
    from .integrity import load as load_integrity_facts

    load_integrity_facts()


def load(step: Callable[[str], None] = lambda _s: None) -> list[tuple[str, str, str]]:
    """Load the demo province; ``step`` is told each step's name, in the language of the command."""
    from django.utils.translation import gettext as _

    for name in DEMO_PROVINCES:
        step(_("Đơn vị hành chính: {name}").format(name=name))
        import_province(name)
    step(_("Đơn vị trên Cổng Dịch vụ công quốc gia: Gia Lai"))
    _portal_units()
    step(_("Kế hoạch CCHC từ văn bản gốc"))
    import_seed_plans()
    _demo_plan()
    step(_("Danh mục thủ tục hành chính"))
    from cchc.dossiers.catalogue import import_demo_catalogue

    import_demo_catalogue()
    step(_("Hồ sơ mẫu"))
    _demo_dossiers()
    # Dossiers still open on 1/7/2025 at a unit that ended then go to its successor (NĐ 118; DOMAIN §12.2),
    # as `cchc dossiers transfer-dissolved` does; the figures are computed below.
    from cchc.dossiers.transfers import transfer_dissolved

    transfer_dissolved(notify=False)
    _integrity_facts()
    step(_("Chỉ số từ hồ sơ (DuckDB)"))
    from django.utils import timezone

    from cchc.analytics.background import refresh_now
    from cchc.analytics.services import refresh_kpis

    # Every kind of period since the reorganisation (and the corrective actions they call for); the years
    # before it without their months, which cost half of a year's computation and only the dashboard's
    # monthly trend reads (`cchc kpi refresh --year 2022` adds them).
    refresh_now(range(HISTORY_LAST + 1, timezone.localdate().year + 1))
    for year in range(HISTORY_FROM, HISTORY_LAST + 1):
        refresh_kpis(year=year, kinds=HISTORY_KINDS)
    step(_("Công bố, công khai TTHC minh họa (chỉ số 766 nhóm 1)"))
    from cchc.publications.demo import load as load_publications

    load_publications()
    step(_("Phản ánh, kiến nghị minh họa"))
    from cchc.petitions.demo import load as load_petitions

    load_petitions()
    step(_("Số liệu 766 từ hệ thống khác (minh họa)"))
    from cchc.core.transfers import REORGANISATION_DAY
    from cchc.portalcounts.demo import load as load_portal_counts

    load_portal_counts(REORGANISATION_DAY)
    step(_("Điểm 766 Cổng công bố, đối chiếu với CCHC"))
    from cchc.portal766.demo import illustrative_list, import_snapshots

    import_snapshots()
    illustrative_list()
    step(_("Tài khoản mẫu"))
    with transaction.atomic():
        rows = _ensure_accounts()
        step(_("Tiến độ minh họa"))
        _illustrative_progress()
        step(_("Kỳ báo cáo minh họa"))
        _demo_reporting()
        step(_("Chỉ số CCHC minh họa (năm trước đã công bố, năm nay đang tự đánh giá)"))
        from .parindex import load as load_parindex

        load_parindex()
        step(_("Kế hoạch kiểm tra CCHC minh họa"))
        from .inspections import load as load_inspections

        load_inspections()
        # This year's drafts read the figures the inspections just recorded, as the nightly refresh would.
        from cchc.parindex.services import refresh_computed_drafts

        refresh_computed_drafts()
    step(_("Phân loại năm minh họa (nhắc nhở, đề xuất)"))
    from .classification import load as load_classification

    load_classification()
    import_module("cchc.demo.notices").load(step)
    return rows
