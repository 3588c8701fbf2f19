"""The demo's published answers (cchc/portal766/snapshots) import against today's Gia Lai as the demo loads
it (the portal's 149 units as aliases, ../shared/data/gialai_portal_units_2026.csv): every unit published
matches a CCHC unit, so the reconciliation page shows from a clean clone."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.portal766 import demo, services
from cchc.portal766.models import PublishedFigure, PublishedSnapshot
from cchc.units.aliases import import_portal_units
from cchc.units.models import Unit, UnitAlias, UnitLink
from cchc.units.services import import_province
from tests.factories import client_for, make_user


@pytest.fixture(scope="module")
def gia_lai(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import_province("Bình Định")
        import_province("Gia Lai")
        import_portal_units(on=date(2026, 10, 10))
        yield
        PublishedSnapshot.objects.all().delete()
        UnitAlias.objects.all().delete()
        UnitLink.objects.all().delete()
        Unit.objects.update(parent=None, province=None)
        Unit.objects.all().delete()


def test_the_committed_answers_import_and_every_unit_matches(gia_lai, db):
    files = demo.answers()
    assert len(files) >= 7 and files[0].name == "agencies_GiaLai_23092026.json"  # oldest first
    assert not demo.ANSWER.match("index.json") and not demo.ANSWER.match("comparison_GiaLai_10102026.json")
    # Every answer committed is imported, the communes' detail excerpt (12 of 135) too.
    committed = {p.name for p in demo.SNAPSHOTS.glob("*.json")}
    assert {p.name for p in files} == committed and "communes_detail_GiaLai_10102026.excerpt.json" in committed
    assert demo.import_snapshots() == len(files)
    assert demo.import_snapshots() == 0  # again: nothing new
    assert not PublishedFigure.objects.filter(unit__isnull=True).exists()
    assert all(s.unmatched == [] for s in PublishedSnapshot.objects.all())
    agencies = services.figures("year", date(2026, 1, 1), "AGENCY")
    assert len(agencies) == 14 and agencies[0].unit.name.startswith("Sở Văn hóa")
    assert {f.unit.block for f in agencies} == {"agency"}
    communes = services.figures("year", date(2026, 1, 1), "COMMUNE")
    assert len(communes) == 135 and {f.unit.block for f in communes} == {"commune"}
    detailed = [f for f in communes if f.snapshot.shape == "detail"]  # a detail preferred to the summary
    assert len(detailed) == 12 and all(f.indicators.count() >= 15 for f in detailed)
    assert sorted(f.rank for f in agencies + communes) == list(range(1, 150))  # one ranking of 149 units
    assert ("month", date(2026, 3, 1)) in services.periods()  # 23/09/2026 scored "Month 3/2026"
    leader = make_user(username="lanh.dao", role="leader")
    page = client_for(user=leader).get(reverse("portal766:reconciliation") + "?kind=year&start=2026-01-01&block=AGENCY")
    assert page.status_code == 200 and page.content.decode().count("/portal766/units/") == 14
    default = client_for(user=leader).get(reverse("portal766:reconciliation"))  # the latest year, agencies
    assert (default.context["kind"], default.context["start"], len(default.context["rows"])) == ("year", date(2026, 1, 1), 14)
    inspectorate = Unit.objects.get(aliases__code="H21.20")
    assert [p.run_date for p in services.history(inspectorate)][-1] == date(2026, 10, 10)
