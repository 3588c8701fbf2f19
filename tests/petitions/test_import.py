"""Importing petitions (PAKN): a good file writes petitions with their verdicts and figures; a bad one is
refused whole with Vietnamese messages naming file, row and field; the command and the API do the same."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cchc.core.errors import InvalidInput
from cchc.petitions import figures766, services
from cchc.petitions.models import Petition, PetitionCoverage, PetitionFigure, PetitionImport
from cchc.platform.tables import read_table
from cchc.units.models import UnitAlias

AS_OF = date(2026, 10, 10)
HEADER = "code,unit,received_on,action,acted_on,likes,dislikes,recomplained,topic,title\n"
GOOD = HEADER + (
    "P1,52.SNV,2026-03-02,processed,2026-03-20,3,0,0,rules,Hỏi về thủ tục\n"  # due 23/3: on time, satisfied
    "P2,52.SNV,2026-03-06,rejected,2026-03-12,0,0,0,officials,\n"  # due 10/3: late, so unsatisfied too
    "P3,52.SNV,2026-03-09,processed,2026-03-13,1,4,0,rules,\n"  # on time, disliked
    "P4,H21.99,2026-04-01,,,0,0,có,,Phản ánh lại\n"  # pending past 15 working days on 10/10, re-complained
)


def table(text: str, name: str = "pakn.csv"):
    return read_table(text.encode("utf-8"), name)


@pytest.fixture
def alias(province):
    UnitAlias.objects.create(source_system="dvcqg", code="H21.99", unit=province.commune)


def test_a_good_file_writes_petitions_verdicts_and_figures(province, alias):
    result = services.import_table(table(GOOD), as_of=AS_OF)
    assert (result.rows, result.created, result.updated, result.units, result.late, result.unsatisfied) == (4, 4, 0, 2, 2, 3)
    p2 = Petition.objects.get(code="P2")
    assert (p2.due_on, p2.on_time, p2.satisfied, p2.topic) == (date(2026, 3, 10), False, False, "officials")
    assert Petition.objects.get(code="P4").unit == province.commune  # by the portal's code (an alias)
    march = PetitionFigure.objects.get(unit=province.snv, period_kind="month", period_start=date(2026, 3, 1))
    assert (march.received, march.on_time, march.satisfied, march.about_rules, march.about_officials) == (3, 2, 1, 2, 1)
    year = figures766.figures("year", date(2026, 1, 1), [province.snv.pk, province.commune.pk])
    assert year[province.snv.pk]["6.1"][:2] == (2, 3) and year[province.snv.pk]["6.2"][:2] == (1, 3)
    assert year[province.commune.pk]["6.1"][:2] == (0, 1)
    assert PetitionCoverage.objects.filter(province=province.province, period_kind="month").count() == 2


def test_importing_again_updates_by_code_and_moves_the_figures(province, alias):
    services.import_table(table(GOOD), as_of=AS_OF)
    moved = HEADER + "P1,90102,2026-03-02,processed,2026-03-20,3,0,0,rules,\n"
    result = services.import_table(table(moved), as_of=AS_OF)
    assert (result.created, result.updated) == (0, 1)
    assert Petition.objects.count() == 4
    march = {f.unit_id: f.received for f in PetitionFigure.objects.filter(period_kind="month", period_start=date(2026, 3, 1))}
    assert march == {province.snv.pk: 2, province.commune2.pk: 1}
    assert PetitionImport.objects.count() == 2


def test_an_xlsx_file_is_read_too(province):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "unit", "received_on", "action", "acted_on"])
    sheet.append(["X1", "52.STP", date(2026, 5, 4), "xử lý", date(2026, 5, 5)])
    out = io.BytesIO()
    book.save(out)
    services.import_table(read_table(out.getvalue(), "pakn.xlsx"), as_of=AS_OF)
    assert Petition.objects.get(code="X1").action == "processed"


BAD = HEADER + (
    "B1,52.SNV,2026-03-02,processed,2026-03-20,3,0,0,rules,\n"
    "B2,Không có đơn vị này,2026-03-02,,,0,0,0,,\n"
    "B3,52.SNV,02/13/2026,,,0,0,0,,\n"
    "B4,52.SNV,2026-03-02,answered,2026-03-03,0,0,0,,\n"
    "B5,52.SNV,2026-03-02,processed,,x,0,maybe,,\n"
    "B1,52.SNV,2026-03-05,,,0,0,0,,\n"
)


def test_a_bad_file_writes_nothing_and_names_file_row_and_field(province):
    with pytest.raises(InvalidInput) as caught:
        services.import_table(table(BAD, "xau.csv"), as_of=AS_OF)
    where = {(i.file, i.row, i.field) for i in caught.value.issues}
    assert {("xau.csv", 3, "unit"), ("xau.csv", 4, "received_on"), ("xau.csv", 5, "action"),
            ("xau.csv", 6, "acted_on"), ("xau.csv", 6, "likes"), ("xau.csv", 6, "recomplained"),
            ("xau.csv", 7, "code")} == where
    texts = " | ".join(str(i) for i in caught.value.issues)
    assert "xau.csv, dòng 4, trường «received_on»: «02/13/2026» không phải ngày" in texts
    assert "trùng với dòng 2" in texts
    assert not Petition.objects.exists() and not PetitionFigure.objects.exists() and not PetitionImport.objects.exists()


def test_a_file_without_a_required_column_is_refused(province):
    with pytest.raises(InvalidInput) as caught:
        services.import_table(table("code,received_on\nA,2026-01-05\n"), as_of=AS_OF)
    assert "Thiếu cột bắt buộc: unit." in str(caught.value)


def test_the_command_imports_and_refuses(province, tmp_path, capsys):
    good, bad = tmp_path / "tot.csv", tmp_path / "xau.csv"
    good.write_text(HEADER + "C1,52.SNV,2026-03-02,processed,2026-03-20,0,0,0,,\n", encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    call_command("petitions", "import", str(good), "--as-of", "2026-10-10")
    assert "tot.csv: 1 PAKN" in capsys.readouterr().out
    with pytest.raises((SystemExit, CommandError)):
        call_command("petitions", "import", str(bad))
    assert Petition.objects.count() == 1


def test_before_any_import_there_is_no_figure_then_units_without_petitions_get_0_of_0(province):
    start = date(2026, 1, 1)
    assert figures766.figures("year", start, [province.stp.pk]) == {}
    services.import_table(table(HEADER + "Y1,52.SNV,2026-03-02,processed,2026-03-20,0,0,0,,\n"), as_of=AS_OF)
    empty = figures766.figures("year", start, [province.stp.pk])[province.stp.pk]
    assert empty["6.1"][:2] == (0, 0) and empty["6.2"][:2] == (0, 0)
    assert figures766.figures("year", date(2025, 1, 1), [province.stp.pk]) == {}  # another year: not imported
    assert figures766.stamp() != "petitions:none"
