"""Importing publication records: a good file gives the figures worked by hand (conftest.py); every kind
of bad input is refused with the file, row and field named, and nothing at all is written."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.core.errors import InvalidInput
from cchc.publications import figures766, services
from cchc.publications.models import Publication, PublicationFigure, PublicationImport
from tests.publications.conftest import Q1, Q2, YEAR, csv_of, rows


def _figures(unit, kind, start):
    got = figures766.figures(kind, start, [unit.pk]).get(unit.pk)
    return None if got is None else {code: (f.numerator, f.denominator) for code, f in got.items()}


def test_a_good_file_gives_the_figures_worked_by_hand(province, good_file):
    summary = services.import_file(good_file, "cong-bo.csv")
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (5, 5, 0, 0)
    half = {"1.1": (1, 2), "1.2": (1, 2), "1.3": (1, 2)}
    for unit in (province.province, province.snv, province.district, province.commune2):
        assert _figures(unit, "quarter", Q2) == half, unit.name
    assert _figures(province.commune, "quarter", Q2) == {"1.1": (1, 1), "1.2": (1, 1), "1.3": (1, 1)}
    assert _figures(province.snv, "year", YEAR) == {"1.1": (1, 3), "1.2": (2, 3), "1.3": (2, 3)}
    assert _figures(province.snv, "quarter", Q1) == {"1.1": (0, 1), "1.2": (1, 1), "1.3": (1, 1)}
    assert _figures(province.snv, "month", Q2) is None  # nothing decided in April for the province


def test_reimporting_the_same_file_changes_nothing(province, good_file):
    services.import_file(good_file, "cong-bo.csv")
    stamp = figures766.stamp()
    again = services.import_file(good_file, "cong-bo.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert Publication.objects.count() == 5
    assert figures766.stamp() != stamp, "every import moves the scoreboard's stamp"


def test_a_changed_row_updates_the_record_and_the_figures(province, good_file):
    services.import_file(good_file, "cong-bo.csv")
    fixed = rows(province)
    fixed[2] = fixed[2].replace("16/06/2026", "15/06/2026").replace(";applicants", ";applicants;agency")
    summary = services.import_file(csv_of(fixed), "cong-bo.csv")
    assert (summary.created, summary.updated) == (0, 1)
    assert _figures(province.snv, "quarter", Q2) == {"1.1": (1, 2), "1.2": (2, 2), "1.3": (2, 2)}


def test_an_xlsx_file_is_read_like_a_csv(province, procedures):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã TTHC", "Đơn vị", "Số QĐ công bố", "Ngày QĐ công bố", "Ngày hiệu lực", "Ngày công khai CSDLQG",
               "Bộ phận", "Cấp công bố"])
    ws.append(["P1", "52", "1/QĐ-UBND", "08/06/2026", "15/06/2026", "15/06/2026", "đủ", "tỉnh"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert services.import_file(buffer.getvalue(), "cong-bo.xlsx").created == 1
    assert _figures(province.snv, "quarter", Q2) == {"1.1": (1, 1), "1.2": (1, 1), "1.3": (1, 1)}


BAD = [
    # (what, row index to replace (None: add), the row, field, words of the message)
    ("unknown-procedure", 0, "P9,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh", "procedure_code", "P9"),
    ("bad-date", 1, "P1,52,2/QĐ-UBND,31/02/2026,15/06/2026,16/06/2026,đủ,tỉnh", "decision_date", "31/02/2026"),
    ("missing-effective", 1, "P1,52,2/QĐ-UBND,09/06/2026,,16/06/2026,đủ,tỉnh", "effective_date", "hiệu lực"),
    ("unknown-part", 2, "P2,52,1/QĐ-UBND,08/06/2026,15/06/2026,16/06/2026,name;fee,tỉnh", "parts", "fee"),
    ("unknown-unit", 3, "P3,99,3/QĐ-UBND,12/02/2026,25/02/2026,26/02/2026,đủ,", "unit", "99"),
    ("bad-level", 3, "P3,52,3/QĐ-UBND,12/02/2026,25/02/2026,26/02/2026,đủ,huyện", "level", "huyện"),
    ("published-before", 0, "P1,52,1/QĐ-UBND,08/06/2026,15/06/2026,05/06/2026,đủ,tỉnh", "published_on", "trước"),
    ("duplicate", None, "P1,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh", "decision_number", "dòng 2"),
    ("year-typo", 0, "P1,52,1/QĐ-UBND,08/06/0226,15/06/2026,15/06/2026,đủ,tỉnh", "decision_date", "0226"),
]


@pytest.mark.parametrize(("what", "index", "line", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_naming_file_row_and_field_and_nothing_is_written(province, procedures, what, index,
                                                                               line, field, words):
    lines = rows(province)
    if index is None:
        lines.append(line)
        row = len(lines) + 1
    else:
        lines[index] = line
        row = index + 2
    with pytest.raises(InvalidInput) as caught:
        services.import_file(csv_of(lines), "cong-bo.csv")
    issues = caught.value.issues
    assert [(i.file, i.row, i.field) for i in issues] == [("cong-bo.csv", row, field)], [str(i) for i in issues]
    assert words in str(issues[0])
    assert Publication.objects.count() == PublicationFigure.objects.count() == PublicationImport.objects.count() == 0


def test_a_file_with_an_unknown_or_missing_column_is_refused_at_row_1(province, procedures):
    with pytest.raises(InvalidInput) as caught:
        services.import_file(b"procedure_code,unit,decision_number,colour\nP1,52,1,red\n", "x.csv")
    found = {(i.row, i.field) for i in caught.value.issues}
    assert (1, "colour") in found and (1, "decision_date") in found and (1, "parts") in found


def test_only_csv_and_xlsx(province):
    with pytest.raises(InvalidInput) as caught:
        services.import_file(b"[]", "x.json")
    assert caught.value.issues[0].file == "x.json"


def test_an_earlier_import_is_kept_whole_when_a_later_file_is_refused(province, good_file):
    services.import_file(good_file, "cong-bo.csv")
    before = list(PublicationFigure.objects.order_by("pk").values_list("pk", "procedures", "announced_on_time"))
    lines = rows(province)
    lines[0] = lines[0].replace("15/06/2026,15/06/2026", "15/06/2026,10/06/2026")  # a valid change …
    lines.append("P9,52,9/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh")  # … and an unknown procedure
    with pytest.raises(InvalidInput):
        services.import_file(csv_of(lines), "cong-bo.csv")
    assert Publication.objects.get(procedure__code="P1", decision_number="1/QĐ-UBND").published_on.day == 15
    assert list(PublicationFigure.objects.order_by("pk").values_list("pk", "procedures", "announced_on_time")) == before


def test_the_command_imports_and_refuses(province, good_file, tmp_path, capsys):
    path = tmp_path / "cong-bo.csv"
    path.write_bytes(good_file)
    call_command("publications", "import", str(path))
    assert "5 bản ghi mới" in capsys.readouterr().out
    bad = tmp_path / "loi.csv"
    bad.write_bytes(csv_of(["P9,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh"]))
    with pytest.raises(CommandError) as caught:
        call_command("publications", "import", str(bad))
    assert caught.value.returncode == 1
    assert "loi.csv, dòng 2, trường «procedure_code»" in capsys.readouterr().err
