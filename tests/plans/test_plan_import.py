"""Importing plan files (YAML and XLSX): the seed plans, all-or-nothing refusal of malformed files with
the file, row and field named, idempotent re-import, export → import round trips, assignments."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.errors import InvalidInput
from cchc.plans import plan_io
from cchc.plans.models import Assignment, Plan, PlanArea, ProgressUpdate, Target, Task, Threshold
from cchc.plans.services import import_plan, import_seed_plans, report_progress
from cchc.units.models import Unit
from cchc.units.services import import_province
from tests import factories
from tests.factories import client_for

SEEDS_DIR = Path(__file__).resolve().parents[2] / "cchc" / "plans" / "data" / "seed_texts"


def _counts() -> dict[str, int]:
    models = (Plan, PlanArea, Target, Threshold, Task, Assignment, LogEntry)
    return {m.__name__: m.objects.count() for m in models}


def _line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the file")


# --- the seed plans ------------------------------------------------------------------------------

def _load_seeds() -> dict[str, Plan]:
    import_province("Bình Định")
    import_province("Bình Thuận")
    summaries = import_seed_plans()
    return {s.plan.code: s.plan for s in summaries}


def _thresholds(plan: Plan, **lookup) -> dict[str, Decimal]:
    target = plan.targets.get(**lookup)
    return {t.level: t.value for t in target.thresholds.all()}


def test_the_seed_plans_load_with_the_thresholds_their_texts_state(db):
    plans = _load_seeds()

    assert set(plans) == {"BD-2022", "BD-2023", "BT-2024"}
    bd = plans["BD-2022"]
    assert bd.province.name == "Tỉnh Bình Định"
    assert plans["BT-2024"].province.name == "Tỉnh Bình Thuận"
    assert (bd.transcription, bd.stated_task_count) == ("partial", 38)
    assert _thresholds(bd, kpi_code="digitised_results_rate") == {"province": 50, "district": 40, "commune": 35}
    waiting = bd.targets.get(unit_of_measure="phút")
    assert (waiting.comparator, _thresholds(bd, pk=waiting.pk)) == ("<=", {"all": 30})
    assert _thresholds(bd, kpi_code="satisfaction_rate") == {"all": 85}
    assert bd.targets.get(kpi_code="satisfaction_rate").comparator == ">="
    assert _thresholds(bd, kpi_code="online_payment_procedures_rate") == {"all": 80}
    assert _thresholds(bd, kpi_code="online_payment_dossiers_rate") == {"all": 30}

    # Assignments on real units: every district of Bình Định for a district-led task, the named department.
    districts = Unit.objects.filter(province=bd.province, kind="district")
    assert districts.count() == 11
    nv02 = bd.tasks.get(code="BD22-NV02")
    assert set(nv02.assignments.values_list("unit_id", flat=True)) == set(districts.values_list("pk", flat=True))
    snv_task = plans["BD-2023"].tasks.get(code="BD23-NV10")
    assert [a.unit.key for a in snv_task.assignments.all()] == ["dept:52.SNV"]

    # Loading them again changes nothing, not even the audit trail.
    before = _counts()
    import_seed_plans()
    assert _counts() == before


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def test_every_source_quote_of_the_seed_plans_is_verbatim_in_its_seed_text(db):
    assert SEEDS_DIR.is_dir(), SEEDS_DIR
    plans = _load_seeds()

    checked = 0
    for plan in plans.values():
        seed = SEEDS_DIR / Path(plan.source_file).name
        text = _collapsed(seed.read_text(encoding="utf-8"))
        for item in (plan, *plan.targets.all(), *plan.tasks.all()):
            assert item.source_quote, f"{plan.code} {item}: no source quote"
            assert _collapsed(item.source_quote) in text, f"{plan.code} {item}: quote not in {seed.name}"
            checked += 1
    assert checked > 40


# --- malformed files are refused whole ------------------------------------------------------------

NEW_TASK = """\
  - code: NV03
    area: TTHC
    title: "Nhiệm vụ thêm vào khi sửa kế hoạch"
    lead_units: [STP]
    deadline: 2022-06-30
"""


def changed_yaml(*, code: str = "TN-2022") -> str:
    """The factory plan with a new title and one more task, so that a half-written import would show."""
    text = factories.plan_yaml().decode().replace("code: TN-2022", f"code: {code}")
    text = text.replace('title: "Kế hoạch CCHC thử nghiệm năm 2022"', 'title: "Kế hoạch đã sửa"')
    return text + NEW_TASK


def test_the_changed_file_itself_is_valid_and_would_show(plan):
    """Control for the refusals below: without the bad row, the same file does change the plan."""
    import_plan(changed_yaml().encode(), "sua.yaml")

    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa"
    assert plan.tasks.filter(code="NV03").exists()


# (name, old text, new text, line holding the problem, field, words of the message)
YAML_PROBLEMS = [
    ("syntax", "  year: 2022", "\tyear: 2022", "\tyear: 2022", None, "Tệp YAML sai cú pháp"),
    ("unknown area", "  - code: CT02\n    area: TTHC", "  - code: CT02\n    area: KHONGCO", "- code: CT02",
     "targets: area", "Lĩnh vực «KHONGCO» không có trong phần lĩnh vực."),
    ("bad comparator", 'comparator: "<="', 'comparator: "=<"', "- code: CT02", "targets: comparator",
     "Phép so sánh phải là một trong"),
    ("bad date", "deadline: 2099-12-31", "deadline: cuối năm", "- code: NV02", "tasks: deadline",
     "Ngày không hợp lệ «cuối năm»"),
    ("impossible date", "deadline: 2099-12-31", "deadline: 2022-02-30", "- code: NV02", "tasks: deadline",
     "Ngày không hợp lệ «2022-02-30»"),
    ("year out of range", "  year: 2022", "  year: 20222", "  code: TN-", "plan: year", "Năm không hợp lệ «20222»."),
    ("unknown lead unit", "lead_units: [SNV]", "lead_units: [SKHONGCO]", "- code: NV01", "tasks: lead_units",
     "Không tìm thấy đơn vị «SKHONGCO» thuộc tỉnh của kế hoạch."),
    ("bad illustrative flag", "  transcription: complete", "  transcription: complete\n  illustrative: hơi hơi",
     "  code: TN-", "plan: illustrative", "Giá trị phải là true (kế hoạch minh họa) hoặc false."),
    ("duplicate task code", "  - code: NV03", "  - code: NV02", "- code: NV02\n    area: TTHC\n    title: \"Nhiệm vụ thêm",
     "tasks: code", "Mã nhiệm vụ «NV02» bị trùng."),
]


def _problem_line(text: str, marker: str) -> int:
    if "\n" not in marker:
        return _line_of(text, marker)
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize("code", ["TN-2022", "TN-MOI"], ids=["existing plan", "new plan"])
@pytest.mark.parametrize("name, old, new, marker, field, words", YAML_PROBLEMS, ids=[p[0] for p in YAML_PROBLEMS])
def test_a_malformed_yaml_file_is_refused_naming_row_and_field_and_nothing_is_written(
    plan, code, name, old, new, marker, field, words
):
    text = changed_yaml(code=code)
    assert old in text
    text = text.replace(old, new, 1)
    before, plan_before = _counts(), plan_io.plan_as_dict(plan)

    with pytest.raises(InvalidInput) as caught:
        import_plan(text.encode(), "ke-hoach.yaml")

    row = _problem_line(text, marker)
    assert any(
        i.file == "ke-hoach.yaml" and i.row == row and (field is None or i.field == field) and words in i.message
        for i in caught.value.issues
    ), [str(i) for i in caught.value.issues]
    assert f"dòng {row}" in str(caught.value)
    assert _counts() == before
    assert plan_io.plan_as_dict(Plan.objects.get(code="TN-2022")) == plan_before


def _changed_workbook(plan: Plan):
    wb = load_workbook(io.BytesIO(plan_io.write_xlsx(plan)))
    for row in wb["Kế hoạch"].iter_rows():
        if row[0].value == "Tên kế hoạch":
            row[1].value = "Kế hoạch đã sửa"
    wb["Nhiệm vụ"].append(["NV03", "TTHC", "Nhiệm vụ thêm", "STP", None, None, date(2022, 6, 30)])
    return wb


def _xlsx_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_changed_workbook_itself_is_valid_and_would_show(plan):
    import_plan(_xlsx_bytes(_changed_workbook(plan)), "sua.xlsx")

    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa"
    assert plan.tasks.get(code="NV03").lead_units.get().code == "52.STP"


def test_a_workbook_missing_a_sheet_is_refused(plan):
    wb = _changed_workbook(plan)
    del wb["Nhiệm vụ"]
    before, plan_before = _counts(), plan_io.plan_as_dict(plan)

    with pytest.raises(InvalidInput) as caught:
        import_plan(_xlsx_bytes(wb), "ke-hoach.xlsx")

    assert [str(i) for i in caught.value.issues] == ["ke-hoach.xlsx: Thiếu trang tính «Nhiệm vụ»."]
    assert _counts() == before
    assert plan_io.plan_as_dict(plan) == plan_before


def test_a_workbook_with_a_bad_threshold_names_sheet_and_row(plan):
    wb = _changed_workbook(plan)
    sheet = wb["Chỉ tiêu"]
    column = [c.value for c in sheet[1]].index("Ngưỡng cấp tỉnh") + 1
    assert sheet.cell(row=2, column=1).value == "CT01"
    sheet.cell(row=2, column=column).value = "năm mươi"
    before, plan_before = _counts(), plan_io.plan_as_dict(plan)

    with pytest.raises(InvalidInput) as caught:
        import_plan(_xlsx_bytes(wb), "ke-hoach.xlsx")

    assert [str(i) for i in caught.value.issues] == [
        "ke-hoach.xlsx, dòng 2, trường «Chỉ tiêu: thresholds.value»: Ngưỡng phải là số, nhận được «năm mươi»."
    ]
    assert _counts() == before
    assert plan_io.plan_as_dict(plan) == plan_before


def test_a_text_file_is_refused(plan):
    before = _counts()

    with pytest.raises(InvalidInput) as caught:
        import_plan(changed_yaml().encode(), "ke-hoach.txt")

    assert [str(i) for i in caught.value.issues] == ["ke-hoach.txt: Chỉ nhận tệp .yaml, .yml hoặc .xlsx."]
    assert _counts() == before


def test_the_import_page_lists_the_problems_and_writes_nothing(plan, users):
    text = changed_yaml().replace("lead_units: [SNV]", "lead_units: [SKHONGCO]")
    before = _counts()
    upload = io.BytesIO(text.encode())
    upload.name = "ke-hoach.yaml"

    response = client_for(user=users["officer"]).post(reverse("plans:import"), {"file": upload})

    assert response.status_code == 200
    body = response.content.decode()
    assert f"dòng {_line_of(text, '- code: NV01')}" in body
    assert "Không tìm thấy đơn vị «SKHONGCO» thuộc tỉnh của kế hoạch." in body
    assert _counts() == before


# --- re-import and round trips --------------------------------------------------------------------

def test_reimporting_the_same_file_changes_nothing(plan):
    before = _counts()
    assert before["LogEntry"] > 0  # the first import was audited, so a second one would show

    summary = import_plan(factories.plan_yaml(), "thu-nghiem.yaml")

    assert summary.created is False
    assert _counts() == before


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_export_then_import_gives_the_same_plan(plan, fmt):
    before = plan_io.plan_as_dict(plan)
    content = plan_io.write_yaml(plan) if fmt == "yaml" else plan_io.write_xlsx(plan)
    # Tasks and targets first: their area is on_delete=PROTECT, so Plan.delete() alone is refused.
    plan.tasks.all().delete()
    plan.targets.all().delete()
    plan.delete()
    assert not Plan.objects.exists()

    import_plan(content, f"TN-2022.{fmt}")

    assert plan_io.plan_as_dict(Plan.objects.get(code="TN-2022")) == before


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_importing_an_export_over_its_plan_changes_nothing(plan, fmt):
    content = plan_io.write_yaml(plan) if fmt == "yaml" else plan_io.write_xlsx(plan)
    before = _counts()

    import_plan(content, f"TN-2022.{fmt}")

    assert _counts() == before


def test_a_task_with_progress_reports_cannot_be_removed(plan, users, province):
    assignment = Assignment.objects.get(task__plan=plan, task__code="NV02", unit=province.commune)
    report_progress(user=users["focal_commune"], assignment=assignment, progress=20, note="Đã bắt đầu")
    without_nv02 = factories.plan_yaml().decode().split("  - code: NV02")[0]
    before = _counts()

    with pytest.raises(InvalidInput) as caught:
        import_plan(without_nv02.encode(), "bo-nv02.yaml")

    assert [i.message for i in caught.value.issues] == [
        "Nhiệm vụ «NV02» đã có báo cáo tiến độ nên không thể bỏ khỏi kế hoạch."
    ]
    assert _counts() == before
    assert ProgressUpdate.objects.filter(assignment=assignment).count() == 1


def test_a_task_without_progress_reports_can_be_removed(plan):
    text = factories.plan_yaml().decode()
    start, end = text.index("  - code: NV01"), text.index("  - code: NV02")
    without_nv01 = text[:start] + text[end:]

    import_plan(without_nv01.encode(), "bo-nv01.yaml")

    assert list(plan.tasks.values_list("code", flat=True)) == ["NV02"]


# --- assignments ----------------------------------------------------------------------------------

def test_a_commune_led_task_is_assigned_to_every_commune_of_the_province_in_force_that_year(province):
    # A commune of another province, and one dissolved before the plan's year: neither gets the task.
    other = factories.make_unit(key="t:province:60", code="60", name="Tỉnh Khác", kind="province")
    factories.make_unit(key="t:commune:60", code="60001", name="Xã Ngoài Tỉnh", kind="commune", parent=other,
                        province=other)
    factories.make_unit(key="t:commune:old", code="90199", name="Xã Đã Giải Thể", kind="commune",
                        parent=province.district, province=province.province, valid_to=date(2021, 6, 30))

    plan = factories.make_plan(tree=province)

    nv02 = plan.tasks.get(code="NV02")
    assert set(nv02.assignments.values_list("unit__name", flat=True)) == {"Xã Mỹ Đức", "Xã Mỹ Lộc", "Xã Canh Vinh"}


def test_a_task_led_by_a_named_department_is_assigned_to_it_alone(plan, province):
    nv01 = plan.tasks.get(code="NV01")

    assert [a.unit for a in nv01.assignments.all()] == [province.snv]
    assert list(nv01.cooperating_units.all()) == [province.stp]


def test_the_source_page_shows_the_seed_text_with_the_quotes_marked(db):
    import_province("Bình Định")
    import_province("Bình Thuận")
    import_seed_plans()
    user = factories.make_users(tree=factories.make_province_tree(code="99"))["leader"]
    page = client_for(user=user).get("/plans/BD-2022/source/").content.decode()
    assert "<mark>100% vấn đề phát hiện qua kiểm tra cải cách hành chính phải được khắc phục ngay trong năm.</mark>" in page
    assert page.count("<mark>") >= 10
    assert "<script" not in page.split('<main id="main"')[1]


def test_highlight_escapes_the_text():
    from cchc.plans.services import highlight

    assert highlight("a <b> câu trích & c", ["câu  trích"]) == "a &lt;b&gt; <mark>câu trích</mark> &amp; c"


@pytest.mark.parametrize("written, expected", [("true", True), ('"có"', True), ("false", False), (None, False)])
def test_an_illustrative_plan_is_marked_by_a_field_shown_on_its_pages_and_kept_on_export(plan, users, written,
                                                                                          expected):
    """Issue 11: a plan that is not a real document (the demo's) says so by a field, not in its title."""
    text = changed_yaml()
    if written is not None:
        text = text.replace("  transcription: complete", f"  transcription: complete\n  illustrative: {written}", 1)
    import_plan(text.encode(), "sua.yaml")
    plan.refresh_from_db()
    assert plan.illustrative is expected
    assert plan_io.plan_as_dict(plan)["plan"]["illustrative"] is expected
    again = plan_io.read_plan_file(plan_io.write_yaml(plan), "xuat.yaml")
    assert bool(again.plan.data.get("illustrative")) is expected
    for url in (reverse("plans:list"), plan.get_absolute_url()):
        html = client_for(user=users["officer"]).get(url).content.decode()
        assert ('class="badge illustrative"' in html) is expected
