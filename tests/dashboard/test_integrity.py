"""The integrity flags pages (issue 14 item 2): each rule's count per unit is the stored figure, and the
link under it opens the engine's list of exactly those dossiers ("one truth"). Figures come from the real
engine (dossiers → fact store → KpiValue and its lists)."""

from __future__ import annotations

import re

import pytest

from cchc.analytics.store import FactStore
from cchc.core.integrity import RULE_CODES
from tests.analytics.helpers import at
from tests.factories import client_for, make_dossier, make_procedure

pytestmark = pytest.mark.django_db
YEAR = 2025
QUERY = f"?kind=year&start={YEAR}-01-01"


@pytest.fixture
def computed(province, settings):
    """2025 in Xã Mỹ Đức: NO-RESULT-1 and NO-RESULT-2 closed as processed without a result (the
    procedure's result is a document; NO-RESULT-1 never returned either), TWICE asked for a supplement twice
    (result on file), LATE finished late without an apology (result on file), SIGNED-LATER closed the day
    before its result was signed, FOR-CITIZEN submitted online with an official's account, OWN-ACCOUNT
    submitted online by the citizen (it carries the data, unflagged), BURST-1..3 rated "very satisfied"
    within 4 minutes (a burst of three: the setting is 3 here), CLEAN none of these; in Xã Mỹ Lộc
    NO-RESULT-3."""
    settings.CCHC_INTEGRITY_BURST_COUNT = 3
    procedure = make_procedure(time_limit=5)
    common = {"procedure": procedure, "received_at": at(YEAR, 3, 2), "due_at": at(YEAR, 3, 9, 17)}
    make_dossier(unit=province.commune, code="NO-RESULT-1", status=9, finished_at=at(YEAR, 3, 5), **common)
    make_dossier(unit=province.commune, code="NO-RESULT-2", status=10, finished_at=at(YEAR, 3, 5),
                 returned_at=at(YEAR, 3, 6), **common)
    make_dossier(unit=province.commune, code="TWICE", status=10, finished_at=at(YEAR, 3, 5), supplement_count=2,
                 result_digitised=True, returned_at=at(YEAR, 3, 6), **common)
    make_dossier(unit=province.commune, code="LATE", status=10, finished_at=at(YEAR, 3, 12), result_digitised=True,
                 returned_at=at(YEAR, 3, 13), **common)
    make_dossier(unit=province.commune, code="CLEAN", status=10, finished_at=at(YEAR, 3, 5), result_digitised=True,
                 returned_at=at(YEAR, 3, 6), **common)
    make_dossier(unit=province.commune2, code="NO-RESULT-3", status=9, finished_at=at(YEAR, 3, 5), **common)
    fine = {"unit": province.commune, "status": 10, "finished_at": at(YEAR, 3, 5), "result_digitised": True,
            "returned_at": at(YEAR, 3, 6), **common}
    make_dossier(code="SIGNED-LATER", result_issued_at=at(YEAR, 3, 6), **fine)
    make_dossier(code="FOR-CITIZEN", channel=2, submitted_by_official=True, **fine)
    make_dossier(code="OWN-ACCOUNT", channel=2, submitted_by_official=False, submitted_at_counter=False, **fine)
    for n, minute in enumerate((0, 2, 4), start=1):
        make_dossier(code=f"BURST-{n}", rating=1, rated_at=at(YEAR, 3, 6, 10, minute), **fine)
    store = FactStore()
    store.sync()
    store.compute("year", YEAR)


EXPECTED = {  # the commune's dossiers per rule
    "closed_before_result": ["NO-RESULT-1", "NO-RESULT-2", "SIGNED-LATER"],
    "supplement_over_once": ["TWICE"],  # late too (766: more than one request is late), apology-less
    "late_without_apology": ["LATE", "TWICE"],
    "unreturned": ["NO-RESULT-1"],  # processed in March, status 9, never returned by the year's end
    "rating_burst": ["BURST-1", "BURST-2", "BURST-3"],
    "on_behalf": ["FOR-CITIZEN"],
}


def counted(html: str, table: str, unit_pk: int) -> dict[str, tuple[int, str]]:
    """{rule: (count shown, the link under it)} of a unit in one of the pages' tables."""
    body = re.search(rf'<table id="{table}">(.*?)</table>', html, re.S).group(1)
    found = re.findall(rf'<a href="(/dashboard/units/{unit_pk}/figures/(\w+)/dossiers/[^"]*)">(\d+)</a>', body)
    return {code: (int(n), url.replace("&amp;", "&")) for url, code, n in found}


def listed(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    table = re.search(r'<table id="figure-dossiers">(.*?)</table>', html, re.S).group(1)
    return sorted(re.findall(r'<a href="/dossiers/\d+/">([^<]+)</a>', table))


def test_each_count_opens_exactly_the_dossiers_it_counts(computed, province, users):
    client = client_for(user=users["focal_commune"])
    page = client.get(f"/dashboard/units/{province.commune.pk}/integrity/{QUERY}")
    assert page.status_code == 200
    shown = counted(page.content.decode(), "integrity-rules", province.commune.pk)
    assert set(shown) == set(RULE_CODES)
    for code, names in EXPECTED.items():
        count, url = shown[code]
        assert url.endswith(QUERY)
        assert listed(client, url) == names
        assert count == len(names), code


def test_the_province_table_has_every_unit_and_its_counts(computed, province, users):
    client = client_for(user=users["inspector"])
    html = client.get(f"/dashboard/integrity/{QUERY}").content.decode()
    commune = counted(html, "integrity-units", province.commune.pk)
    assert {code: n for code, (n, _u) in commune.items()} == {code: len(v) for code, v in EXPECTED.items()}
    other = counted(html, "integrity-units", province.commune2.pk)
    assert {code: n for code, (n, _u) in other.items()} == {"closed_before_result": 1, "unreturned": 1}
    assert listed(client, other["closed_before_result"][1]) == ["NO-RESULT-3"]
    # the province counts both communes' dossiers, as its figure does
    top = counted(html, "integrity-units", province.province.pk)
    assert top["closed_before_result"][0] == 4
    assert listed(client, top["closed_before_result"][1]) == ["NO-RESULT-1", "NO-RESULT-2", "NO-RESULT-3",
                                                             "SIGNED-LATER"]
    # how many dossiers carry the data the check "on the citizen's behalf" reads, beside its flags
    assert re.search(rf'<td class="num" id="on-behalf-data-{province.commune.pk}">2</td>', html)
    assert re.search(rf'<td class="num" id="on-behalf-data-{province.commune2.pk}">0</td>', html)


def test_a_units_page_says_how_many_dossiers_the_check_on_behalf_could_see(computed, province, users):
    html = client_for(user=users["focal_commune"]).get(
        f"/dashboard/units/{province.commune.pk}/integrity/{QUERY}").content.decode()
    assert re.search(r'id="on-behalf-data">\s*2\s*<', html)


def test_a_focal_point_is_sent_to_its_own_units_flags_and_kept_out_of_others(computed, province, users):
    client = client_for(user=users["focal_commune"])
    response = client.get(f"/dashboard/integrity/{QUERY}")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/units/{province.commune.pk}/integrity/{QUERY}"
    assert client.get(f"/dashboard/units/{province.commune2.pk}/integrity/").status_code == 403
    district = client_for(user=users["focal_district"]).get(f"/dashboard/units/{province.district.pk}/integrity/{QUERY}")
    assert district.status_code == 200
    assert counted(district.content.decode(), "integrity-children", province.commune.pk)["closed_before_result"][0] == 3


def test_the_dashboard_links_the_flags(computed, province, users):
    client = client_for(user=users["officer"])
    index = client.get(f"/dashboard/?year={YEAR}").content.decode()
    assert f'href="/dashboard/integrity/?kind=year&amp;start={YEAR}-01-01" id="integrity-link"' in index
    unit = client.get(f"/dashboard/units/{province.commune.pk}/?year={YEAR}").content.decode()
    assert (f'href="/dashboard/units/{province.commune.pk}/integrity/?kind=year&amp;start={YEAR}-01-01" '
            'id="integrity-link"') in unit
