"""The structure of a PAR index version (cchc.core.parindex_structure), worked by hand: a small index of two
areas (60 + 40 = 100 points), each row numbered as in a spreadsheet (row 1 is the header)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from cchc.core.parindex_structure import (
    AREA,
    COMPONENT,
    CRITERION,
    Row,
    check_rule,
    counts,
    points_of,
    tree,
    validate,
)

KPIS = {"ontime_rate", "online_rate"}


def good() -> list[Row]:
    return [
        Row(AREA, "1", "", "Chỉ đạo, điều hành CCHC", "60", row=2),
        Row(CRITERION, "1.1", "1", "Kế hoạch CCHC năm", "60", row=3),
        Row(COMPONENT, "1.1.1", "1.1", "Ban hành kế hoạch đúng hạn", "20", "evidence", row=4),
        Row(COMPONENT, "1.1.2", "1.1", "Tỷ lệ hồ sơ đúng hạn", "30", "computed",
            {"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds", "thresholds": [[95, 30], [90, 20], [80, 10]]},
            row=5),
        Row(COMPONENT, "1.1.3", "1.1", "Tỷ lệ hồ sơ trực tuyến", "10", "computed",
            {"source": "kpi", "kpi": "online_rate", "scale": "linear", "target": 80}, row=6),
        Row(AREA, "3", "", "Cải cách TTHC", "40", applies_to="handles_procedures", row=7),
        Row(CRITERION, "3.1", "3", "Mức độ hài lòng", "40", row=8),
        Row(COMPONENT, "3.1.1", "3.1", "Sự hài lòng của người dân", "39.5", "survey", row=9),
        Row(COMPONENT, "3.1.2", "3.1", "Niêm yết TTHC", "0.5", "", applies_to="handles_procedures", row=10),
    ]


def found(rows, **kw):
    issues, omitted = validate(rows, filename="bo.xlsx", kpi_codes=KPIS, **kw)
    assert omitted == 0
    return [(i.row, i.field, i.message) for i in issues]


def test_a_complete_index_of_100_points_has_no_issue():
    assert found(good()) == []


def test_the_tree_and_the_counts():
    areas = tree(good())
    assert [a.row.code for a in areas] == ["1", "3"]
    assert [c.row.code for c in areas[0].children[0].children] == ["1.1.1", "1.1.2", "1.1.3"]
    assert areas[1].children[0].children[0].points == D("39.5")
    assert counts(good()) == {"area": 2, "criterion": 2, "component": 5}


def test_a_duplicate_code_names_both_rows():
    rows = good()
    rows[4] = replace(rows[4], code="1.1.2")
    issues = found(rows)
    assert (6, "code", "Mã «{code}» trùng với dòng {first}.") in issues
    issue = validate(rows, filename="bo.xlsx", kpi_codes=KPIS)[0][0]
    assert str(issue) == "bo.xlsx, dòng 6, trường «code»: Mã «1.1.2» trùng với dòng 5."


def test_points_that_do_not_add_up_are_named_at_each_level():
    rows = good()
    rows[2] = replace(rows[2], max_points="19")  # components 19 + 30 + 10 = 59 ≠ 60
    issues, _ = validate(rows, filename="bo.xlsx", kpi_codes=KPIS)
    assert [(i.row, i.field, i.text()) for i in issues] == [
        (3, "max_points", "Tổng điểm các tiêu chí thành phần (59) khác điểm tối đa của tiêu chí (60)."),
    ]
    rows = good()
    rows[0] = replace(rows[0], max_points="50")
    rows[1] = replace(rows[1], max_points="50")
    texts = [(i.row, i.text()) for i in validate(rows, kpi_codes=KPIS)[0]]
    assert (3, "Tổng điểm các tiêu chí thành phần (60) khác điểm tối đa của tiêu chí (50).") in texts
    assert (None, "Tổng điểm các lĩnh vực (90) khác tổng điểm của bộ chỉ số (100).") in texts


def test_points_with_decimals_add_up_exactly():
    rows = good()
    rows[7] = replace(rows[7], max_points="39,25")  # a Vietnamese decimal comma: 39.25 + 0.5 ≠ 40
    assert [(r, f) for r, f, _m in found(rows)] == [(8, "max_points")]
    rows[8] = replace(rows[8], max_points=0.75)  # 39.25 + 0.75 = 40
    assert found(rows) == []


@pytest.mark.parametrize(("value", "message"), [
    (None, "Điểm tối đa phải là một số dương."),
    ("", "Điểm tối đa phải là một số dương."),
    ("mười", "Điểm tối đa phải là một số dương."),
    ("-2", "Điểm tối đa phải là một số dương."),
    ("0", "Điểm tối đa phải là một số dương."),
    (True, "Điểm tối đa phải là một số dương."),
    ("NaN", "Điểm tối đa phải là một số dương."),
    ("2.125", "Điểm tối đa có nhiều nhất hai chữ số thập phân."),
])
def test_bad_points_are_named_on_their_row(value, message):
    rows = good()
    rows[2] = replace(rows[2], max_points=value)
    assert (4, "max_points", message) in found(rows)


def test_missing_and_wrong_parents():
    rows = good()
    rows[1] = replace(rows[1], parent="9")
    rows[2] = replace(rows[2], parent="1")  # a component under an area
    rows[5] = replace(rows[5], parent="1")  # an area with a parent
    rows[6] = replace(rows[6], parent="")
    issues = found(rows)
    assert (3, "parent", "Không có lĩnh vực mã «{parent}».") in issues
    assert (4, "parent", "Không có tiêu chí mã «{parent}».") in issues
    assert (7, "parent", "Lĩnh vực không có cấp trên; để trống mã cấp trên.") in issues
    assert (8, "parent", "Thiếu mã cấp trên.") in issues


def test_empty_areas_and_criteria_and_an_empty_file():
    rows = [Row(AREA, "1", "", "Chỉ đạo", "100", row=2), Row(CRITERION, "1.1", "1", "Kế hoạch", "100", row=3)]
    assert (3, "code", "Tiêu chí chưa có tiêu chí thành phần nào.") in found(rows)
    assert found([Row(AREA, "1", "", "Chỉ đạo", "100", row=2)]) == [(2, "code", "Lĩnh vực chưa có tiêu chí nào.")]
    assert found([]) == [(None, "", "Bộ chỉ số chưa có lĩnh vực nào.")]


def test_levels_methods_names_and_applicability():
    rows = good()
    rows[2] = replace(rows[2], method="tự chấm")
    rows[3] = replace(rows[3], level="chỉ tiêu")
    rows[7] = replace(rows[7], name="", applies_to="xã")
    rows[1] = replace(rows[1], applies_to="handles_procedures", method="evidence")
    issues = found(rows)
    assert (4, "method", "Cách chấm «{value}» không hợp lệ; dùng «evidence» (minh chứng), «computed» (tính từ số "
                         "liệu) hoặc «survey» (điều tra xã hội học).") in issues
    assert (5, "level", "Cấp «{value}» không hợp lệ; dùng lĩnh vực, tiêu chí hoặc tiêu chí thành phần.") in issues
    assert (9, "name", "Thiếu tên.") in issues
    assert (9, "applies_to", "Giá trị «{value}» không hợp lệ; dùng «all» (mọi đơn vị) hoặc «handles_procedures» "
                             "(đơn vị có giải quyết TTHC).") in issues
    assert (3, "applies_to", "Chỉ lĩnh vực và tiêu chí thành phần có phạm vi áp dụng.") in issues
    assert (3, "method", "Chỉ tiêu chí thành phần có cách chấm.") in issues


def test_a_rule_only_on_a_computed_component():
    rows = good()
    rows[2] = replace(rows[2], rule={"source": "kpi", "kpi": "ontime_rate", "scale": "linear", "target": 90})
    assert found(rows) == [(4, "rule", "Chỉ tiêu chí thành phần tính từ số liệu («computed») có quy tắc tính điểm.")]


@pytest.mark.parametrize(("rule", "expected"), [
    ({"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds", "thresholds": [[95, 10], [80, 5]]}, []),
    ({"source": "reporting_timeliness", "scale": "linear", "target": 100}, []),
    ({"source": "task_completion", "scale": "linear", "target": "95.5"}, []),
    ({"source": "score766", "scale": "thresholds", "thresholds": [[90, 10], [0, 0]]}, []),
    (None, [("", "Tiêu chí thành phần tính từ số liệu cần quy tắc tính điểm (nguồn số liệu và thang điểm).")]),
    ({}, [("", "Tiêu chí thành phần tính từ số liệu cần quy tắc tính điểm (nguồn số liệu và thang điểm).")]),
    ("kpi", [("", "Tiêu chí thành phần tính từ số liệu cần quy tắc tính điểm (nguồn số liệu và thang điểm).")]),
    ({"source": "excel", "scale": "linear", "target": 1}, [("source", {"value": "excel", "allowed": "kpi, reporting_timeliness, task_completion, score766"})]),
    ({"source": "kpi", "scale": "linear", "target": 1}, [("kpi", "Nguồn «kpi» cần mã chỉ số KPI (khóa «kpi»).")]),
    ({"source": "kpi", "kpi": "late_rate", "scale": "linear", "target": 1}, [("kpi", {"code": "late_rate"})]),
    ({"source": "score766", "scale": "steps"}, [("scale", {"value": "steps"})]),
    ({"source": "score766", "scale": "linear", "target": 0}, [("target", {})]),
    ({"source": "score766", "scale": "linear"}, [("target", {})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": []}, [("thresholds", {})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": [[80, 5], [90, 8]]}, [("thresholds", {"n": 2})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": [[90, 11]]},
     [("thresholds", {"n": 1, "points": "11", "max": "10"})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": [[90, -1]]},
     [("thresholds", {"n": 1, "points": "-1", "max": "10"})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": [90, 5]}, [("thresholds", {"n": 1}),
                                                                              ("thresholds", {"n": 2})]),
    ({"source": "score766", "scale": "thresholds", "thresholds": [["cao", 5]]}, [("thresholds", {"n": 1})]),
])
def test_computed_rules(rule, expected):
    got = check_rule(rule, D(10), kpi_codes=KPIS)
    assert [(key, params if isinstance(want, dict) else message)
            for (message, key, params), (_k, want) in zip(got, expected, strict=True)] == expected


def test_a_kpi_code_is_checked_only_when_the_catalogue_is_given():
    rule = {"source": "kpi", "kpi": "no_such_kpi", "scale": "linear", "target": 90}
    assert check_rule(rule, D(5)) == []
    assert check_rule(rule, D(5), kpi_codes=KPIS) == [("Không có chỉ số KPI mã «{code}».", "kpi",
                                                       {"code": "no_such_kpi"})]


def test_a_bad_rule_is_reported_on_its_component_row():
    rows = good()
    rows[3] = replace(rows[3], rule={"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds",
                                     "thresholds": [[95, 31]]})
    issues, _ = validate(rows, filename="bo.xlsx", kpi_codes=KPIS)
    assert [str(i) for i in issues] == ["bo.xlsx, dòng 5, trường «rule»: Ngưỡng thứ 1: điểm 31 phải từ 0 đến điểm tối "
                                        "đa 30."]


def test_a_hostile_file_keeps_the_first_issues_and_counts_the_rest():
    rows = [Row(AREA, "", "", "", "x", row=n) for n in range(2, 1002)]
    issues, omitted = validate(rows)
    assert len(issues) == 200
    assert omitted > 2000 - 200


@pytest.mark.parametrize(("value", "expected"), [
    ("2", D(2)), (2, D(2)), (2.5, D("2.5")), ("2,5", D("2.5")), (" 1.25 ", D("1.25")), (D("3"), D(3)),
    (None, None), ("", None), ("a", None), (False, None), ("Infinity", None),
])
def test_points_of(value, expected):
    assert points_of(value) == expected


@pytest.mark.parametrize(("bands", "expected"), [
    ([], []),
    (None, []),
    ([{"code": "A", "label": "Nhóm A", "min_pct": 90}, {"code": "B", "label": "Nhóm B", "min_pct": "80"}], []),
    ("A, B", [{}]),
    ([{"code": "A", "min_pct": 90}], [{"n": 1}]),
    ([{"code": "A", "label": "Tốt", "min_pct": 90}, {"code": "A", "label": "Khá", "min_pct": 80}],
     [{"n": 2, "code": "A"}]),
    ([{"code": "A", "label": "Tốt", "min_pct": 120}], [{"n": 1}]),
    ([{"code": "A", "label": "Tốt", "min_pct": 80}, {"code": "B", "label": "Khá", "min_pct": 90}], [{"n": 2}]),
])
def test_bands(bands, expected):
    from cchc.core.parindex_structure import check_bands

    assert [params for _m, params in check_bands(bands)] == expected
