"""Malformed dossier files are refused whole: every problem is listed with its file, row and field, in
Vietnamese, and nothing is written, not even the file's valid rows. One test per rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from cchc.core.errors import InvalidInput, Issue
from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import import_dossier_file, import_dossier_files, ingest_records
from tests import factories
from tests.dossiers.helpers import OUR_HEADER, counts, csv_bytes, dossier_row, json_bytes

#: A valid change to the dossier stored by the fixture below: a half-written import would show it.
CHANGED = dossier_row(code="HS-STORED", status="9", returned_at="", rating="")


@pytest.fixture
def stored(ledger):
    import_dossier_file(csv_bytes([dossier_row(code="HS-STORED")]), "truoc.csv", source_system="motcua")
    return ledger


def refused(content: bytes, filename: str = "ho-so.csv") -> list[Issue]:
    """The issues of a refused import, after checking that nothing at all was written."""
    before = counts(), list(Dossier.objects.order_by("pk").values())
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(content, filename, source_system="motcua")
    assert (counts(), list(Dossier.objects.order_by("pk").values())) == before
    assert exc.value.issues
    return exc.value.issues


def one_bad_row(**bad) -> list[Issue]:
    """Refuse a file of a valid change (row 2) and one bad row (row 3); return the issues."""
    return refused(csv_bytes([CHANGED, dossier_row(code="HS-BAD", **bad)], header=OUR_HEADER))


def where(issues: list[Issue]) -> list[tuple]:
    return [(i.file, i.row, i.field) for i in issues]


def test_unknown_unit(stored):
    issues = one_bad_row(unit_code="99999")
    assert where(issues) == [("ho-so.csv", 3, "unit_code")]
    assert "Không có đơn vị mã hoặc khóa «99999»" in issues[0].message


def test_unit_not_valid_on_the_receipt_date(stored):
    factories.make_unit(key="t:commune:old", code="90109", name="Xã Đã Sáp Nhập", kind="commune",
                        parent=stored.district, province=stored.province, valid_to=date(2023, 12, 31))
    issues = one_bad_row(unit_code="90109")
    assert where(issues) == [("ho-so.csv", 3, "unit_code")]
    assert "không còn hiệu lực vào ngày tiếp nhận 04/03/2024" in issues[0].message


def test_unknown_procedure(stored):
    issues = one_bad_row(procedure_code="9.999999")
    assert where(issues) == [("ho-so.csv", 3, "procedure_code")]
    assert "Không có thủ tục mã «9.999999»" in issues[0].message


@pytest.mark.parametrize("status", ["0", "11", "mới"])
def test_status_not_1_to_10(stored, status):
    issues = one_bad_row(status=status)
    assert where(issues) == [("ho-so.csv", 3, "status")]
    assert "Trạng thái phải là số từ 1 đến 10" in issues[0].message


@pytest.mark.parametrize("channel", ["0", "4"])
def test_channel_not_1_to_3(stored, channel):
    issues = one_bad_row(channel=channel)
    assert where(issues) == [("ho-so.csv", 3, "channel")]
    assert "Kênh thực hiện phải là 1" in issues[0].message


def test_finished_before_received(stored):
    issues = one_bad_row(finished_at="2024-03-03T15:30:00", returned_at="2024-03-03T16:00:00")
    assert where(issues) == [("ho-so.csv", 3, "finished_at")]
    assert issues[0].message == "Ngày kết thúc xử lý trước ngày tiếp nhận."


def _local(delta: timedelta) -> str:
    return (datetime.now(LOCAL_TZ) + delta).strftime("%Y-%m-%dT%H:%M:%S")


def test_received_in_the_future(stored):
    """A receipt dated a month ahead (a typing error: 2062 for 2026) would open periods no one has reached."""
    issues = one_bad_row(status="4", received_at=_local(timedelta(days=30)), due_at=_local(timedelta(days=35)),
                         finished_at="", returned_at="", rating="")
    assert where(issues) == [("ho-so.csv", 3, "received_at")]
    assert issues[0].message == "Ngày tiếp nhận ở tương lai."


def test_finished_and_returned_in_the_future(stored):
    issues = one_bad_row(finished_at=_local(timedelta(days=30)), returned_at=_local(timedelta(days=31)))
    assert where(issues) == [("ho-so.csv", 3, "finished_at"), ("ho-so.csv", 3, "returned_at")]
    assert [i.message for i in issues] == ["Ngày kết thúc xử lý ở tương lai.", "Ngày trả kết quả ở tương lai."]


def test_a_clock_a_few_hours_ahead_is_accepted(stored):
    """A day's leeway: the one-stop system's clock may run ahead of ours."""
    result = import_dossier_file(csv_bytes([dossier_row(code="HS-SOON", status="4", received_at=_local(timedelta(hours=3)),
                                                        due_at=_local(timedelta(days=3)), finished_at="",
                                                        returned_at="", rating="")]),
                                 "som.csv", source_system="motcua")
    assert result.created == 1


def test_returned_before_finished(stored):
    issues = one_bad_row(returned_at="2024-03-04T15:00:00")
    assert where(issues) == [("ho-so.csv", 3, "returned_at")]
    assert issues[0].message == "Ngày trả kết quả trước ngày kết thúc xử lý."


def test_supplement_completed_before_requested(stored):
    issues = one_bad_row(supplements="2024-03-04T10:00:00|2024-03-04T09:00:00")
    assert where(issues) == [("ho-so.csv", 3, "supplements")]
    assert "ngày hoàn thành bổ sung trước ngày yêu cầu bổ sung" in issues[0].message


@pytest.mark.parametrize("status", ["9", "10"])
def test_finished_status_without_finished_at(stored, status):
    issues = one_bad_row(status=status, finished_at="", returned_at="")
    assert where(issues) == [("ho-so.csv", 3, "finished_at")]
    assert "phải có ngày kết thúc xử lý" in issues[0].message


@pytest.mark.parametrize("status", ["1", "2", "4"])
def test_open_status_with_finished_at(stored, status):
    issues = one_bad_row(status=status, returned_at="", rating="")
    assert where(issues) == [("ho-so.csv", 3, "finished_at")]
    assert "chưa xử lý xong" in issues[0].message


def test_duplicate_code_within_the_file(stored):
    issues = refused(csv_bytes([CHANGED, dossier_row(code="HS-2"), dossier_row(code="HS-2")]))
    assert where(issues) == [("ho-so.csv", 4, "code")]
    assert issues[0].message == "Mã hồ sơ «HS-2» trùng với dòng 3."


def test_impossible_date(stored):
    issues = one_bad_row(received_at="31/02/2024 08:00:00")
    assert where(issues) == [("ho-so.csv", 3, "received_at")]
    assert "Ngày giờ không hợp lệ «31/02/2024 08:00:00»" in issues[0].message


def test_missing_required_value(stored):
    issues = one_bad_row(procedure_code="", unit_code="")
    assert sorted(where(issues)) == [("ho-so.csv", 3, "procedure_code"), ("ho-so.csv", 3, "unit_code")]


def test_every_problem_of_every_file_is_listed_at_once(stored):
    bad = csv_bytes([CHANGED, dossier_row(code="HS-3", status="12"), dossier_row(code="HS-4", unit_code="0")])
    portal = (b"MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,NgayKetThucXuLy,TrangThaiHoSo\n"
              b"P-1,1.001193,90101,20240304081500,20240303081500,10\n")
    before = counts()

    with pytest.raises(InvalidInput) as exc:
        import_dossier_files([(bad, "a.csv"), (portal, "b.csv"), (csv_bytes([dossier_row()]), "c.csv")],
                             source_system="motcua")

    assert where(exc.value.issues) == [("a.csv", 3, "status"), ("b.csv", 2, "NgayKetThucXuLy"), ("a.csv", 4, "unit_code")]
    assert counts() == before


# --- files that cannot be read ---------------------------------------------------------------------

def test_broken_csv(stored):
    content = csv_bytes([CHANGED], header=OUR_HEADER) + b'HS-9,"BN-9,90101\n'
    issues = refused(content)
    assert issues[0].file == "ho-so.csv" and issues[0].row == 3
    assert "Tệp CSV hỏng" in issues[0].message


def test_a_row_with_the_wrong_number_of_cells(stored):
    content = csv_bytes([CHANGED], header=OUR_HEADER) + b"HS-9,BN-9,90101\n"
    issues = refused(content)
    assert where(issues) == [("ho-so.csv", 3, "")]
    assert "Dòng có 3 cột trong khi tiêu đề có 19 cột." in issues[0].message


def test_unknown_header(stored):
    row = dict(CHANGED, ngay_nhan="2024-03-04")
    issues = refused(csv_bytes([row]))
    assert where(issues) == [("ho-so.csv", 1, "ngay_nhan")]
    assert "Cột không xác định «ngay_nhan»" in issues[0].message


def test_a_near_miss_header_names_the_column_it_probably_meant(stored):
    """Issue 11: our schema stays strict, and a typo is answered with the right name."""
    row = {("recieved_at" if k == "received_at" else k): v for k, v in CHANGED.items()}
    issues = refused(csv_bytes([row]))
    near = [i for i in issues if i.field == "recieved_at"]
    assert len(near) == 1 and "có phải «received_at»?" in near[0].message and near[0].row == 1


def test_header_of_neither_schema(stored):
    issues = refused(b"ma_ho_so,trang_thai\nHS-1,10\n")
    assert where(issues) == [("ho-so.csv", 1, "")]
    assert "Không nhận ra định dạng" in issues[0].message


def test_missing_required_column(stored):
    rows = [{k: v for k, v in CHANGED.items() if k != "received_at"}]
    issues = refused(csv_bytes(rows))
    assert where(issues) == [("ho-so.csv", 1, "received_at")]


def test_wrong_encoding(stored):
    content = csv_bytes([CHANGED, dossier_row(code="HS-2")], header=OUR_HEADER).decode().replace("BN-0001", "Đơn-0001")
    issues = refused(content.encode("cp1258"))
    assert where(issues) == [("ho-so.csv", 2, "")]
    assert "không phải văn bản UTF-8" in issues[0].message


def test_json_syntax_error(stored):
    issues = refused(b'[{"code": "HS-1",\n "status": }]', "ho-so.json")
    assert where(issues) == [("ho-so.json", 2, "")]
    assert "Tệp JSON sai cú pháp" in issues[0].message


def test_json_that_is_not_a_list_of_records(stored):
    assert "danh sách hồ sơ" in refused(b'{"data": []}', "ho-so.json")[0].message
    assert where(refused(json_bytes([CHANGED, "HS-2"]), "ho-so.json")) == [("ho-so.json", 2, "")]


def test_a_portal_file_names_the_portal_columns(stored):
    content = ("MaHoSo,MaTTHC,MaDonVi,NgayTiepNhan,TrangThaiHoSo,KenhThucHien,DanhSachHoSoBoSung\n"
               'P-1,1.001193,90101,20240304081500,0,2,\n'
               'P-2,1.001193,90101,20240304081500,4,5,"[{""NgayBoSung"": ""hôm qua""}]"\n').encode()
    issues = refused(content)
    assert where(issues) == [("ho-so.csv", 2, "TrangThaiHoSo"), ("ho-so.csv", 3, "KenhThucHien"),
                             ("ho-so.csv", 3, "DanhSachHoSoBoSung[1]")]


def test_the_source_system_is_required(stored):
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(csv_bytes([CHANGED]), "ho-so.csv", source_system="  ")
    assert [i.field for i in exc.value.issues] == ["source_system"]


def test_api_records_are_refused_with_their_position(stored):
    records = [dict(CHANGED), dict(dossier_row(code="HS-2"), status=42)]
    with pytest.raises(InvalidInput) as exc:
        ingest_records(records, source_system="motcua")
    assert where(exc.value.issues) == [("api", 2, "status")]
    assert Dossier.objects.get(code="HS-STORED").status == 10


def test_the_command_prints_each_problem_and_exits_1(stored, tmp_path, capsys):
    bad = tmp_path / "ho-so.csv"
    bad.write_bytes(csv_bytes([CHANGED, dossier_row(code="HS-2", status="0"), dossier_row(code="HS-3", channel="9")]))

    with pytest.raises(CommandError) as exc:
        call_command("dossiers", "import", str(bad), "--source", "motcua")

    assert exc.value.returncode == 1
    assert "không ghi hồ sơ nào" in str(exc.value)
    assert capsys.readouterr().err.splitlines() == [
        "ho-so.csv, dòng 3, trường «status»: Trạng thái phải là số từ 1 đến 10, nhận được «0».",
        "ho-so.csv, dòng 4, trường «channel»: Kênh thực hiện phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính), "
        "nhận được «9».",
    ]
    assert Dossier.objects.get(code="HS-STORED").status == 10


@pytest.mark.parametrize(("code", "point", "position"), [
    ("HS-\x00-1", "0000", 4), ("HS-\u202e1-SH", "202E", 4), ("HS\u200b-1", "200B", 3), ("\ufeffHS-1", "FEFF", 1),
    ("HS-1\x1b", "001B", 5),
], ids=["nul", "right-to-left-override", "zero-width-space", "byte-order-mark", "escape"])
def test_a_code_with_a_control_or_invisible_character_is_refused(stored, code, point, position):
    """Issue 10: a NUL, a bidi override or a zero-width character made two codes look alike (or, on
    PostgreSQL, a NUL failed the write); each is named by its code point and position."""
    issues = refused(csv_bytes([CHANGED, dossier_row(code=code)], header=OUR_HEADER))
    assert where(issues) == [("ho-so.csv", 3, "code")]
    assert f"U+{point} ở vị trí {position}" in issues[0].message


def test_a_control_character_in_a_json_record_is_refused_too(stored):
    issues = refused(json_bytes([dossier_row(code="HS-J", receipt_number="BN\x001")]), "ho-so.json")
    assert [(i.row, i.field) for i in issues] == [(1, "receipt_number")]


@pytest.mark.parametrize(("received", "accepted"), [("1900-01-01T08:00:00", False), ("1999-12-31T16:59:00", False),
                                                    ("2000-01-01T08:00:00", True)])
def test_a_receipt_before_the_plausible_range_is_refused(stored, received, accepted):
    """[K] CCHC_IMPORT_EARLIEST_RECEIPT, default 1/1/2000 (local day): 1900-01-01 fed the KPIs (issue 10)."""
    row = dossier_row(code="HS-OLD", received_at=received, due_at="2000-01-10T17:00:00", finished_at="",
                      returned_at="", status="4", rating="")
    if accepted:
        import_dossier_file(csv_bytes([row], header=OUR_HEADER), "ho-so.csv", source_system="motcua")
        assert Dossier.objects.filter(code="HS-OLD").exists()
    else:
        issues = refused(csv_bytes([row], header=OUR_HEADER))
        assert [(i.row, i.field) for i in issues] == [(2, "received_at")]
        assert "trước 01/01/2000" in issues[0].message
