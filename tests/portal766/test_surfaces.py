"""Issue #15 item 5: the scorecard, the ranking (page and Excel), the dashboard's unit page and its index show
the portal's published score beside CCHC's, and the unit's rank within its block: the same figures as the
imported answer (PublishedFigure) and the ranking page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from cchc.analytics import services as analytics
from cchc.portal766 import services
from cchc.scoreboard import services as scoreboard
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests.factories import client_for, make_users
from tests.portal766.test_import_and_reconcile import _cchc_figures

DETAIL = Path(__file__).parent / "data" / "agencies_detail_small.json"
SUMMARY = Path(__file__).resolve().parents[2] / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_10102026.json"
YEAR = date(2026, 1, 1)
QUERY = {"kind": "year", "start": "2026-01-01"}


@pytest.fixture
def published(province):
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.17", unit=province.snv)
    _cchc_figures(province.snv)
    services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    return province


def test_the_scorecard_shows_the_published_score_and_the_rank_in_block(published):
    users = make_users(tree=published)
    html = client_for(user=users["leader"]).get(reverse("scoreboard:unit", args=[published.snv.pk]), QUERY).content.decode()
    assert 'id="published"' in html and "79,27" in html and "Cổng DVCQG công bố ngày 10/10/2026" in html
    assert "hạng 1 trong khối" in html
    rank, count = scoreboard.block_rank(published.snv, "year", YEAR, analytics.values_stamp("year"))
    assert f"Hạng {rank}/{count} trong khối" in html
    assert reverse("portal766:unit", args=[published.snv.pk]) in html


def test_the_ranking_page_and_its_file_hold_the_published_score(published):
    client = client_for(user=make_users(tree=published)["leader"])
    html = client.get(reverse("scoreboard:ranking"), {**QUERY, "block": "agency"}).content.decode()
    assert ">Điểm Cổng DVCQG công bố</th>" in html and ">79,27<" in html
    response = client.get(reverse("scoreboard:ranking_xlsx"), {**QUERY, "block": "agency"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Điểm Cổng DVCQG công bố" in r)
    at = header.index("Điểm Cổng DVCQG công bố")
    snv = next(r for r in rows if r and published.snv.name in r)
    assert D(str(snv[at])) == D("79.27") and snv[at + 1] == 1


def test_the_dashboard_shows_the_published_figures(published):
    services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)  # with the province's own total, 66.23
    client = client_for(user=make_users(tree=published)["leader"])
    unit = client.get(reverse("dashboard:unit", args=[published.snv.pk]), {"year": 2026}).content.decode()
    assert 'id="published"' in unit and "79,27" in unit
    index = client.get(reverse("dashboard:index"), {"year": 2026}).content.decode()
    assert "Cổng DVCQG công bố 66,23 điểm ngày 10/10/2026" in index


def test_the_ranking_links_the_sources_each_role_may_open(published):
    users = make_users(tree=published)
    officer = client_for(user=users["officer"]).get(reverse("scoreboard:ranking"), {**QUERY, "block": "agency"}).content.decode()
    assert 'id="sources766"' in officer
    for name in ("portal766:reconciliation", "publications:list", "portalcounts:list"):
        assert reverse(name) in officer
    # A focal point is linked only to the pages it may open.
    focal = client_for(user=users["focal_commune"])
    html = focal.get(reverse("scoreboard:ranking"), {**QUERY, "block": "agency"}).content.decode()
    for name in ("portal766:reconciliation", "publications:list", "portalcounts:list"):
        if f'href="{reverse(name)}"' in html:
            assert focal.get(reverse(name)).status_code == 200, name
