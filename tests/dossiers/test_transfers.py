"""Moving the dossiers of the units dissolved on 1/7/2025 to the units that took over their work (DOMAIN
§12.2 [C R4]), an officer's correction in the admin, and the transfer on the dossier's page."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from cchc.core.transfers import REORGANISATION_INSTANT
from cchc.dossiers.models import Dossier, DossierTransfer
from cchc.dossiers.transfers import record_transfer, remove_transfer, transfer_dissolved
from cchc.units.models import UnitLink
from tests.dossiers.helpers import local
from tests.factories import client_for, make_dossier, make_procedure, make_unit, make_user

OLD_END = date(2025, 6, 30)
NEW_START = date(2025, 7, 1)


@pytest.fixture
def reorganised(province):
    """Xã Cũ (dissolved 30/6/2025) merged into Xã Mới; Xã Tách split into Xã Bắc and Xã Nam; Xã Lẻ went nowhere."""
    p = province.province

    def commune(code, name, **dates):
        return make_unit(key=f"t:c:{code}", code=code, name=name, kind="commune", parent=p, province=p, **dates)

    units = {
        "old": commune("C1", "Xã Cũ", valid_to=OLD_END), "new": commune("C2", "Xã Mới", valid_from=NEW_START),
        "split": commune("C3", "Xã Tách", valid_to=OLD_END), "north": commune("C4", "Xã Bắc", valid_from=NEW_START),
        "south": commune("C5", "Xã Nam", valid_from=NEW_START), "alone": commune("C6", "Xã Lẻ", valid_to=OLD_END),
    }
    for old, new in (("old", "new"), ("split", "north"), ("split", "south")):
        UnitLink.objects.create(predecessor=units[old], successor=units[new], kind="merged", effective_date=NEW_START)
    return units


def _dossier(unit, *, received, finished=None, status=4, code=None):
    return make_dossier(unit=unit, procedure=make_procedure(), code=code, status=status, received_at=received,
                        finished_at=finished)


def test_open_dossiers_of_a_dissolved_unit_move_to_its_successor_once(reorganised):
    u = reorganised
    open_one = _dossier(u["old"], received=local(2025, 6, 20, 9))
    finished_after = _dossier(u["old"], received=local(2025, 6, 25, 9), finished=local(2025, 7, 2, 10), status=9)
    finished_before = _dossier(u["old"], received=local(2025, 6, 2, 9), finished=local(2025, 6, 30, 16), status=9)
    before = Dossier.objects.get(pk=open_one.pk).updated_at

    report = transfer_dissolved()

    assert report.moved == {(u["old"], u["new"]): 2}
    for d in (open_one, finished_after):
        d.refresh_from_db()
        assert (d.unit, d.prior_unit, d.transferred_at) == (u["new"], u["old"], REORGANISATION_INSTANT)
        t = d.transfers.get()
        assert (t.from_unit, t.to_unit, t.at, t.source) == (u["old"], u["new"], REORGANISATION_INSTANT, "lineage")
    assert Dossier.objects.get(pk=open_one.pk).updated_at > before  # the analytics copy picks it up again
    finished_before.refresh_from_db()
    assert finished_before.unit == u["old"] and not finished_before.transfers.exists()

    again = transfer_dissolved()  # idempotent
    assert again.total == 0 and DossierTransfer.objects.count() == 2


def test_a_split_or_a_unit_without_successor_is_reported_not_guessed(reorganised):
    u = reorganised
    _dossier(u["split"], received=local(2025, 6, 20, 9))
    _dossier(u["alone"], received=local(2025, 6, 20, 9))

    report = transfer_dissolved()

    assert report.total == 0 and not DossierTransfer.objects.exists()
    problems = {p.unit.code: p for p in report.unresolved}
    assert {c.code for c in problems["C3"].candidates} == {"C4", "C5"}
    assert "Xã Bắc" in problems["C3"].message and "Xã Nam" in problems["C3"].message
    assert problems["C6"].candidates == [] and "Xã Lẻ" in problems["C6"].message


def test_a_dry_run_writes_nothing_and_the_command_reports(reorganised, capsys):
    u = reorganised
    d = _dossier(u["old"], received=local(2025, 6, 20, 9))
    _dossier(u["split"], received=local(2025, 6, 20, 9))

    call_command("dossiers", "transfer-dissolved", "--dry-run")

    out = capsys.readouterr().out
    assert "Xã Cũ → Xã Mới: 1" in out and "Xã Tách" in out
    d.refresh_from_db()
    assert d.unit == u["old"] and not DossierTransfer.objects.exists()
    call_command("dossiers", "transfer-dissolved")
    d.refresh_from_db()
    assert d.unit == u["new"]


def test_an_officer_corrects_a_transfer_in_the_admin_with_an_audit_entry(reorganised):
    u = reorganised
    d = _dossier(u["split"], received=local(2025, 6, 20, 9))
    record_transfer(d, to_unit=u["north"], at=REORGANISATION_INSTANT, reason="theo địa bàn")
    t = DossierTransfer.objects.get()
    admin = make_user(username="quantri", role="admin")
    client = client_for(user=admin)

    response = client.post(f"/admin/dossiers/dossiertransfer/{t.pk}/change/", {
        "dossier": d.pk, "from_unit": u["split"].pk, "to_unit": u["south"].pk,
        "at_0": "01/07/2025", "at_1": "00:00:00", "reason": "đính chính: xã Nam tiếp nhận",
    })

    assert response.status_code == 302, response.content.decode()[:2000]
    d.refresh_from_db()
    assert (d.unit, d.prior_unit) == (u["south"], u["split"])
    assert LogEntry.objects.get_for_object(t).filter(action=LogEntry.Action.UPDATE).exists()


def test_removing_the_latest_transfer_gives_the_dossier_back(reorganised):
    u = reorganised
    d = _dossier(u["old"], received=local(2025, 6, 20, 9))
    moved = record_transfer(d, to_unit=u["new"], at=REORGANISATION_INSTANT)
    remove_transfer(moved)
    d.refresh_from_db()
    assert (d.unit, d.prior_unit, d.transferred_at) == (u["old"], None, None)


def test_the_dossier_page_shows_the_transfer_and_the_receiving_unit(reorganised, province):
    u = reorganised
    d = _dossier(u["old"], received=local(2025, 6, 20, 9))
    Dossier.objects.filter(pk=d.pk).update(receiving_unit=province.commune)
    transfer_dissolved()
    admin = make_user(username="quantri2", role="admin")

    page = client_for(user=admin).get(f"/dossiers/{d.pk}/").content.decode()

    assert "Chuyển đơn vị giải quyết" in page
    assert "Xã Cũ → Xã Mới" in page
    assert "Xã Mỹ Đức" in page  # the receiving unit


@pytest.mark.parametrize(("stopped", "form"), [(local(2025, 9, 14, 10), None),
                                               (local(2025, 9, 15, 10), "TT 03/2025/TT-VPCP Mẫu 05")])
def test_a_stopped_dossier_shows_its_reason_and_the_stop_notice_form_in_force(province, stopped, form):
    d = _dossier(province.commune, received=local(2025, 9, 1, 9), finished=stopped, status=8)
    Dossier.objects.filter(pk=d.pk).update(stop_reason="Người nộp đề nghị dừng")
    admin = make_user(username="quantri3", role="admin")

    page = client_for(user=admin).get(f"/dossiers/{d.pk}/").content.decode()

    assert page.count("Người nộp đề nghị dừng") == 2  # with the status, and on the stop event
    assert ("Thông báo dừng giải quyết hồ sơ" in page) is (form is not None)
    if form:
        assert form in page
