"""Importing dossier files: the national portal's field names in CSV, JSON (nested lists) and XLSX, our
schema, idempotent re-import, later files updating dossiers, the lifecycle events, the API entry point
and the command."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from cchc.dossiers.models import Dossier, DossierEvent, DossierSupplement
from cchc.dossiers.services import import_dossier_file, import_dossier_files, ingest_records
from cchc.dossiers.writer import FIELDS
from tests.dossiers.helpers import (
    DATA,
    OUR_HEADER,
    counts,
    csv_bytes,
    dossier_row,
    json_bytes,
    local,
    xlsx_bytes,
)
from tests.factories import make_unit

PORTAL_CSV = DATA / "portal_dossiers.csv"
PORTAL_JSON = DATA / "portal_dossiers.json"


def _import(path, source="motcua-thu-nghiem"):
    return import_dossier_file(path.read_bytes(), path.name, source_system=source)


def _dossier(code: str, source: str = "motcua-thu-nghiem") -> Dossier:
    return Dossier.objects.select_related("unit", "procedure").get(source_system=source, code=code)


def _events(d: Dossier) -> list[tuple[str, datetime]]:
    return sorted(((e.kind, e.at) for e in d.events.all()), key=lambda e: (e[1], e[0]))


def _stored(source: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in Dossier.objects.filter(source_system=source).values_list("code", *FIELDS)}


# --- the portal's field names ---------------------------------------------------------------------

def test_a_portal_csv_imports_with_the_right_fields(ledger):
    summary = _import(PORTAL_CSV)

    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (10, 10, 0, 0)
    returned = _dossier("000.00.20.H52-240304-0001")
    assert returned.unit == ledger.commune and returned.procedure.code == "1.001193"
    assert (returned.status, returned.channel, returned.applicant_kind, returned.receipt_number) == (10, 2, 1, "BN-2403-0001")
    assert returned.received_at == local(2024, 3, 4, 8, 15)  # yyyyMMddHHmmss, Vietnam time
    assert returned.due_at == local(2024, 3, 5, 8, 15) and returned.due_computed is False
    assert (returned.finished_at, returned.returned_at) == (local(2024, 3, 4, 15, 30), local(2024, 3, 5, 9, 0))
    assert (returned.components_digitised, returned.result_digitised, returned.reused_data) == (True, True, True)
    assert (returned.rating, returned.return_by_post, returned.paid_online) == (1, False, False)

    married = _dossier("000.00.20.H52-240304-0002")  # dd/MM/yyyy HH:mm:ss
    assert married.received_at == local(2024, 3, 4, 9, 20) and married.finished_at == local(2024, 3, 4, 16, 45)
    assert (married.status, married.returned_at, married.rating, married.result_digitised) == (9, None, None, False)

    lawyers = _dossier("000.00.20.H52-240304-0003")
    assert lawyers.unit == ledger.stp and lawyers.applicant_kind == 2
    assert (lawyers.fee_amount, lawyers.paid_online, lawyers.return_by_post) == (Decimal(50000), True, True)

    by_name = _dossier("000.00.20.H52-240305-0004")  # no MaDonVi: DonViXuLy is the exact unit name
    assert by_name.unit == ledger.commune2 and by_name.supplement_count == 1

    by_post = _dossier("000.00.20.H52-240307-0006")  # KenhThucHien 3, HinhThuc 1, DuocThanhToanTrucTuyen 2
    assert (by_post.channel, by_post.return_by_post, by_post.paid_online, by_post.rating) == (3, True, True, 2)
    assert by_post.unit == ledger.other_district_commune

    certified = _dossier("000.00.20.H52-240308-0008")  # chứng thực: the catalogue has no limit
    assert (certified.due_at, certified.due_computed, certified.fee_amount) == (None, False, Decimal(2000))
    assert {d.status for d in Dossier.objects.all()} == {2, 3, 4, 5, 6, 7, 8, 9, 10}


def _with_columns(text: str, extra: dict[str, str]) -> bytes:
    """The portal CSV with more columns at the end (the same value in every row)."""
    lines = text.splitlines()
    head = lines[0] + "," + ",".join(extra)
    return "\n".join([head] + [line + "," + ",".join(extra.values()) for line in lines[1:] if line]).encode() + b"\n"


def test_a_real_portal_export_with_columns_cchc_does_not_use_imports_and_lists_them(ledger, capsys, tmp_path):
    """Issue 11: an export carries columns CCHC has no use for (STT, SoCMND...): they are read past and
    named, in the summary, the job page's data and the command's output; the dossiers are the same."""
    content = _with_columns(PORTAL_CSV.read_text(encoding="utf-8"), {"STT": "1", "SoCMND": "079123456789"})
    summary = import_dossier_file(content, "xuat-tu-cong.csv", source_system="motcua-thu-nghiem")
    assert (summary.rows, summary.created) == (10, 10)
    assert summary.ignored_columns == {"xuat-tu-cong.csv": ["STT", "SoCMND"]}
    plain = _stored("motcua-thu-nghiem")
    Dossier.objects.all().delete()
    _import(PORTAL_CSV)
    assert _stored("motcua-thu-nghiem") == plain
    path = tmp_path / "xuat-tu-cong.csv"
    path.write_bytes(content)
    call_command("dossiers", "import", str(path), "--source", "motcua-thu-nghiem")
    assert "xuat-tu-cong.csv: bỏ qua 2 cột CCHC không dùng: STT, SoCMND." in capsys.readouterr().out


def test_a_portal_column_typo_is_refused_rather_than_dropped(ledger):
    """A near miss of a column the file lacks is not read past: NgayTiepNhan would be lost."""
    from cchc.core.errors import InvalidInput

    text = PORTAL_CSV.read_text(encoding="utf-8").replace("NgayTiepNhan,", "NgayTiepNhann,", 1)
    with pytest.raises(InvalidInput) as caught:
        import_dossier_file(text.encode(), "loi.csv", source_system="motcua-thu-nghiem")
    messages = [i.message for i in caught.value.issues]
    assert any("«NgayTiepNhann»: có phải «NgayTiepNhan»?" in m for m in messages), messages
    assert Dossier.objects.count() == 0


def test_a_portal_json_with_nested_lists_imports_with_the_right_fields(ledger):
    summary = _import(PORTAL_JSON)

    assert (summary.rows, summary.created) == (3, 3)
    birth = _dossier("000.00.20.H52-240305-0101")
    assert [(s.requested_at, s.completed_at) for s in birth.supplements.all()] == [
        (local(2024, 3, 6, 9), local(2024, 3, 8, 10))]
    assert (birth.supplement_count, birth.supplement_wait_seconds) == (1, 49 * 3600)
    assert (birth.components_digitised, birth.result_digitised, birth.rating) == (True, True, 1)  # "Rất hài lòng"
    assert birth.fee_amount == 0

    lawyers = _dossier("000.00.20.H52-240306-0102")
    assert lawyers.fee_amount == Decimal(70000)  # the sum of DanhSachLePhi's Gia
    assert lawyers.received_at == local(2024, 3, 6, 10)  # ISO 8601 with offset
    assert (lawyers.components_digitised, lawyers.result_digitised, lawyers.reused_data) == (False, False, True)
    assert (lawyers.channel, lawyers.return_by_post, lawyers.paid_online, lawyers.rating) == (3, True, True, 2)

    open_supplement = _dossier("000.00.20.H52-240307-0103")  # only DonViXuLy, a supplement not yet returned
    assert open_supplement.unit == ledger.other_district_commune
    assert [(s.requested_at, s.completed_at) for s in open_supplement.supplements.all()] == [(local(2024, 3, 7, 10), None)]
    assert open_supplement.supplement_wait_seconds == 0


def test_the_same_records_as_xlsx_give_the_same_dossiers_as_the_csv(ledger):
    import csv

    with PORTAL_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    # Cells as Excel keeps them: numbers as numbers, one receipt date as a real date cell.
    for row in rows:
        for column in ("LoaiDoiTuong", "TrangThaiHoSo", "KenhThucHien", "HinhThuc", "DuocThanhToanTrucTuyen", "TongPhi"):
            row[column] = int(row[column]) if row[column] else None
        row["MaDonVi"] = int(row["MaDonVi"]) if row["MaDonVi"].isdigit() else (row["MaDonVi"] or None)
    rows[0]["NgayTiepNhan"] = datetime(2024, 3, 4, 8, 15)

    _import(PORTAL_CSV, source="csv")
    summary = import_dossier_file(xlsx_bytes(rows, header=header), "ho-so.xlsx", source_system="xlsx")

    assert summary.created == 10
    assert _stored("xlsx") == _stored("csv")


# --- our schema -----------------------------------------------------------------------------------

def test_our_schema_in_csv_and_json_gives_the_same_dossiers(ledger):
    rows = [
        dossier_row(),
        dossier_row(code="HS-0002", unit_code="t:commune:2", status="5", finished_at="", returned_at="",
                    supplements="2024-03-04T10:00:00|2024-03-05T08:00:00;2024-03-05T15:00:00|", rating=""),
        dossier_row(code="HS-0003", unit_code="52.STP", procedure_code="1.002010", due_at="", status="4",
                    finished_at="", returned_at="", rating="", fee_amount="50000", channel="1"),
    ]
    import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="csv")
    records = [dict(r) for r in rows]
    records[1]["supplements"] = [{"requested_at": "2024-03-04T10:00:00", "completed_at": "2024-03-05T08:00:00"},
                                 ["2024-03-05T15:00:00", None]]
    records[0]["status"] = 10  # JSON numbers
    import_dossier_file(json_bytes(records), "hs.json", source_system="json")

    assert _stored("json") == _stored("csv")
    waiting = _dossier("HS-0002", source="json")
    assert waiting.unit == ledger.commune2  # by the unit's key
    assert (waiting.supplement_count, waiting.supplement_wait_seconds) == (2, 22 * 3600)
    assert waiting.supplements.count() == 2


def test_json_records_may_be_wrapped_in_an_object(ledger):
    summary = import_dossier_file(json_bytes([dossier_row()], wrapped=True), "hs.json", source_system="x")
    assert summary.created == 1


# --- idempotence and updates ----------------------------------------------------------------------

def test_importing_the_same_file_again_changes_nothing(ledger):
    _import(PORTAL_CSV)
    _import(PORTAL_JSON)
    before = counts()
    snapshot = list(Dossier.objects.order_by("pk").values())
    children = (list(DossierEvent.objects.order_by("pk").values()), list(DossierSupplement.objects.order_by("pk").values()))

    again = [_import(PORTAL_CSV), _import(PORTAL_JSON)]

    assert [(s.created, s.updated, s.unchanged) for s in again] == [(0, 0, 10), (0, 0, 3)]
    assert counts() == before
    assert list(Dossier.objects.order_by("pk").values()) == snapshot  # updated_at included
    assert (list(DossierEvent.objects.order_by("pk").values()),
            list(DossierSupplement.objects.order_by("pk").values())) == children


def test_a_later_file_updating_a_dossier_updates_it_and_its_events(ledger):
    first = dossier_row(code="HS-0100", status="4", finished_at="", returned_at="", rating="",
                        supplements="2024-03-04T10:00:00|2024-03-04T11:00:00")
    later = dossier_row(code="HS-0100", status="10", finished_at="2024-03-05T10:00:00",
                        returned_at="2024-03-05T11:00:00", rating="2", supplements="")
    other = dossier_row(code="HS-0101")
    import_dossier_file(csv_bytes([first, other]), "ngay-1.csv", source_system="x")
    d = _dossier("HS-0100", source="x")
    assert (d.status, d.supplement_count) == (4, 1)
    assert _events(d) == [("received", local(2024, 3, 4, 8, 15)), ("supplement_requested", local(2024, 3, 4, 10)),
                          ("supplement_returned", local(2024, 3, 4, 11))]
    untouched = _dossier("HS-0101", source="x").updated_at

    summary = import_dossier_file(csv_bytes([later, other]), "ngay-2.csv", source_system="x")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    d.refresh_from_db()
    assert (d.status, d.finished_at, d.rating, d.supplement_count) == (10, local(2024, 3, 5, 10), 2, 0)
    assert d.supplements.count() == 0
    assert _events(d) == [("received", local(2024, 3, 4, 8, 15)), ("finished", local(2024, 3, 5, 10)),
                          ("rated", local(2024, 3, 5, 11)), ("returned", local(2024, 3, 5, 11))]
    assert _dossier("HS-0101", source="x").updated_at == untouched


def test_files_imported_together_are_applied_in_order(ledger):
    first = dossier_row(code="HS-0200", status="4", finished_at="", returned_at="", rating="")
    later = dossier_row(code="HS-0200")

    summary = import_dossier_files([(csv_bytes([first]), "a.csv"), (csv_bytes([later]), "b.csv")], source_system="x")

    assert (summary.rows, summary.created) == (2, 1)
    assert _dossier("HS-0200", source="x").status == 10


def test_the_same_code_from_two_source_systems_is_two_dossiers(ledger):
    import_dossier_file(csv_bytes([dossier_row()]), "a.csv", source_system="motcua-a")
    import_dossier_file(csv_bytes([dossier_row(status="9", returned_at="", rating="")]), "b.csv", source_system="motcua-b")

    assert sorted(Dossier.objects.values_list("source_system", "status")) == [("motcua-a", 10), ("motcua-b", 9)]


# --- lifecycle events ------------------------------------------------------------------------------

def test_events_follow_the_status(ledger):
    _import(PORTAL_CSV)

    assert _events(_dossier("000.00.20.H52-240306-0005")) == [  # withdrawn (7)
        ("received", local(2024, 3, 6, 10)), ("withdrawn", local(2024, 3, 7, 8, 30))]
    assert _events(_dossier("000.00.20.H52-240311-0009")) == [  # stopped (8)
        ("received", local(2024, 3, 11, 8)), ("stopped", local(2024, 3, 15, 16))]
    assert _events(_dossier("000.00.20.H52-240307-0006")) == [
        ("received", local(2024, 3, 7, 7, 30)), ("finished", local(2024, 3, 7, 14)),
        ("rated", local(2024, 3, 9, 10)), ("returned", local(2024, 3, 9, 10))]
    assert _events(_dossier("000.00.20.H52-240308-0008")) == [("received", local(2024, 3, 8, 8, 5))]


def test_an_apology_and_two_supplements_at_one_instant_make_one_event_each(ledger):
    row = dossier_row(apology_at="2024-03-04T14:00:00", apology_new_due_at="2024-03-06T08:00:00",
                      supplements="2024-03-04T10:00:00|2024-03-04T11:00:00;2024-03-04T10:00:00|2024-03-04T11:00:00")
    import_dossier_file(csv_bytes([row], header=[*OUR_HEADER, "apology_at", "apology_new_due_at"]), "hs.csv",
                        source_system="x")

    d = _dossier("HS-0001", source="x")
    assert d.apology_new_due_at == local(2024, 3, 6, 8)
    assert [k for k, _at in _events(d)] == ["received", "supplement_requested", "supplement_returned", "apology",
                                            "finished", "rated", "returned"]
    assert d.supplements.count() == 2


# --- the API entry point and the command ----------------------------------------------------------

def test_ingest_records_takes_the_portal_records_of_an_api_push(ledger):
    records = json.loads(PORTAL_JSON.read_text(encoding="utf-8"))["records"]

    summary = ingest_records(records, source_system="api-motcua")

    assert (summary.rows, summary.created, summary.files) == (3, 3, ["api"])
    assert _dossier("000.00.20.H52-240306-0102", source="api-motcua").fee_amount == Decimal(70000)


def test_progress_is_reported_up_to_twice_the_rows(ledger):
    seen = []
    _import_progress = import_dossier_file(PORTAL_CSV.read_bytes(), PORTAL_CSV.name, source_system="x",
                                           progress=lambda done, total: seen.append((done, total)))
    assert _import_progress.rows == 10
    assert seen[-1] == (20, 20)
    assert [done for done, _t in seen] == sorted(done for done, _t in seen)


def test_the_dossiers_command_imports_files(ledger, capsys):
    call_command("dossiers", "import", str(PORTAL_CSV), str(PORTAL_JSON), "--source", "motcua-thu-nghiem")

    assert "13 dòng: tạo mới 13, cập nhật 0, không đổi 0; 3 hạn trả do hệ thống tính." in capsys.readouterr().out
    assert Dossier.objects.count() == 13


@pytest.mark.parametrize("name", ["portal_dossiers.csv", "portal_dossiers.json"])
def test_the_test_files_are_real_utf8_with_vietnamese_names(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in text or "Lý Thị Mai" in text


def test_a_unit_code_reused_after_the_2025_reorganisation_resolves_by_the_receipt_date(ledger):
    old = make_unit(key="vn:legacy:commune:21553", code="21553", name="Phường Nhơn Phú", kind="commune",
                    parent=ledger.district, province=ledger.province, valid_to=date(2025, 6, 30))
    new = make_unit(key="vn:2025:commune:21553", code="21553", name="Phường Quy Nhơn Bắc", kind="commune",
                    parent=ledger.province, province=ledger.province, valid_from=date(2025, 7, 1))
    rows = [dossier_row(code="HS-OLD", unit_code="21553", received_at="2025-06-30T16:00:00", due_at="",
                        finished_at="", returned_at="", status="4", rating=""),
            dossier_row(code="HS-NEW", unit_code="21553", received_at="2025-07-01T08:00:00", due_at="",
                        finished_at="", returned_at="", status="4", rating="")]

    import_dossier_file(csv_bytes(rows), "hs.csv", source_system="x")

    assert (_dossier("HS-OLD", source="x").unit, _dossier("HS-NEW", source="x").unit) == (old, new)


def test_an_apology_issued_in_cchc_survives_later_exports(ledger):
    # What cchc.dossiers.apologies.issue_apology stores; one-stop exports never carry it.
    _import(PORTAL_CSV)
    d = _dossier("000.00.20.H52-240311-0010")
    issued, new_due = local(2024, 3, 15, 9), local(2024, 3, 22, 9)
    Dossier.objects.filter(pk=d.pk).update(apology_at=issued, apology_new_due_at=new_due)
    DossierEvent.objects.create(dossier=d, kind="apology", at=issued, note="Phiếu xin lỗi số 1/PXL")

    assert _import(PORTAL_CSV).unchanged == 10
    later = PORTAL_CSV.read_text(encoding="utf-8").replace(
        "20240311093000,20240318093000,,,6,", "20240311093000,20240318093000,20240321100000,20240322080000,10,")
    summary = import_dossier_file(later.encode(), "sau.csv", source_system="motcua-thu-nghiem")

    assert (summary.updated, summary.unchanged) == (1, 9)
    d.refresh_from_db()
    assert (d.status, d.apology_at, d.apology_new_due_at) == (10, issued, new_due)
    assert [(e.kind, e.note) for e in d.events.order_by("at", "kind")] == [
        ("received", ""), ("apology", "Phiếu xin lỗi số 1/PXL"), ("finished", ""), ("returned", "")]
