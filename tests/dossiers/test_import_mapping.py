"""Issue 11, "real exports import as they are": a portal export with columns CCHC does not use and the
portal's unit names (aliases) imports; a file naming unknown units is refused with the names, and the
officer maps them on the job page and imports again; the option "import the valid rows, give back the
refused ones" writes the good rows and returns the bad ones as a file with a «Lỗi» column."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cchc.dossiers.models import Dossier, ImportJob
from cchc.dossiers.refused import refused_file
from cchc.dossiers.services import RefusedImport, import_dossier_file
from cchc.units.models import UnitAlias
from tests import factories
from tests.background import wait_for_background_work
from tests.dossiers.helpers import DATA, csv_bytes, dossier_row, json_bytes, xlsx_bytes
from tests.factories import client_for, make_unit

PORTAL_CSV = DATA / "portal_dossiers.csv"


def _portal_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(PORTAL_CSV.read_text(encoding="utf-8"))))


def _export(rows: list[dict]) -> bytes:
    """The portal's rows as a real export writes them: a row number first, an identity card number last."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["STT", *rows[0], "SoCMND"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({"STT": n, **row, "SoCMND": "079123456789"} for n, row in enumerate(rows, start=1))
    return out.getvalue().encode("utf-8")


def _named_phu_my(rows: list[dict]) -> list[dict]:
    """The rows of Xã Mỹ Đức (90101) as the portal's export of another commune names it: an agency code
    CCHC does not know and the People's Committee's name."""
    for row in rows:
        if row["MaDonVi"] == "90101":
            row["MaDonVi"], row["DonViXuLy"] = "000.31.20.H52", "UBND xã Phù Mỹ"
    return rows


@pytest.fixture
def phu_my(ledger):
    return make_unit(key="t:commune:phu-my", code="90103", name="Xã Phù Mỹ", kind="commune", parent=ledger.district,
                     province=ledger.province)


# --- the service ------------------------------------------------------------------------------------

def test_a_real_looking_export_with_unknown_columns_and_aliased_unit_names_imports(phu_my):
    UnitAlias.objects.create(source_system="dvcqg", name="UBND xã Phù Mỹ", unit=phu_my)
    rows = _named_phu_my(_portal_rows())

    summary = import_dossier_file(_export(rows), "xuat-dvcqg.csv", source_system="dvcqg")

    assert summary.created == len(rows) == 10
    assert summary.ignored_columns == {"xuat-dvcqg.csv": ["STT", "SoCMND"]}
    named = [r["MaHoSo"] for r in rows if r["DonViXuLy"] == "UBND xã Phù Mỹ"]
    assert named and set(Dossier.objects.filter(code__in=named).values_list("unit", flat=True)) == {phu_my.pk}


def test_a_file_naming_an_unknown_unit_is_refused_with_the_name_and_its_rows(phu_my):
    rows = _named_phu_my(_portal_rows())

    with pytest.raises(RefusedImport) as refused:
        import_dossier_file(_export(rows), "xuat.csv", source_system="dvcqg")

    assert not Dossier.objects.exists()
    named = [n for n, r in enumerate(rows, start=2) if r["DonViXuLy"] == "UBND xã Phù Mỹ"]
    [unknown] = refused.value.unknown_units
    assert unknown == {"ref": "000.31.20.H52", "name": "UBND xã Phù Mỹ", "field": "MaDonVi", "file": "xuat.csv",
                       "rows": len(named), "first_rows": named[:5], "first_day": "2024-03-04",
                       "last_day": unknown["last_day"]}
    assert unknown["last_day"] >= "2024-03-04"
    assert {i.row for i in refused.value.issues} == set(named)


def _bad_rows() -> tuple[list[dict], dict[str, str]]:
    """Ten portal rows, three of them refused for different reasons (code → why)."""
    rows = _portal_rows()
    rows[1]["TrangThaiHoSo"] = "42"  # not a status
    rows[4]["DonViXuLy"], rows[4]["MaDonVi"] = "UBND xã Không Có", ""  # no such unit
    rows[6]["NgayKetThucXuLy"] = "01/01/2020 08:00:00"  # finished before it was received: a rule between fields
    return rows, {rows[1]["MaHoSo"]: "TrangThaiHoSo", rows[4]["MaHoSo"]: "DonViXuLy",
                  rows[6]["MaHoSo"]: "NgayKetThucXuLy"}


def test_without_the_option_one_bad_row_refuses_the_file_and_nothing_is_half_written(ledger):
    rows, _bad = _bad_rows()

    with pytest.raises(RefusedImport):
        import_dossier_file(_export(rows), "xuat.csv", source_system="dvcqg")

    assert not Dossier.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_partial_option_writes_the_good_rows_and_gives_back_exactly_the_bad_ones(ledger, fmt):
    rows, bad = _bad_rows()
    content = {"csv": lambda: _export(rows), "xlsx": lambda: xlsx_bytes(rows), "json": lambda: json_bytes(rows)}[fmt]()
    name = f"xuat.{fmt}"

    summary = import_dossier_file(content, name, source_system="dvcqg", valid_rows=True)

    assert (summary.created, summary.refused_rows) == (7, 3)
    assert set(Dossier.objects.values_list("code", flat=True)) == {r["MaHoSo"] for r in rows} - set(bad)
    back = refused_file(content, name, summary.refused)
    if fmt == "csv":
        records = list(csv.DictReader(io.StringIO(back.decode("utf-8-sig"))))
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(back)).worksheets[0]
        header, *cells = list(sheet.iter_rows(values_only=True))
        records = [dict(zip(header, row, strict=True)) for row in cells]
    else:
        records = json.loads(back)
    assert [r["MaHoSo"] for r in records] == [r["MaHoSo"] for r in rows if r["MaHoSo"] in bad]
    for record in records:
        assert bad[record["MaHoSo"]] in record["Lỗi"]
    assert "Không có đơn vị tên đúng là «UBND xã Không Có»" in records[1]["Lỗi"]
    original = {r["MaHoSo"]: r for r in rows}
    assert all(str(record["SoBienNhan"]) == original[record["MaHoSo"]]["SoBienNhan"] for record in records)


def test_the_corrected_file_of_refused_rows_imports_as_it_is(ledger):
    rows = [dossier_row(code="HS-1"), dossier_row(code="HS-2", status="42")]
    content = csv_bytes(rows)
    summary = import_dossier_file(content, "hs.csv", source_system="x", valid_rows=True)
    back = refused_file(content, "hs.csv", summary.refused).decode("utf-8-sig").replace(",42,", ",10,")

    again = import_dossier_file(back.encode("utf-8"), "hs-dong-loi.csv", source_system="x")

    assert again.created == 1 and Dossier.objects.count() == 2


def test_the_command_writes_the_refused_rows_beside(ledger, tmp_path):
    rows, bad = _bad_rows()
    path = tmp_path / "xuat.csv"
    path.write_bytes(_export(rows))
    out = io.StringIO()

    call_command("dossiers", "import", str(path), "--source", "dvcqg", "--valid-rows",
                 "--refused-dir", str(tmp_path / "loi"), stdout=out, stderr=io.StringIO())

    back = list(csv.DictReader(io.StringIO((tmp_path / "loi" / "xuat-dong-loi.csv").read_text(encoding="utf-8-sig"))))
    assert {r["MaHoSo"] for r in back} == set(bad)
    assert Dossier.objects.count() == 7


# --- the pages ----------------------------------------------------------------------------------------

def _setup():
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    for code in {row["MaTTHC"] for row in _portal_rows()}:
        factories.make_procedure(code=code, time_limit=3)
    phu_my = make_unit(key="t:commune:phu-my", code="90103", name="Xã Phù Mỹ", kind="commune", parent=tree.district,
                       province=tree.province)
    return tree, users, phu_my


def _upload(client, content: bytes, name: str, **extra):
    response = client.post(reverse("dossiers:upload"), {"file": SimpleUploadedFile(name, content),
                                                        "source_system": "dvcqg", **extra})
    assert response.status_code == 302, response.content.decode()
    wait_for_background_work()
    return ImportJob.objects.order_by("-pk").first()


def test_an_unknown_name_is_mapped_on_the_page_and_the_same_file_imports(transactional_db):
    tree, users, phu_my = _setup()
    officer = client_for(user=users["officer"])
    job = _upload(officer, _export(_named_phu_my(_portal_rows())), "xuat.csv")
    assert job.state == "failed" and not Dossier.objects.exists()

    with translation.override("vi"):
        page = officer.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    assert "Đơn vị chưa nhận ra" in page and "UBND xã Phù Mỹ" in page
    suggestions = page[page.index("Gợi ý"):page.index("Tất cả đơn vị còn hiệu lực")]
    assert suggestions.index("Xã Phù Mỹ") < suggestions.index("</optgroup>")
    assert f'value="{phu_my.pk}"' in suggestions
    officer.cookies["django_language"] = "en"
    with translation.override("vi"):  # the middleware activates the cookie's language; leave it as it was
        english = officer.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    officer.cookies["django_language"] = "vi"
    assert "Units not recognised" in english and "Save the mapping and import the file again" in english

    response = officer.post(reverse("dossiers:job_map_units", args=[job.pk]), {"map-0": str(phu_my.pk)})

    assert response.status_code == 302
    alias = UnitAlias.objects.get(name="UBND xã Phù Mỹ")
    assert (alias.source_system, alias.code, alias.unit, alias.valid_from, alias.valid_to) == (
        "dvcqg", "000.31.20.H52", phu_my, None, None)
    assert "officer" in alias.source and f"#{job.pk}" in alias.source
    entry = LogEntry.objects.get_for_object(alias).get()
    assert entry.actor == users["officer"]
    wait_for_background_work()
    again = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert again.file.name == job.file.name and again.summary["retry_of"] == job.pk
    assert again.state == "done", again.issues
    assert again.summary["created"] == Dossier.objects.count() == 10
    assert Dossier.objects.filter(unit=phu_my).exists()


def test_mapping_is_refused_to_who_may_not_upload_and_to_a_unit_not_valid_on_the_rows_days(transactional_db):
    tree, users, phu_my = _setup()
    job = _upload(client_for(user=users["officer"]), _export(_named_phu_my(_portal_rows())), "xuat.csv")
    url = reverse("dossiers:job_map_units", args=[job.pk])

    # The commune's own focal point may not upload, so may not map either (checked on the server).
    assert client_for(user=users["focal_commune"]).post(url, {"map-0": str(tree.commune.pk)}).status_code == 403
    # A unit that ended before the rows were received: the alias could never answer for them.
    ended = make_unit(key="t:commune:old", code="90199", name="Xã Phù Mỹ cũ", kind="commune", parent=tree.district,
                      province=tree.province, valid_to=date(2020, 12, 31))
    with translation.override("vi"):
        response = client_for(user=users["officer"]).post(url, {"map-0": str(ended.pk)})
    assert response.status_code == 400
    assert "không có hiệu lực suốt từ 04/03/2024" in response.content.decode()
    # Nothing chosen.
    assert client_for(user=users["officer"]).post(url, {"map-0": ""}).status_code == 400
    assert not UnitAlias.objects.exists() and ImportJob.objects.count() == 1


def test_a_job_and_its_mapping_are_refused_to_another_units_user(transactional_db):
    """The refusal comes from dossiers.permissions (can_follow_import, can_import_for), for the page and
    for the POST alike."""
    from cchc.dossiers.permissions import can_follow_import, can_import_for

    tree, users, phu_my = _setup()
    job = _upload(client_for(user=users["officer"]), _export(_named_phu_my(_portal_rows())), "xuat.csv")

    assert can_follow_import(users["admin"], job.created_by) and can_import_for(users["officer"], phu_my.pk)
    for role in ("focal_commune", "focal_district", "leader"):
        assert not can_import_for(users[role], phu_my.pk)
        assert client_for(user=users[role]).get(reverse("dossiers:job", args=[job.pk])).status_code == 403


def test_the_partial_option_on_the_page_and_the_download_of_refused_rows(transactional_db):
    tree, users, phu_my = _setup()
    rows, bad = _bad_rows()
    officer = client_for(user=users["officer"])

    job = _upload(officer, _export(rows), "xuat.csv", valid_rows="on")

    assert job.state == "done", job.issues
    assert (job.summary["imported"], job.summary["refused_rows"]) == (7, 3)
    assert Dossier.objects.count() == 7
    with translation.override("vi"):
        page = officer.get(reverse("dossiers:job", args=[job.pk])).content.decode()
    assert "Đã nhập 7 dòng, từ chối 3 dòng." in page
    download = reverse("dossiers:job_refused", args=[job.pk])
    assert download in page
    response = officer.get(download)
    assert response.status_code == 200
    assert 'filename="xuat-dong-loi.csv"' in response["Content-Disposition"]
    back = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {r["MaHoSo"] for r in back} == set(bad) and all(r["Lỗi"] for r in back)
    # The unknown unit of the refused row may be mapped from here too.
    assert "UBND xã Không Có" in page and "job-map-units" in page
    # Another unit's user gets neither the page nor the file.
    for role in ("focal_commune", "focal_snv"):
        assert client_for(user=users[role]).get(download).status_code == 403
    assert client_for(user=users["admin"]).get(download).status_code == 200


def test_a_job_without_refused_rows_has_no_file_to_download(transactional_db):
    tree, users, phu_my = _setup()
    officer = client_for(user=users["officer"])
    job = _upload(officer, PORTAL_CSV.read_bytes(), "portal.csv", valid_rows="on")

    assert job.state == "done" and job.summary["refused_rows"] == 0
    assert officer.get(reverse("dossiers:job_refused", args=[job.pk])).status_code == 404


def test_the_command_names_the_unknown_units_once_each(phu_my, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "xuat.csv"
    path.write_bytes(_export(_named_phu_my(_portal_rows())))
    err = io.StringIO()

    with translation.override("vi"), pytest.raises(CommandError):
        call_command("dossiers", "import", str(path), "--source", "dvcqg", stdout=io.StringIO(), stderr=err)

    assert err.getvalue().count("Đơn vị chưa nhận ra: «000.31.20.H52 / UBND xã Phù Mỹ»") == 1
    assert not Dossier.objects.exists()


def test_the_command_help_names_the_option(capsys):
    with pytest.raises(SystemExit):
        call_command("dossiers", "import", "--help")
    text = capsys.readouterr().out
    assert "--valid-rows" in text and "--refused-dir" in text


def test_the_api_batch_may_import_its_valid_records(ledger):
    from cchc.dossiers.services import ingest_records

    records = [dossier_row(code="A-1"), dossier_row(code="A-2", status="42")]

    summary = ingest_records(records, source_system="api", valid_rows=True)

    assert (summary.created, summary.refused_rows) == (1, 1)
    assert [(i.row, i.field) for i in summary.refused] == [(2, "status")]
