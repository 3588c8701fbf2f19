"""Who may open what in the parindex namespace: every URL name × every role (and anonymous), the expected
status written out as a table, as tests/web/test_permissions.py does for the rest of the project (it leaves
this namespace to this file: OWN_MATRIX).

The world: a season of the test index (tests/factories.make_index_version) for the communes; focal_commune's
commune (Xã Mỹ Đức) has a self-score with an evidence file. Province-wide roles read every assessment; a
focal point opens only its own unit's (another unit's is not found, 404); the unit's own focal point edits
its draft (an empty post: 400, bad input); the PAR officer and the administrator open seasons and set
applicability (an empty post: 400, a reason is required); everyone else is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.parindex import services
from cchc.parindex.models import Component, SeasonOpening
from tests.factories import client_for, make_index_version, make_integration_user, make_season
from tests.permission_matrix import ROLES, check_cell, url_names

# fmt: off
EXPECTED = {
    #                                        anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "parindex:index":                       (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "parindex:season":                      (302, 200,  200,  200,  200,  403,  403,   403,  403),
    "parindex:season_open":                 (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:season_opening":              (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:assessment":                  (302, 200,  200,  200,  200,  404,  404,   200,  404),
    "parindex:assessment_score":            (302, 403,  403,  403,  403,  404,  404,   400,  404),
    "parindex:assessment_evidence":         (302, 403,  403,  403,  403,  404,  404,   400,  404),
    "parindex:assessment_submit":           (302, 403,  403,  403,  403,  404,  404,   400,  404),
    "parindex:assessment_report_text":      (302, 403,  403,  403,  403,  404,  404,   302,  404),
    "parindex:assessment_applicability":    (302, 400,  400,  403,  403,  404,  404,   403,  404),
    "parindex:evidence_file":               (302, 200,  200,  200,  200,  404,  404,   200,  404),
}
# fmt: on

#: Changes are posts (an empty form: the page again with its errors, or the refusal).
METHODS = {n: "post" for n in ("parindex:assessment_score", "parindex:assessment_evidence",
                               "parindex:assessment_submit", "parindex:assessment_applicability",
                               "parindex:assessment_report_text")}


@dataclass
class World:
    args: dict


@pytest.fixture
def world(province, users) -> World:
    season = make_season(by=users["officer"])
    mine = season.assessments.get(unit=province.commune)
    score = services.save_self_score(mine, Component.objects.get(code="1.1.1"), points=1, evidence_state="full",
                                     explanation="", by=users["focal_commune"])
    evidence = services.add_evidence(score, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), document_number="1/KH",
                                     locator="trang 1", by=users["focal_commune"])
    args = {n: [mine.pk] for n in EXPECTED if n.startswith("parindex:assessment")}
    # Next year's season, asked for and waiting for the worker (cchc.parindex.opening).
    waiting = SeasonOpening.objects.create(version=make_index_version(code="tn-xa-2027", year=2027),
                                           opens_on=date(2027, 11, 10), self_due=date(2027, 11, 30),
                                           appraisal_due=date(2027, 12, 20), response_days=5,
                                           created_by=users["officer"])
    return World({**args, "parindex:season": [season.pk], "parindex:evidence_file": [evidence.pk],
                  "parindex:season_opening": [waiting.pk]})


def url_of(name: str, w: World) -> str:
    return reverse(name, args=w.args.get(name, []))


def _users():
    from django.contrib.auth import get_user_model

    by_name = {u.username: u for u in get_user_model().objects.all()}
    return {role: by_name[role.replace("_", ".")] for role in ROLES if role != "anonymous"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, world):
    url = url_of(name, world)
    check_cell(EXPECTED, name, role, _users(), url, method=METHODS.get(name, "get"),
               redirect=lambda: f"/login/?next={url}" if role == "anonymous" else  # an empty report text is saved
               f"{reverse('parindex:assessment', args=world.args[name])}#report-text")


def test_every_url_of_the_namespace_has_a_row():
    """Each part of the PAR index keeps its own matrix next to its tests (the season's here, the versions',
    the appraisal's, the results' and the documents'); together they give every URL name a row, and none
    names a URL that no longer exists."""
    from tests.parindex import (
        test_appraisal_pages,
        test_documents,
        test_results_permissions,
        test_structure_pages,
    )

    parts = [set(EXPECTED), set(test_structure_pages.EXPECTED), set(test_appraisal_pages.EXPECTED),
             set(test_results_permissions.EXPECTED), set(test_documents.MATRIX_NAMES)]
    covered = set().union(*parts)
    assert sum(len(p) for p in parts) == len(covered), "a URL name has rows in two matrices"
    names = {n for n in url_names() if n.startswith("parindex:")}
    assert "parindex:index" in names, "the walk must see the namespace, or this test could never fail"
    assert names - covered == set(), "add these views to a matrix"
    assert covered - names == set(), "a matrix names a URL that no longer exists"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_integration_account_opens_nothing(name, world):
    response = getattr(client_for(user=make_integration_user()), METHODS.get(name, "get"))(url_of(name, world))
    assert response.status_code == 403, name


@pytest.mark.parametrize("name", ["parindex:season", "parindex:assessment", "parindex:evidence_file"])
def test_missing_objects_are_404(world, name):
    assert client_for(user=_users()["admin"]).get(reverse(name, args=[999999])).status_code == 404
