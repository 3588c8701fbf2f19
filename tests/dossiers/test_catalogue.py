"""The procedure catalogue: the shipped real catalogue (2,647 TTHC), its mapping of levels, time units
and fees, the months it refuses to turn into days, idempotent re-import, all-or-nothing refusal, the
demo online levels and the command."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from cchc.core.errors import InvalidInput
from cchc.dossiers.catalogue import DEMO_CATALOGUE, demo_online_level, import_catalogue, import_demo_catalogue
from cchc.dossiers.models import Procedure
from tests.dossiers.helpers import csv_bytes, xlsx_bytes

HEADER = ["code", "name", "field", "level", "time_limit", "time_unit", "fee", "online_level", "source"]


def _row(**values) -> dict:
    row = dict.fromkeys(HEADER, "")
    row.update(code="9.000001", name="Thủ tục thử nghiệm", field="Hộ tịch", level="xã", time_limit="3",
               time_unit="ngày làm việc", fee="no")
    row.update(values)
    return row


def _import_shipped():
    return import_catalogue(DEMO_CATALOGUE.read_bytes(), DEMO_CATALOGUE.name)


def test_the_shipped_catalogue_imports_with_its_fields_mapped(db):
    summary = _import_shipped()

    assert (summary.rows, summary.created, Procedure.objects.count()) == (2647, 2647, 2647)
    birth = Procedure.objects.get(code="1.001193")
    assert birth.name == "Thủ tục đăng ký khai sinh"
    assert birth.field == "Hộ tịch"
    assert birth.levels == ["commune"]
    # The portal printed "1" without a unit: read as working days (documented inference).
    assert (birth.time_limit, birth.time_limit_kind) == (Decimal("1.00"), "working_days")
    assert birth.has_fee is False
    assert birth.online_level == "none"
    assert birth.source.startswith("github:chatbot-tthc/chatbot_tthc@53229487610b:")

    lawyers = Procedure.objects.get(code="1.002010")  # tỉnh, 7 ngày làm việc, "yes: 50 VND"
    assert (lawyers.levels, lawyers.time_limit, lawyers.time_limit_kind, lawyers.has_fee) == (
        ["province"], Decimal("7.00"), "working_days", True)
    carbon = Procedure.objects.get(code="1.010683")  # cấp bộ only, 10 ngày
    assert (carbon.levels, carbon.time_limit_kind) == ([], "calendar_days")
    badge = Procedure.objects.get(code="3.000370")  # bộ;tỉnh, 1 giờ
    assert (badge.levels, badge.time_limit, badge.time_limit_kind) == (["province"], Decimal("1.00"), "hours")
    assert Procedure.objects.get(code="1.013097").time_limit == Decimal("1.50")  # 1.5 ngày làm việc
    assert Procedure.objects.get(code="2.000635").levels == ["province", "commune"]  # tỉnh;xã


def test_limits_in_months_are_left_empty_with_a_warning_naming_the_row(db):
    summary = _import_shipped()

    months = Procedure.objects.get(code="2.000511")  # 12 tháng
    assert (months.time_limit, months.time_limit_kind) == (None, "")
    month_warnings = [w for w in summary.warnings if w.field == "time_unit"]
    assert len(month_warnings) == 8  # every "tháng" row of the catalogue
    assert month_warnings[0].row == 148 and month_warnings[0].file == "tthc_catalogue.csv"
    assert "12 tháng" in month_warnings[0].message and "không quy đổi" in month_warnings[0].message
    # A limit of 0 is the portal's "not entered", not "due at once".
    assert Procedure.objects.get(code="3.000027").time_limit is None
    assert {w.row for w in summary.warnings if w.field == "time_limit"} == {2196, 2208}


def test_importing_the_catalogue_again_changes_nothing(db):
    _import_shipped()
    before = list(Procedure.objects.order_by("code").values())

    again = _import_shipped()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2647)
    assert list(Procedure.objects.order_by("code").values()) == before


def test_a_changed_row_updates_its_procedure_only(db):
    import_catalogue(csv_bytes([_row(), _row(code="9.000002", name="Thủ tục khác")]), "v1.csv")
    summary = import_catalogue(csv_bytes([_row(time_limit="5"), _row(code="9.000002", name="Thủ tục khác")]), "v2.csv")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert Procedure.objects.get(code="9.000001").time_limit == Decimal("5.00")


def test_a_column_absent_from_the_file_keeps_what_is_stored(db):
    import_catalogue(csv_bytes([_row(online_level="toàn trình")]), "full.csv")
    only_names = [{"code": "9.000001", "name": "Tên mới"}]
    import_catalogue(csv_bytes(only_names), "names.csv")

    p = Procedure.objects.get(code="9.000001")
    assert (p.name, p.online_level, p.time_limit) == ("Tên mới", "full", Decimal("3.00"))


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (_row(level="tỉnhh"), "level", "Cấp thực hiện không hợp lệ"),
        (_row(time_unit="tuần"), "time_unit", "Đơn vị thời hạn không hợp lệ"),
        (_row(time_limit="ba"), "time_limit", "Thời hạn phải là số"),
        (_row(fee="có thể"), "fee", "Phí phải là"),
        (_row(online_level="5"), "online_level", "Mức độ trực tuyến không hợp lệ"),
        (_row(name=""), "name", "Thiếu tên thủ tục"),
        (_row(code=""), "code", "Thiếu mã thủ tục"),
    ],
    ids=["level", "time-unit", "time-limit", "fee", "online-level", "name", "code"],
)
def test_a_bad_cell_refuses_the_whole_file_naming_row_and_field(db, row, field, words):
    import_catalogue(csv_bytes([_row(code="9.000009", name="Đã có")]), "before.csv")

    with pytest.raises(InvalidInput) as exc:
        import_catalogue(csv_bytes([_row(code="9.000010"), row]), "danh-muc.csv")

    [issue] = exc.value.issues
    assert (issue.file, issue.row, issue.field) == ("danh-muc.csv", 3, field)
    assert words in issue.message
    assert list(Procedure.objects.values_list("code", flat=True)) == ["9.000009"]


def test_duplicate_codes_and_unknown_columns_are_refused(db):
    with pytest.raises(InvalidInput) as exc:
        import_catalogue(csv_bytes([_row(), _row()]), "trung.csv")
    assert [(i.row, i.field) for i in exc.value.issues] == [(3, "code")]
    assert "trùng với dòng 2" in exc.value.issues[0].message

    with pytest.raises(InvalidInput) as exc:
        import_catalogue(b"code,name,thoi_han\n1.0,X,3\n", "cot.csv")
    assert [(i.row, i.field) for i in exc.value.issues] == [(1, "thoi_han")]
    assert Procedure.objects.count() == 0


def test_the_catalogue_imports_from_excel(db):
    rows = [_row(time_limit=10, time_unit="ngày"), _row(code="9.000002", level="bộ;tỉnh", fee="yes: 2000 VND/trang")]
    summary = import_catalogue(xlsx_bytes(rows, header=HEADER), "danh-muc.xlsx")

    assert summary.created == 2
    first, second = Procedure.objects.order_by("code")
    assert (first.time_limit, first.time_limit_kind) == (Decimal("10.00"), "calendar_days")
    assert (second.levels, second.has_fee) == (["province"], True)


def test_the_demo_catalogue_has_deterministic_demo_online_levels(db):
    summary = import_demo_catalogue()

    assert summary.created == 2647
    shares = Counter(Procedure.objects.values_list("online_level", flat=True))
    assert 0.35 < shares["full"] / 2647 < 0.45
    assert 0.25 < shares["partial"] / 2647 < 0.35
    assert Procedure.objects.get(code="1.001193").online_level == demo_online_level("1.001193")
    assert import_demo_catalogue().unchanged == 2647


def test_the_procedures_command(db, capsys):
    call_command("procedures", "import", "--demo")
    out = capsys.readouterr().out
    assert "tạo mới 2647" in out and "Cảnh báo: tthc_catalogue.csv, dòng 148" in out

    with pytest.raises(CommandError):
        call_command("procedures", "import")


def test_the_procedures_command_refuses_a_bad_file(db, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([_row(level="tỉnhh")]))

    with pytest.raises(CommandError) as exc:
        call_command("procedures", "import", str(bad))

    assert exc.value.returncode == 1
    assert "bad.csv, dòng 2, trường «level»" in capsys.readouterr().err
    assert Procedure.objects.count() == 0
