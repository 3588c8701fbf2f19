"""The dossiers behind a stored figure (issue 12, leftovers of item 1): the focal point's home counts its
late dossiers without an apology from the stored figure and links to that figure's own list, so the page
it opens lists exactly the dossiers counted. Figures come from the real engine (dossiers → fact store →
KpiValue and its lists)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cchc.analytics.store import FactStore
from tests.analytics.helpers import at
from tests.factories import client_for, make_dossier, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(province):
    """This year in Xã Mỹ Đức: LATE-1 and LATE-2 finished late without an apology, OPEN-LATE still open
    past its due day, SORRY late with an apology, ON-TIME on time; OTHER late without an apology in
    Xã Mỹ Lộc. The commune's figure late_without_apology is 3."""
    year = timezone.localdate().year
    procedure = make_procedure(time_limit=5)

    def late(unit, code, **extra):
        return make_dossier(unit=unit, procedure=procedure, status=9, received_at=at(year, 1, 6),
                            due_at=at(year, 1, 13, 17), finished_at=at(year, 1, 15, 8), code=code, **extra)

    late(province.commune, "LATE-1")
    late(province.commune, "LATE-2")
    late(province.commune, "SORRY", apology_at=at(year, 1, 12, 9))
    late(province.commune2, "OTHER")
    make_dossier(unit=province.commune, procedure=procedure, status=4, received_at=at(year, 2, 2),
                 due_at=at(year, 2, 9, 17), code="OPEN-LATE")
    make_dossier(unit=province.commune, procedure=procedure, status=9, received_at=at(year, 1, 6),
                 due_at=at(year, 1, 13, 17), finished_at=at(year, 1, 8), code="ON-TIME")
    store = FactStore()
    store.sync()
    store.compute("year", year)
    return year


def listed(html: str) -> list[str]:
    table = re.search(r'<table id="figure-dossiers">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<a href="/dossiers/\d+/">([^<]+)</a>', table)


def test_the_homes_count_is_the_linked_lists(computed, province, users):
    client = client_for(user=users["focal_commune"])
    home = client.get("/").context["home"]
    item = home.item("late_without_apology")
    assert item.count == 3
    assert item.url == (f"/dashboard/units/{province.commune.pk}/figures/late_without_apology/dossiers/"
                        f"?kind=year&start={computed}-01-01")
    page = client.get(item.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert sorted(listed(html)) == ["LATE-1", "LATE-2", "OPEN-LATE"]
    assert len(listed(html)) == item.count == page.context["found"].total
    assert "Trễ hạn, chưa có văn bản xin lỗi" in html and "Hồ sơ trễ hạn chưa có văn bản xin lỗi" in html


def test_the_list_is_scoped_to_who_may_see_the_units_dossiers(computed, province, users):
    url = f"/dashboard/units/{province.commune.pk}/figures/late_without_apology/dossiers/"
    assert client_for(user=users["focal_commune2"]).get(url).status_code == 403
    assert client_for(user=users["focal_district"]).get(url).status_code == 200  # the commune is under it
    district = client_for(user=users["officer"]).get(
        f"/dashboard/units/{province.district.pk}/figures/late_without_apology/dossiers/",
        {"kind": "year", "start": f"{computed}-01-01"}).content.decode()
    assert sorted(listed(district)) == ["LATE-1", "LATE-2", "OPEN-LATE", "OTHER"]  # the district's figure rolls up


@pytest.mark.parametrize("params", [{"kind": "x", "start": "y", "page": "z"}, {"start": "99999-01-01"},
                                    {"page": "99999999999999999999"}, {"kind": "year", "start": "1999-01-01"}])
def test_hostile_parameters_never_fail(computed, province, users, params):
    url = f"/dashboard/units/{province.commune.pk}/figures/late_without_apology/dossiers/"
    assert client_for(user=users["officer"]).get(url, params).status_code == 200


def test_a_figure_without_a_list_is_not_found(province, users):
    url = f"/dashboard/units/{province.commune.pk}/figures/received/dossiers/"
    assert client_for(user=users["officer"]).get(url).status_code == 404
