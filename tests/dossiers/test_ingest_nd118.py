"""Importing what NĐ 118/2025 adds to a dossier (DOMAIN §12.2): the receiving unit when another counter
took the dossier in, the original due date kept when a later export moves the current one, the reason a
dossier was stopped (status 8, TT 03/2025 Mẫu 05), and a transfer recorded in CCHC surviving exports
that still name the old unit."""

from __future__ import annotations

import pytest

from cchc.core.errors import InvalidInput
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import import_dossier_file
from tests.dossiers.helpers import csv_bytes, dossier_row, local


def _import(rows, name="hs.csv"):
    return import_dossier_file(csv_bytes(rows), name, source_system="x")


def test_the_receiving_unit_is_read_from_our_schema(ledger):
    rows = [dossier_row(code="HS-1", unit_code="52.STP", receiving_unit_code="90101"),
            dossier_row(code="HS-2", unit_code="52.STP", receiving_unit_code=""),
            dossier_row(code="HS-3", unit_code="90101", receiving_unit_code="90101")]
    _import(rows)
    got = dict(Dossier.objects.values_list("code", "receiving_unit__code"))
    assert got == {"HS-1": "90101", "HS-2": None, "HS-3": None}  # the competent unit itself is no other counter


def test_an_unknown_receiving_unit_refuses_the_file_naming_row_and_column(ledger):
    with pytest.raises(InvalidInput) as caught:
        _import([dossier_row(code="HS-1", receiving_unit_code="99999")])
    issue = caught.value.issues[0]
    assert (issue.row, issue.field) == (2, "receiving_unit_code")
    assert not Dossier.objects.exists()


def test_the_first_due_date_is_kept_as_the_original_one(ledger):
    first = dossier_row(code="HS-1", status="4", finished_at="", returned_at="", rating="",
                        due_at="2024-03-05T08:15:00")
    extended = dict(first, due_at="2024-03-08T08:15:00")
    _import([first])
    d = Dossier.objects.get(code="HS-1")
    assert d.original_due_at == d.due_at == local(2024, 3, 5, 8, 15)

    summary = _import([extended], "later.csv")

    d.refresh_from_db()
    assert summary.updated == 1
    assert (d.original_due_at, d.due_at) == (local(2024, 3, 5, 8, 15), local(2024, 3, 8, 8, 15))


def test_a_stop_reason_is_kept_for_a_stopped_dossier_and_refused_for_another(ledger):
    stopped = dossier_row(code="HS-1", status="8", returned_at="", rating="", stop_reason="Người nộp đã mất")
    _import([stopped])
    assert Dossier.objects.get(code="HS-1").stop_reason == "Người nộp đã mất"

    with pytest.raises(InvalidInput) as caught:
        _import([dossier_row(code="HS-2", status="10", stop_reason="nhầm")], "b.csv")
    issue = caught.value.issues[0]
    assert (issue.row, issue.field) == (2, "stop_reason")
    assert "8" in str(issue)


def test_a_transfer_recorded_in_cchc_survives_an_export_naming_the_old_unit(ledger):
    from cchc.dossiers.transfers import record_transfer
    from cchc.units.models import Unit

    row = dossier_row(code="HS-1", status="4", finished_at="", returned_at="", rating="", unit_code="90101")
    _import([row])
    d = Dossier.objects.get(code="HS-1")
    new_unit = Unit.objects.get(code="90102")
    record_transfer(d, to_unit=new_unit, at=local(2025, 7, 1), source="officer", reason="thử")

    again = _import([dict(row, supplements="2024-03-04T09:00:00|")], "again.csv")  # a real change, same old unit

    d.refresh_from_db()
    assert again.updated == 1
    assert (d.unit_id, d.prior_unit.code) == (new_unit.pk, "90101")
