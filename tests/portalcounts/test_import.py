"""Taking in the counts by file: good files (CSV, XLSX, the portal's codes and aliases), each kind of bad
row refused with its file, row and field and nothing written, a re-import that replaces (audited), and the
command."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.core.errors import InvalidInput
from cchc.portalcounts.models import PortalCount
from cchc.portalcounts.services import import_file
from tests.portalcounts.helpers import GOOD, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
Q3 = date(2026, 7, 1)


def stored() -> dict:
    return {(c.unit.code, c.period_kind, c.period_start, c.indicator): (c.numerator, c.denominator)
            for c in PortalCount.objects.select_related("unit")}


def test_a_good_csv_is_taken_in_whole(province, portal_alias, users):
    result = import_file(csv_bytes(GOOD), "dvcqg-q3.csv", user=users["officer"])
    assert (result.rows, result.created, result.replaced, result.unchanged) == (4, 4, 0, 0)
    assert stored() == {
        ("52.SNV", "quarter", Q3, "1.4"): (540, None),
        ("52.SNV", "quarter", Q3, "5.5"): (20, 741),  # the portal's metric code
        ("90101", "quarter", Q3, "5.3"): (1, 1),  # the commune by its name
        ("52.SNV", "quarter", Q3, "5.6"): (21, 99),  # the department by its portal code H21.17
    }
    sync = PortalCount.objects.get(indicator="1.4")
    assert (sync.received_national, sync.received_dvcqg, sync.scored_denominator) == (547, 530, 547)
    assert sync.source == "dvcqg-q3.csv" and sync.imported_by == users["officer"] and not sync.illustrative


def test_a_good_xlsx_with_kind_and_first_day(province):
    header = ["Đơn vị", "Kỳ", "Loại kỳ", "Chỉ số", "Tử số", "Mẫu số"]
    rows = [["52.STP", "2026-10-01", "month", "4.1", 8, 12], ["52.STP", "2026", "", "4.2", 8.0, 12]]
    result = import_file(xlsx_bytes(rows, header), "phi.xlsx")
    assert result.created == 2
    assert stored() == {("52.STP", "month", date(2026, 10, 1), "4.1"): (8, 12),
                        ("52.STP", "year", date(2026, 1, 1), "4.2"): (8, 12)}


BAD = [
    (["Xã Không Có", "Q3/2026", "5.5", "1", "2", "", ""], "unit", "Không tìm thấy đơn vị"),
    (["52.SNV", "Q9/2026", "5.5", "1", "2", "", ""], "period", "không đọc được"),
    (["52.SNV", "Q3/2026", "2.1", "1", "2", "", ""], "indicator", "không nhận ở đây"),
    (["52.SNV", "Q3/2026", "5.5", "1,5", "2", "", ""], "numerator", "số nguyên"),
    (["52.SNV", "Q3/2026", "5.5", "-1", "2", "", ""], "numerator", "không được âm"),
    (["52.SNV", "Q3/2026", "5.5", "3", "2", "", ""], "numerator", "lớn hơn mẫu số"),
    (["52.SNV", "Q3/2026", "5.5", "", "", "", ""], "numerator", "Thiếu tử số và mẫu số"),
    (["52.SNV", "Q3/2026", "1.4", "3", "", "5", ""], "received_dvcqg", "cả hai số"),
    (["52.SNV", "Q3/2026", "1.4", "3", "4", "5", "2"], "denominator", "số lớn hơn"),
    (["52.SNV", "Q3/2026", "5.5", "1", "2", "5", "5"], "received_national", "Chỉ chỉ số 1.4"),
    (["", "Q3/2026", "5.5", "1", "2", "", ""], "unit", "Thiếu giá trị"),
    (["52.SNV", "Q3/2026", "SNV-LIKE", "1", "2", "", ""], "indicator", "không nhận ở đây"),
]


@pytest.mark.parametrize(("row", "field", "words"), BAD,
                         ids=["unknown-unit", "bad-period", "not-taken-in", "fraction", "negative", "above",
                              "empty", "one-received", "wrong-sync-denominator", "received-not-1.4", "no-unit",
                              "unknown-code"])
def test_each_bad_row_refuses_the_file_naming_file_row_field(province, row, field, words):
    content = csv_bytes([GOOD[0], row])  # a good row first: nothing of it may be written
    with pytest.raises(InvalidInput) as refused:
        import_file(content, "xau.csv")
    issues = refused.value.issues
    assert [(i.file, i.row, i.field) for i in issues] == [("xau.csv", 3, field)], [str(i) for i in issues]
    assert words in str(issues[0])
    assert PortalCount.objects.count() == 0


def test_a_row_repeated_in_the_file_is_refused(province):
    with pytest.raises(InvalidInput) as refused:
        import_file(csv_bytes([GOOD[1], GOOD[1]]), "lap.csv")
    assert [(i.row, i.field) for i in refused.value.issues] == [(3, "indicator")]
    assert "dòng 2" in str(refused.value.issues[0])
    assert PortalCount.objects.count() == 0


def test_a_missing_column_an_empty_file_and_a_wrong_kind_of_file(province):
    with pytest.raises(InvalidInput) as refused:
        import_file(csv_bytes([["52.SNV", "5.5"]], header=["unit", "indicator"]), "thieu.csv")
    assert "period" in str(refused.value.issues[0]) and refused.value.issues[0].file == "thieu.csv"
    with pytest.raises(InvalidInput):
        import_file(csv_bytes([]), "rong.csv")
    with pytest.raises(InvalidInput):
        import_file(b"abc", "so-lieu.txt")
    assert PortalCount.objects.count() == 0


def test_a_reimport_replaces_and_the_audit_trail_keeps_the_old_counts(province, portal_alias, users):
    import_file(csv_bytes(GOOD), "lan-1.csv", user=users["officer"])
    changed = [list(GOOD[1]), list(GOOD[2])]
    changed[0][3] = "40"
    result = import_file(csv_bytes(changed), "lan-2.csv", user=users["admin"])
    assert (result.created, result.replaced, result.unchanged) == (0, 1, 1)
    assert PortalCount.objects.count() == 4
    row = PortalCount.objects.get(indicator="5.5")
    assert (row.numerator, row.source, row.imported_by) == (40, "lan-2.csv", users["admin"])
    update = LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).get()
    assert update.changes_dict["numerator"] == ["20", "40"]


def test_the_command_takes_a_file_in_and_refuses_a_bad_one(province, tmp_path, users):
    good = tmp_path / "tot.csv"
    good.write_bytes(csv_bytes([GOOD[1]]))
    call_command("portalcounts", "import", str(good), "--user", users["officer"].username)
    assert PortalCount.objects.get().imported_by == users["officer"]
    bad = tmp_path / "xau.csv"
    bad.write_bytes(csv_bytes([BAD[0][0]]))
    with pytest.raises(CommandError):
        call_command("portalcounts", "import", str(bad))
    with pytest.raises(CommandError):  # a focal point may not be the importer
        call_command("portalcounts", "import", str(good), "--user", users["focal_snv"].username)
    assert PortalCount.objects.count() == 1

