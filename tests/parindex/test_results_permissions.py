"""Who may open what among the PAR index result pages: every URL name of cchc.parindex.views_results ×
every role (and anonymous), written out as a table, as tests/web/test_permissions.py does for the rest of
the project (it leaves the parindex namespace to the app's own matrices: OWN_MATRIX).

A commune season, every unit's points decided, not yet published: leaders, the PAR officer, inspectors
and the administrator read the results; focal points do not until publication (tests/parindex/
test_results_pages.py opens them after it). Publishing, importing survey points and correcting are posts
of the PAR officer and the administrator (an empty form: back to the page with the reason, 302); anyone
else gets 403.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from tests import factories
from tests.factories import client_for, make_integration_user
from tests.parindex.test_results import POINTS_A, POINTS_B
from tests.permission_matrix import ROLES, check_cell, url_names

# fmt: off
EXPECTED = {
    #                              anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "parindex:result":           (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "parindex:season_results":   (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "parindex:correct":          (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:publish":          (302, 302,  302,  403,  403,  403,  403,   403,  403),
    "parindex:survey_import":    (302, 302,  302,  403,  403,  403,  403,   403,  403),
}
# fmt: on

METHODS = {n: "post" for n in ("parindex:correct", "parindex:publish", "parindex:survey_import")}


@pytest.fixture
def args(province, users) -> dict:
    version = factories.make_par_result_version(year=2026, block="commune")
    season = factories.make_par_result_season(version=version, units=[province.commune, province.commune2])
    a = factories.score_par(assessment=season.assessments.get(unit=province.commune), points=POINTS_A)
    factories.score_par(assessment=season.assessments.get(unit=province.commune2), points=POINTS_B)
    return {"parindex:result": [a.pk], "parindex:correct": [a.pk], "parindex:season_results": [season.pk],
            "parindex:publish": [season.pk], "parindex:survey_import": [season.pk]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, args, users):
    url = reverse(name, args=args[name])
    check_cell(EXPECTED, name, role, users, url, method=METHODS.get(name, "get"),
               redirect=(lambda: f"/login/?next={url}") if role == "anonymous" else None)


def _results_views() -> set[str]:
    out = set()
    for n in (n for n in url_names() if n.startswith("parindex:")):
        try:
            path = reverse(n, args=[1])
        except NoReverseMatch:  # e.g. parindex:index, which takes no id (and is not a results view)
            continue
        if resolve(path).func.__module__ == "cchc.parindex.views_results":
            out.add(n)
    return out


def test_every_url_of_the_results_views_has_a_row():
    names = _results_views()
    assert "parindex:result" in names, "the walk must see the views, or this test could never fail"
    assert names - set(EXPECTED) == set(), "add these views to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names a URL that no longer exists"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, args):
    response = getattr(client_for(user=make_integration_user()), METHODS.get(name, "get"))(
        reverse(name, args=args[name]))
    assert response.status_code == 403, name


@pytest.mark.parametrize("name", ["parindex:result", "parindex:season_results"])
def test_missing_objects_are_404(users, name):
    assert client_for(user=users["admin"]).get(reverse(name, args=[999999])).status_code == 404
