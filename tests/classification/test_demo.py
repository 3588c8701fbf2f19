"""The demo's classification step (cchc.demo.classification): the reminder to Xã Phù Mỹ dated last year and
this year's proposals, on Bình Định's real units with its monthly figures written by hand (the demo's own
dossiers keep Phù Mỹ late every month; computing them is the demo loader's slow part, not this test's)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.utils import timezone

from cchc.accounts.choices import Role
from cchc.classification.models import Proposal, Reminder
from cchc.demo.classification import OFFICER, UNIT_KEY, load
from cchc.units.models import Unit
from cchc.units.services import import_province
from tests.factories import make_kpi_value, make_user


def test_the_demo_caps_phu_my_with_its_reason(db):
    import_province("Bình Định")
    phu_my = Unit.objects.get(key=UNIT_KEY)
    make_user(username=OFFICER, role=Role.PAR_OFFICER, unit=Unit.objects.get(key="dept:2025:52.SNV"))
    year = timezone.localdate().year
    as_of = datetime(year, 12, 1, tzinfo=UTC)
    make_kpi_value(unit=phu_my, code="ontime_rate", start=date(year, 1, 1), kind="year", numerator=132,
                   denominator=169, value="78.1", as_of=as_of)
    for month, late, finished in ((2, 5, 10), (4, 5, 16)):
        make_kpi_value(unit=phu_my, code="late", start=date(year, month, 1), kind="month", numerator=late,
                       value=late, as_of=as_of)
        make_kpi_value(unit=phu_my, code="finished", start=date(year, month, 1), kind="month", numerator=finished,
                       value=finished, as_of=as_of)
    assert load() > 0
    assert load() > 0  # again: idempotent
    assert Reminder.objects.filter(unit=phu_my, on=date(year - 1, 10, 15)).count() == 1
    proposal = Proposal.objects.get(unit=phu_my, year=year)
    assert proposal.proposed_level == "done" and [c["code"] for c in proposal.caps] == ["seed003"]
    assert "15/10/" in proposal.cap_reasons[0]
