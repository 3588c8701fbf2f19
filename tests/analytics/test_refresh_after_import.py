"""Every import channel leads to refreshed figures, through the dossier app's signal (issue 9, item 7).

The dossier app does not call analytics: its import use case sends ``dossiers_imported`` and analytics
refreshes. Through each channel (the CLI, which refreshes before its process exits; the upload page and the
API, which queue a refresh job for the worker once the import is committed) the shipped portal file's 2024
dossiers end up in the stored figures, and the corrective-action detection (cchc.corrective) hears the refresh.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_q.models import OrmQ

from cchc.accounts.models import ApiToken
from cchc.analytics.models import KpiValue
from cchc.analytics.signals import kpi_values_refreshed
from cchc.dossiers.models import Dossier
from cchc.dossiers.signals import finish_later, receivers_finish_before_returning
from tests import factories
from tests.background import wait_for_background_work
from tests.dossiers.helpers import make_catalogue
from tests.dossiers.test_ingest_files import PORTAL_CSV, PORTAL_JSON

YEAR_2024 = {"period_kind": "year", "period_start": date(2024, 1, 1)}


def received_in_2024(unit) -> int | None:
    value = KpiValue.objects.filter(unit=unit, kpi_code="received", **YEAR_2024).first()
    return None if value is None else value.numerator


def test_the_cli_import_refreshes_before_it_returns(province):
    make_catalogue()
    heard = []

    def listener(sender, *, years, **kwargs):
        heard.append(years)

    kpi_values_refreshed.connect(listener)
    try:
        call_command("dossiers", "import", str(PORTAL_CSV), str(PORTAL_JSON), "--source", "motcua")
    finally:
        kpi_values_refreshed.disconnect(listener)
    assert not OrmQ.objects.exists(), "no job left queued: the CLI refreshed before it returned"
    commune = Dossier.objects.filter(received_at__year=2024).values_list("unit", flat=True).first()
    expected = Dossier.objects.filter(unit_id=commune, received_at__year=2024).exclude(status__in=[1, 3]).count()
    assert expected > 0
    assert received_in_2024(commune) == expected
    assert heard == [[2024]]


def test_the_upload_page_import_refreshes_in_the_background(transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    make_catalogue()
    client = factories.client_for(user=users["officer"])
    response = client.post("/dossiers/upload/", {
        "file": SimpleUploadedFile(PORTAL_CSV.name, PORTAL_CSV.read_bytes()), "source_system": "motcua"})
    assert response.status_code == 302
    wait_for_background_work()
    assert Dossier.objects.count() == 10
    assert received_in_2024(tree.commune) == Dossier.objects.filter(
        unit=tree.commune, received_at__year=2024).exclude(status__in=[1, 3]).count() > 0


def test_the_api_push_refreshes_in_the_background(transactional_db, client):
    tree = factories.make_province_tree()
    make_catalogue()
    integration = factories.make_integration_user()
    token = ApiToken.issue(name="một cửa", user=integration)[1]
    record = {"MaHoSo": "000.00.20.H52-240302-0001", "MaTTHC": "1.001193", "MaDonVi": "90101",
              "NgayTiepNhan": "20240302081500", "NgayHenTra": "20240303081500",
              "NgayKetThucXuLy": "20240302153000", "TrangThaiHoSo": "9", "KenhThucHien": "2"}
    response = client.post("/api/v1/dossiers/batch", {"source_system": "motcua", "records": [record]},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    wait_for_background_work()
    assert received_in_2024(tree.commune) == 1
    assert received_in_2024(tree.province) == 1


def test_the_cli_refreshes_after_its_summary_once_the_files_are_let_go(province, capsys):
    """The CLI's refresh is the last thing it does (cchc.dossiers.signals.finish_later): after the summary
    and the files given back, so the memory the import used is given back before the refresh starts."""
    make_catalogue()
    order = []

    def listener(sender, *, years, **kwargs):
        order.append(("refreshed", "dòng: tạo mới" in capsys.readouterr().out))

    kpi_values_refreshed.connect(listener)
    try:
        call_command("dossiers", "import", str(PORTAL_CSV), "--source", "motcua")
    finally:
        kpi_values_refreshed.disconnect(listener)
    assert order == [("refreshed", True)], "the summary was printed before the refresh ran"


def test_finish_later_runs_at_the_end_of_the_block_or_at_once_outside_one():
    done = []
    with receivers_finish_before_returning():
        finish_later(lambda: done.append("deferred"))
        assert done == []
    assert done == ["deferred"]
    finish_later(lambda: done.append("now"))
    assert done == ["deferred", "now"]
