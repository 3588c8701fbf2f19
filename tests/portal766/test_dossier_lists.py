"""Issue #15 item 3, "when the dossier lists are available": the portal's dossier lists taken in (file, page,
API; all or nothing, each problem named by file, row and field), compared by code with CCHC's list of the
same indicator (the engine's own, from real dossiers), both differences shown on the unit's reconciliation
with counts equal to their lists, to those who may read the unit's dossiers."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cchc.analytics.store import FactStore
from cchc.core.errors import InvalidInput
from cchc.portal766 import lists, services
from cchc.portal766.models import (
    PortalDossierList,
    PortalListedDossier,
    PublishedFigure,
    PublishedIndicator,
    PublishedSnapshot,
)
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests.analytics.helpers import at
from tests.factories import client_for, make_dossier, make_procedure

Q1 = date(2025, 1, 1)
QUERY = {"kind": "quarter", "start": "2025-01-01", "block": "COMMUNE"}
HEADER = "unit,period,indicator,MaHoSo\n"


@pytest.fixture
def computed(province):
    return build_quarter(province)


def build_quarter(province):
    """Q1 2025 in the test commune (the portal's X99.01): four dossiers handled, two on time (ON-TIME,
    EARLY), so CCHC's 2.1 list is LATE and OPEN-OVERDUE (denominator 4 − numerator 2); the portal published
    2.1 as 1/4 (it counts one dossier more against the commune)."""
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="X99.01", unit=province.commune)
    procedure = make_procedure(time_limit=5)
    for code, status, received, due, finished in (
        ("ON-TIME", 9, at(2025, 1, 6), at(2025, 1, 13, 17), at(2025, 1, 13, 10)),
        ("LATE", 9, at(2025, 1, 6), at(2025, 1, 13, 17), at(2025, 1, 14, 8)),
        ("OPEN-OVERDUE", 4, at(2025, 2, 3), at(2025, 2, 10, 17), None),
        ("EARLY", 9, at(2025, 3, 3), at(2025, 3, 10, 17), at(2025, 3, 5)),
    ):
        make_dossier(unit=province.commune, procedure=procedure, status=status, received_at=received, due_at=due,
                     finished_at=finished, code=code)
    store = FactStore()
    store.sync()
    store.compute("quarter", 2025)
    snapshot = PublishedSnapshot.objects.create(file_name="communes_detail.json", sha256="0" * 64, shape="detail",
                                                run_date=date(2025, 4, 2), period_kind="quarter", period_start=Q1,
                                                province_code="X99")
    figure = PublishedFigure.objects.create(snapshot=snapshot, portal_code="X99.01", portal_name="Xã thử",
                                            unit=province.commune, block="COMMUNE", total=D("50"), rank=1, group_rank=1)
    PublishedIndicator.objects.create(figure=figure, code="2.1", numerator=1, denominator=4, rate=D("25"),
                                      points=D("5"), max_points=D("20"))
    return province


def _import(text: str, name: str = "ds.csv", **kw):
    return lists.import_file(text.encode(), name, **kw)


def test_a_file_with_a_bad_row_is_refused_whole_naming_file_row_and_field(computed):
    text = HEADER + ("X99.01,Q1/2025,2.1,LATE\n"
                     "X99.01,Q1/2025,3.1,LATE\n"  # row 3: 3.1 has no list compared here
                     "X99.01,Quý 9/2025,2.1,EARLY\n"  # row 4: no such period
                     "X00.00,Q1/2025,2.1,EARLY\n"  # row 5: no such unit
                     "X99.01,Q1/2025,5.2,\n"  # row 6: no dossier code
                     "X99.01,Q1/2025,TDGQ_TienDoGiaiQuyet,LATE\n")  # row 7: row 2's dossier again
    with pytest.raises(InvalidInput) as refused:
        _import(text)
    where = {(i.file, i.row, i.field) for i in refused.value.issues}
    assert where == {("ds.csv", 3, "indicator"), ("ds.csv", 4, "period"), ("ds.csv", 5, "unit"),
                     ("ds.csv", 6, "MaHoSo"), ("ds.csv", 7, "MaHoSo")}
    messages = {i.row: str(i) for i in refused.value.issues}
    assert "dòng 3" in messages[3] and "trường «indicator»" in messages[3] and "2.1, 5.1, 5.2, 5.4" in messages[3]
    assert "đã có ở dòng 2" in messages[7]
    assert not PortalDossierList.objects.exists() and not PortalListedDossier.objects.exists()  # all or nothing
    with pytest.raises(InvalidInput) as no_column:
        _import("unit,period,indicator\nX99.01,2025,2.1\n")
    assert "MaHoSo" in str(no_column.value.issues[0])


def test_an_xlsx_list_is_taken_in_and_a_new_one_replaces_it(computed):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Kỳ", "Chỉ số", "MaHoSo"])
    for code in ("LATE", "EARLY"):
        sheet.append(["X99.01", "Quý I/2025", "TDGQ_TienDoGiaiQuyet", code])
    buffer = io.BytesIO()
    book.save(buffer)
    result = lists.import_file(buffer.getvalue(), "ds.xlsx")
    assert (result.rows, result.lists, result.replaced) == (2, 1, 0)
    stored = PortalDossierList.objects.get()
    assert (stored.unit, stored.period_kind, stored.period_start, stored.indicator, stored.portal_code) == \
        (computed.commune, "quarter", Q1, "2.1", "X99.01")
    again = _import(HEADER + "X99.01,Q1/2025,2.1,LATE\n")
    assert (again.lists, again.replaced) == (1, 1)
    assert list(PortalListedDossier.objects.values_list("code", flat=True)) == ["LATE"]


def test_the_differences_both_ways_by_code_with_counts_equal_to_the_lists(computed):
    # The portal counts LATE (as CCHC), EARLY (on time for CCHC) and GHOST (a dossier CCHC does not hold);
    # it does not count OPEN-OVERDUE, which CCHC counts as overdue at the quarter's end.
    _import(HEADER + "X99.01,Q1/2025,2.1,LATE\nX99.01,Q1/2025,2.1,EARLY\nX99.01,Q1/2025,2.1,GHOST\n")
    (diff,) = services.dossier_differences(computed.commune, "quarter", Q1)
    assert diff.indicator == "2.1" and not diff.preparing
    assert [code for code, _pk in diff.cchc_only] == ["OPEN-OVERDUE"]
    assert diff.portal_only == ["EARLY", "GHOST"]
    assert (diff.cchc_only_count, diff.portal_only_count) == (len(diff.cchc_only), len(diff.portal_only)) == (1, 2)
    assert (diff.cchc_listed, diff.portal_listed) == (2, 3)
    # Each side's list = the common dossiers + its own difference.
    assert diff.cchc_listed - diff.cchc_only_count == diff.portal_listed - diff.portal_only_count == 1
    # Only the indicators with a portal list are compared.
    assert services.dossier_differences(computed.commune, "quarter", Q1, "5.2") == []
    assert services.dossier_differences(computed.commune, "year", date(2025, 1, 1)) == []


def test_the_unit_page_shows_both_differences_bounded_and_the_file_holds_them_all(computed, users):
    ghosts = [f"GHOST-{n:02}" for n in range(25)]
    _import(HEADER + "".join(f"X99.01,Q1/2025,2.1,{code}\n" for code in ["LATE", *ghosts]))
    client = client_for(user=users["officer"])
    html = client.get(reverse("portal766:unit", args=[computed.commune.pk]), QUERY).content.decode()
    assert 'id="differences-2.1"' in html
    assert "CCHC tính, Cổng không tính: 1 hồ sơ" in html and "Cổng tính, CCHC không tính: 25 hồ sơ" in html
    assert ">OPEN-OVERDUE</a>" in html and "GHOST-19" in html and "GHOST-20" not in html  # the first 20
    assert "Danh sách của Cổng: 26 hồ sơ" in html and "Danh sách của CCHC: 2 hồ sơ" in html
    # The portal published 2.1 as 1/4 (3 against the commune); its list holds 26: said.
    assert "mẫu số trừ tử số là 3" in html
    url = reverse("portal766:differences_csv", args=[computed.commune.pk])
    assert url in html
    response = client.get(url, {"kind": "quarter", "start": "2025-01-01"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Chỉ số", "Bên tính", "MaHoSo"]
    assert [r[2] for r in rows[1:] if r[1] == "chỉ CCHC tính"] == ["OPEN-OVERDUE"]
    assert [r[2] for r in rows[1:] if r[1] == "chỉ Cổng tính"] == ghosts


def test_who_sees_the_differences_and_who_imports_the_lists(computed, users):
    _import(HEADER + "X99.01,Q1/2025,2.1,LATE\n")
    page = reverse("portal766:unit", args=[computed.commune.pk])
    csv_url = reverse("portal766:differences_csv", args=[computed.commune.pk])
    for role in ("officer", "leader", "inspector", "focal_commune", "focal_district"):
        client = client_for(user=users[role])
        assert 'id="dossier-differences"' in client.get(page, QUERY).content.decode(), role
        assert client.get(csv_url, QUERY).status_code == 200, role
    for role in ("focal_commune2", "focal_snv"):  # the reconciliation, not another unit's dossiers
        client = client_for(user=users[role])
        response = client.get(page, QUERY)
        assert response.status_code == 200 and 'id="dossier-differences"' not in response.content.decode(), role
        assert client.get(csv_url, QUERY).status_code == 403, role
    upload = reverse("portal766:upload_lists")
    assert client_for(user=users["leader"]).get(upload).status_code == 403
    officer = client_for(user=users["officer"])
    sent = officer.post(upload, {"file": SimpleUploadedFile("ds.csv", (HEADER + "X99.01,Q1/2025,2.1,EARLY\n").encode())})
    assert sent.status_code == 200 and "Đã nhập 1 hồ sơ thành 1 danh sách" in sent.content.decode()
    bad = officer.post(upload, {"file": SimpleUploadedFile("bad.csv", (HEADER + "X99.01,Q1/2025,9.9,EARLY\n").encode())})
    assert "bad.csv, dòng 2, trường «indicator»" in bad.content.decode()
    assert list(PortalListedDossier.objects.values_list("code", flat=True)) == ["EARLY"]


def test_the_api_takes_a_list_in_whole_or_not_at_all(computed, users):
    url = "/api/v1/portal766/dossier-lists"
    body = (HEADER + "X99.01,Q1/2025,5.2,LATE\nX99.01,Q1/2025,5.2,EARLY\n").encode()
    assert client_for(user=users["leader"]).post(url, {"file": SimpleUploadedFile("a.csv", body)}).status_code == 403
    officer = client_for(user=users["officer"])
    sent = officer.post(url, {"file": SimpleUploadedFile("a.csv", body)})
    assert sent.status_code == 200 and sent.json() == {"rows": 2, "lists": 1, "replaced": 0}
    bad = officer.post(url, {"file": SimpleUploadedFile("b.csv", (HEADER + "X99.01,2025-13,5.2,X\n").encode())})
    issue = bad.json()["issues"][0]
    assert bad.status_code == 400 and (issue["file"], issue["row"], issue["field"]) == ("b.csv", 2, "period")
    assert PortalDossierList.objects.get().indicator == "5.2"



def test_the_command_imports_a_list_and_refuses_a_bad_file_whole(computed, tmp_path):
    good = tmp_path / "ds.csv"
    good.write_text(HEADER + "X99.01,Q1/2025,5.1,LATE\nX99.01,Q1/2025,5.4,LATE\n", encoding="utf-8")
    out = io.StringIO()
    call_command("portal766", "import-lists", str(good), stdout=out)
    assert "ds.csv: đã nhập 2 hồ sơ thành 2 danh sách (0 danh sách thay danh sách đã có)" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X99.01,Q1/2025,5.1,EARLY\nX99.01,Q1/2025,1.1,EARLY\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="không ghi dữ liệu nào"):
        call_command("portal766", "import-lists", str(bad), stdout=io.StringIO(), stderr=err)
    assert "bad.csv, dòng 3, trường «indicator»" in err.getvalue()
    assert sorted(PortalDossierList.objects.values_list("indicator", flat=True)) == ["5.1", "5.4"]
    assert list(PortalListedDossier.objects.filter(dossier_list__indicator="5.1").values_list("code", flat=True)) == ["LATE"]
