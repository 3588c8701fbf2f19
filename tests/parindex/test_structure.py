"""Index versions as data (cchc.parindex.structure): the illustrative indices validate and load once, an XLSX
or YAML file is imported all or nothing with messages naming file, row and field, a version's code is
imported once (a superseding decision points at the old one), exports round-trip, hostile files are
refused, and the `cchc parindex structure` command."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from cchc.core.errors import InvalidInput
from cchc.parindex import structure
from cchc.parindex.choices import Method, VersionStatus
from cchc.parindex.models import Area, Component, Criterion, IndexVersion

pytestmark = pytest.mark.django_db

HEADER = ["Cấp", "Mã", "Mã cấp trên", "Tên", "Điểm tối đa", "Cách chấm", "Quy tắc tính điểm", "Áp dụng cho",
          "Hướng dẫn, minh chứng cần có", "Cơ quan ban hành", "Năm", "Khối", "Minh họa", "Ngày ban hành"]
VERSION_ROW = ["Bộ chỉ số", "xa-2027", None, "Bộ chỉ số xã 2027", 100, None, None, None, None, "UBND tỉnh Gia Lai",
               2027, "commune", "không", "01/10/2027"]


def rows_small() -> list[list]:
    """A hand-typed index: area 1 (60 = 60), area 3 (40 = 39.5 + 0.5), 100 in all."""
    return [
        ["Lĩnh vực", "1", None, "Chỉ đạo, điều hành CCHC", 60],
        ["Tiêu chí", "1.1", "1", "Kế hoạch CCHC năm", 60],
        ["Tiêu chí thành phần", "1.1.1", "1.1", "Ban hành kế hoạch đúng hạn", 20, "minh chứng", None, None,
         "Quyết định ban hành kế hoạch"],
        ["Tiêu chí thành phần", "1.1.2", "1.1", "Tỷ lệ hồ sơ đúng hạn", 40, "computed",
         '{"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds", "thresholds": [[95, 40], [80, 20], [0, 0]]}'],
        ["Lĩnh vực", "3", None, "Cải cách TTHC", 40, None, None, "handles_procedures"],
        ["Tiêu chí", "3.1", "3", "Sự hài lòng", 40],
        ["Tiêu chí thành phần", "3.1.1", "3.1", "Sự hài lòng của người dân", 39.5, "survey"],
        ["Tiêu chí thành phần", "3.1.2", "3.1", "Niêm yết TTHC", "0,5", "evidence", None, "đơn vị có giải quyết TTHC"],
    ]


def xlsx(rows: list[list], header=None, version=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    ws.append(version or VERSION_ROW)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def issues_of(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(i) for i in exc.value.issues]


def tree_of(version: IndexVersion) -> list:
    """The whole tree as plain data, to compare two versions."""
    return [(a.code, a.name, a.order, a.max_points, a.applies_to,
             [(c.code, c.name, c.order, c.max_points,
               [(t.code, t.name, t.order, t.max_points, t.method, t.rule, t.guidance, t.applies_to)
                for t in c.components.all()]) for c in a.criteria.all()])
            for a in version.areas.all()]


def test_a_hand_typed_xlsx_is_imported_whole():
    version = structure.import_structure(xlsx(rows_small()), "xa.xlsx")
    assert (version.code, version.year, version.block, version.status, version.illustrative) == \
        ("xa-2027", 2027, "commune", VersionStatus.IN_FORCE, False)
    assert str(version.decision_date) == "2027-10-01"
    assert [(a.code, a.max_points, a.applies_to) for a in version.areas.all()] == [
        ("1", Decimal("60.00"), "all"), ("3", Decimal("40.00"), "handles_procedures")]
    c = Component.objects.get(criterion__area__version=version, code="1.1.2")
    assert (c.method, c.rule["kpi"], c.rule["thresholds"][0]) == (Method.COMPUTED, "ontime_rate", [95, 40])
    last = Component.objects.get(criterion__area__version=version, code="3.1.2")
    assert (last.max_points, last.method, last.applies_to) == (Decimal("0.50"), "evidence", "handles_procedures")
    assert Component.objects.get(criterion__area__version=version, code="1.1.1").guidance == \
        "Quyết định ban hành kế hoạch"


def test_bad_rows_are_named_and_nothing_is_written():
    rows = rows_small()
    rows[2][4] = 15  # 15 + 40 ≠ 60
    rows[6][5] = "phỏng vấn"
    rows[3][6] = '{"source": "kpi", "kpi": "khong_co", "scale": "linear", "target": 90}'
    rows[5][2] = "9"
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows), "xa.xlsx")
    found = issues_of(exc)
    assert "xa.xlsx, dòng 4, trường «Điểm tối đa»: Tổng điểm các tiêu chí thành phần (55) khác điểm tối đa của tiêu " \
           "chí (60)." in found
    assert any(s.startswith("xa.xlsx, dòng 9, trường «Cách chấm»: Cách chấm «phỏng vấn» không hợp lệ") for s in found)
    assert "xa.xlsx, dòng 6, trường «Quy tắc tính điểm»: Không có chỉ số KPI mã «khong_co»." in found
    assert "xa.xlsx, dòng 8, trường «Mã cấp trên»: Không có lĩnh vực mã «9»." in found
    assert IndexVersion.objects.count() == Area.objects.count() == Component.objects.count() == 0


def test_an_unreadable_rule_cell_and_unknown_columns():
    rows = rows_small()
    rows[3][6] = "{source: kpi, scale: [linear"
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows), "xa.xlsx")
    assert any(s.startswith("xa.xlsx, dòng 6, trường «Quy tắc tính điểm»: Không đọc được ô") for s in issues_of(exc))
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small(), header=[*HEADER[:-1], "Ghi chú"]), "xa.xlsx")
    assert issues_of(exc) == ["xa.xlsx, dòng 1, trường «Ghi chú»: Cột không xác định «Ghi chú» (cột 14)."]


def test_the_version_row_is_checked():
    version = ["Bộ chỉ số", "Xã 2027!", None, "", 100, None, None, None, None, "", 1999, "district", "có lẽ",
               "31/02/2027"]
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small(), version=version), "xa.xlsx")
    found = issues_of(exc)
    for field in ("Mã", "Tên", "Cơ quan ban hành", "Năm", "Khối", "Minh họa", "Ngày ban hành"):
        assert any(s.startswith(f"xa.xlsx, dòng 2, trường «{field}»") for s in found), field
    wb_without = xlsx([], version=rows_small()[0])
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(wb_without, "xa.xlsx")
    assert any("Thiếu dòng «Bộ chỉ số»" in s for s in issues_of(exc))


def test_a_code_is_imported_once_and_a_new_decision_supersedes():
    old = structure.import_structure(xlsx(rows_small()), "xa.xlsx")
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small()), "xa.xlsx")
    assert issues_of(exc) == ["xa.xlsx, dòng 2, trường «Mã»: Đã có bộ chỉ số mã «xa-2027». Quyết định sửa đổi, thay "
                              "thế được nhập với mã mới và ghi mã cũ ở «supersedes» (thay thế bộ chỉ số)."]
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small(), version=["Bộ chỉ số", "xa-2027-b", *VERSION_ROW[2:]]),
                                   "xa2.xlsx", supersedes="khong-co")
    assert "Không có bộ chỉ số mã «khong-co» để thay thế." in issues_of(exc)[0]
    other_block = ["Bộ chỉ số", "so-2027", *VERSION_ROW[2:11], "agency", *VERSION_ROW[12:]]
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small(), version=other_block), "so.xlsx", supersedes="xa-2027")
    assert issues_of(exc) == ["so.xlsx, dòng 2, trường «Thay thế bộ chỉ số»: Bộ chỉ số «xa-2027» thuộc khối khác; "
                              "quyết định thay thế phải cùng khối."]
    new = structure.import_structure(xlsx(rows_small(), version=["Bộ chỉ số", "xa-2027-b", *VERSION_ROW[2:]]),
                                     "xa2.xlsx", supersedes="xa-2027")
    old.refresh_from_db()
    assert (old.status, new.supersedes, new.status) == (VersionStatus.SUPERSEDED, old, VersionStatus.IN_FORCE)


@pytest.mark.parametrize("fmt", ["xlsx", "yaml"])
def test_an_export_imports_back_to_the_same_tree(fmt):
    original = structure.load_illustrative()[1]
    original.bands = [{"code": "T", "label": "Tốt", "min_pct": 85}, {"code": "K", "label": "Khá", "min_pct": 70.5}]
    original.decision, original.decision_date, original.survey_optional = "1234/QĐ-UBND", date(2026, 10, 1), True
    original.save()
    content = structure.write_xlsx(original) if fmt == "xlsx" else structure.write_yaml(original)
    before = tree_of(original)
    head = {f: getattr(original, f) for f in ("code", "name", "issuer", "decision", "decision_date", "year",
                                             "block", "bands", "survey_optional", "illustrative", "source")}
    Area.objects.filter(version=original).delete()
    original.delete()
    again = structure.import_structure(content, f"export.{fmt}")
    assert tree_of(again) == before
    assert {f: getattr(again, f) for f in head} == head


def test_a_yaml_file_names_its_lines():
    text = (structure.DATA_DIR / "illustrative_commune_2026.yaml").read_text(encoding="utf-8")
    text = text.replace("code: minh-hoa-xa-phuong-2026", "code: thu-2026").replace("max_points: 7\n", "max_points: 8\n")
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(text.encode(), "xa.yaml")
    line = text.splitlines().index("      - code: '3.1'") + 1  # the criterion whose components do not add up
    assert any(s.startswith(f"xa.yaml, dòng {line}, trường «max_points»") for s in issues_of(exc))
    assert any("Tổng điểm các tiêu chí thành phần (13) khác điểm tối đa của tiêu chí (12)." in s for s in issues_of(exc))


@pytest.mark.parametrize(("content", "name", "expected"), [
    (b"version: [\n", "a.yaml", "Tệp YAML sai cú pháp"),
    (b"a: &x [1]\nb: *x\nversion: {code: x}\n", "a.yaml", "bí danh"),
    (b"- 1\n- 2\n", "a.yaml", "Thiếu phần «version»"),
    (b"version: {code: x}\nareas: {a: 1}\n", "a.yaml", "phải là một danh sách"),
    (b"\xff\xfe\x00garbage", "a.yaml", "UTF-8"),
    (b"PK\x03\x04 not a zip", "a.xlsx", "Không đọc được tệp Excel"),
    (b"code,name\n", "a.csv", "Chỉ nhận tệp .xlsx, .yaml hoặc .yml."),
])
def test_hostile_or_broken_files_are_refused_with_a_message(content, name, expected):
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(content, name)
    assert expected in " ".join(issues_of(exc))


def test_files_over_the_limits_are_refused(settings):
    settings.IMPORT_MAX_BYTES = 2000
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(b"version: {}\n" + b"#" * 3000, "a.yaml")
    assert "IMPORT_MAX_BYTES" in issues_of(exc)[0]
    settings.IMPORT_MAX_BYTES = 10_000_000
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows_small()), "xa.xlsx")
    assert "IMPORT_MAX_ROWS" in issues_of(exc)[0]
    many = "version: {code: x}\nareas:\n" + "".join(f"  - {{code: '{n}'}}\n" for n in range(10))
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(many.encode(), "a.yaml")
    assert "IMPORT_MAX_ROWS" in issues_of(exc)[0]


def test_a_file_of_many_bad_rows_keeps_the_first_issues_and_counts_the_rest():
    rows = [["Lĩnh vực", "", None, "", "x"] for _ in range(400)]
    with pytest.raises(InvalidInput) as exc:
        structure.import_structure(xlsx(rows), "xa.xlsx")
    assert len(exc.value.issues) == 200 and exc.value.count > 1000


def test_the_illustrative_indices_are_complete_and_load_once():
    agency, commune = structure.load_illustrative(2026)
    for version, block in ((agency, "agency"), (commune, "commune")):
        assert (version.block, version.year, version.illustrative) == (block, 2026, True)
        assert "minh họa" in version.name and "minh họa" in version.source.lower()
        areas = list(version.areas.all())
        assert len(areas) == 8 and sum(a.max_points for a in areas) == 100
        components = Component.objects.filter(criterion__area__version=version)
        assert 25 <= components.count() <= 35
        assert {c.method for c in components} == {"evidence", "computed", "survey"}
        assert version.areas.get(code="3").applies_to == "handles_procedures"
        assert components.filter(code__startswith="7.", applies_to="handles_procedures").exists()
        assert components.filter(criterion__area__code="8", method="survey").exists()
        sources = {c.rule["source"] for c in components.filter(method="computed")}
        assert sources == {"kpi", "reporting_timeliness", "task_completion", "score766"}
        kpis = {c.rule.get("kpi") for c in components.filter(method="computed")}
        assert {"ontime_rate", "inspection_remediation_rate"} <= kpis
    assert structure.load_illustrative(2026) == [agency, commune]  # idempotent
    assert IndexVersion.objects.count() == 2 and Criterion.objects.count() == 48
    later = structure.load_illustrative(2027)
    assert [v.year for v in later] == [2027, 2027] and IndexVersion.objects.count() == 4


def test_the_national_versions_are_counts_with_sources_never_points():
    known = structure.national_versions()
    by = {v["decision"]: v for v in known}
    assert by["876/QĐ-BNV"]["province"] == {"areas": 8, "criteria": 37, "component_criteria": 88, "survey_points": 32}
    assert by["1150/QĐ-BNV"]["province"]["component_criteria"] == 95  # the seed's "42/95"
    assert by["892/QĐ-BNV"]["province"] is None and by["1187/QĐ-BNV"]["ministry"] is None
    assert all(v["source"] for v in known)
    text = (structure.DATA_DIR / structure.NATIONAL_FILE).read_text(encoding="utf-8")
    assert "max_points" not in text


def test_the_command_imports_and_exports(tmp_path, capsys):
    path = tmp_path / "xa.xlsx"
    path.write_bytes(xlsx(rows_small()))
    call_command("parindex", "structure", "import", str(path))
    assert "đã nhập bộ chỉ số xa-2027 — 2 lĩnh vực, 2 tiêu chí, 4 tiêu chí thành phần" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    call_command("parindex", "structure", "export", "xa-2027", "--format", "yaml", "-o", str(out))
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["version"]["code"] == "xa-2027" and doc["areas"][1]["criteria"][0]["components"][0]["max_points"] == 39.5
    out = tmp_path / "out.xlsx"
    call_command("parindex", "structure", "export", "xa-2027", "--format", "xlsx", "-o", str(out))
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:5] == HEADER[:5] and sheet["A2"].value == "Bộ chỉ số"
    path2 = tmp_path / "xa2.xlsx"
    path2.write_bytes(xlsx(rows_small(), version=["Bộ chỉ số", "xa-2027-b", *VERSION_ROW[2:]]))
    call_command("parindex", "structure", "import", str(path2), "--supersedes", "xa-2027")
    assert IndexVersion.objects.get(code="xa-2027").status == VersionStatus.SUPERSEDED


def test_the_command_refuses_a_bad_file_with_its_rows(tmp_path):
    rows = rows_small()
    rows[0][4] = 70
    path = tmp_path / "xa.xlsx"
    path.write_bytes(xlsx(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Có 2 lỗi, không ghi bộ chỉ số nào."):
        call_command("parindex", "structure", "import", str(path), stderr=err)
    assert "xa.xlsx, dòng 3, trường «Điểm tối đa»" in err.getvalue()
    assert IndexVersion.objects.count() == 0
