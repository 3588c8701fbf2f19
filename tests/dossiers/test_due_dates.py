"""Due dates computed when a file gives none: the procedure's limit on the working-day calendar
(cchc.core.workdays, DOMAIN §4 and §7), with supplement waits pausing the clock and the province's
calendar overrides. Expected values are worked by hand from the rules."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.dossiers.models import Dossier, HolidayOverride
from cchc.dossiers.services import import_dossier_file
from tests.dossiers.helpers import DATA, csv_bytes, dossier_row, local, make_catalogue


def _due(**row) -> Dossier:
    values = dict(dict.fromkeys(("due_at", "finished_at", "returned_at", "rating"), ""), status="4", **row)
    import_dossier_file(csv_bytes([dossier_row(**values)]), "hs.csv", source_system="x")
    return Dossier.objects.get(code="HS-0001")


@pytest.mark.parametrize(
    ("procedure", "received", "due"),
    [
        # 7 ngày làm việc from Monday 4/3/2024 09:00: 5, 6, 7, 8, 11, 12, 13 March.
        ("1.002010", "2024-03-04T09:00:00", local(2024, 3, 13, 9)),
        # 1 ngày làm việc (the portal's number without a unit) from Friday 15:00: Monday 15:00.
        ("1.001193", "2024-03-08T15:00:00", local(2024, 3, 11, 15)),
        # 5 ngày làm việc from Wednesday 7/2/2024, the eve of Tết (8–14/2 off): 15, 16, 19, 20, 21 February.
        ("1.003583", "2024-02-07T10:00:00", local(2024, 2, 21, 10)),
        # 15 ngày (calendar days) from Wednesday 6/3/2024: Thursday 21/3.
        ("2.001023", "2024-03-06T10:00:00", local(2024, 3, 21, 10)),
        # 15 ngày from Friday 15/3/2024: 30/3 is a Saturday, so Monday 1/4.
        ("2.001023", "2024-03-15T10:00:00", local(2024, 4, 1, 10)),
        # Received on a Saturday: the clock starts on Monday's opening.
        ("1.001193", "2024-03-09T09:00:00", local(2024, 3, 12, 7)),
    ],
    ids=["working-days", "unitless-1", "across-tet", "calendar-days", "calendar-days-weekend", "saturday"],
)
def test_due_date_from_the_procedure_limit(ledger, procedure, received, due):
    d = _due(procedure_code=procedure, received_at=received)
    assert (d.due_at, d.due_computed) == (due, True)


def test_a_limit_in_hours(province):
    make_catalogue(codes=("3.000370",))  # 1 giờ
    d = _due(procedure_code="3.000370", received_at="2024-03-04T09:00:00", unit_code="52.STP")
    assert (d.due_at, d.due_computed) == (local(2024, 3, 4, 10), True)


def test_a_supplement_wait_moves_the_due_date(ledger):
    # DOMAIN §4 (S3): the due moves by the office time of the wait. 5 working days from Tuesday 5/3 14:10 is
    # Tuesday 12/3 14:10; the wait from Wednesday 09:00 to Friday 10:00 holds 6 h + 8 h + 3 h = 17 h of office
    # time, which from 12/3 14:10 runs to Thursday 14/3 15:10.
    import_dossier_file((DATA / "portal_dossiers.json").read_bytes(), "portal_dossiers.json", source_system="x")
    d = Dossier.objects.get(code="000.00.20.H52-240305-0101")
    assert (d.due_at, d.due_computed) == (local(2024, 3, 14, 15, 10), True)


def test_the_province_calendar_overrides_count(ledger):
    HolidayOverride.objects.create(day=date(2024, 3, 12), is_working_day=False, reason="Nghỉ bù theo quyết định của tỉnh")
    d = _due(procedure_code="1.002010", received_at="2024-03-04T09:00:00")
    assert d.due_at == local(2024, 3, 14, 9)


def test_a_due_date_in_the_file_is_kept(ledger):
    d = _due(procedure_code="1.002010", received_at="2024-03-04T09:00:00", due_at="2024-03-20T17:00:00")
    assert (d.due_at, d.due_computed) == (local(2024, 3, 20, 17), False)


def test_no_limit_no_due_date(ledger):
    d = _due(procedure_code="2.000815", received_at="2024-03-04T09:00:00")  # chứng thực: no limit in the catalogue
    assert (d.due_at, d.due_computed) == (None, False)


def test_a_limit_in_months_gives_no_due_date(province):
    make_catalogue(codes=("2.000511",))  # 12 tháng: left empty by the catalogue import
    d = _due(procedure_code="2.000511", received_at="2024-03-04T09:00:00", unit_code="52.STP")
    assert (d.due_at, d.due_computed) == (None, False)
