"""cchc.portal766: importing the portal's published answers (idempotent, unmatched units listed), the
reconciliation with CCHC's scorecards on a hand-built case, the history, the pages' permissions and the
command."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cchc.core import portal766 as rules
from cchc.core.errors import InvalidInput
from cchc.portal766 import services
from cchc.portal766.models import PublishedFigure, PublishedIndicator, PublishedSnapshot
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests.factories import client_for, make_integration_user, make_kpi_value

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_10102026.json"
DETAIL = Path(__file__).parent / "data" / "agencies_detail_small.json"
YEAR = date(2026, 1, 1)


@pytest.fixture
def aliased(province):
    """Sở Nội vụ of the test province is the portal's H21.17, Sở Tư pháp its H21.09."""
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.17", unit=province.snv)
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.09", unit=province.stp)
    return province


def test_a_summary_imports_matched_and_unmatched_units(aliased):
    result = services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    assert result.created and result.matched == 2
    assert len(result.unmatched) == 12 and ("H21.20", "Thanh tra tỉnh - tỉnh Gia Lai") in result.unmatched
    snap = result.snapshot
    assert (snap.run_date, snap.period_kind, snap.period_start, snap.shape) == (date(2026, 10, 10), "year", YEAR, "summary")
    assert snap.overview_total == D("66.23") and len(snap.unmatched) == 12
    figure = PublishedFigure.objects.get(snapshot=snap, portal_code="H21.17")
    assert figure.unit == aliased.snv and (figure.total, figure.rank, figure.group_rank) == (D("79.27"), 1, 1)
    assert [figure.group(g) for g in range(1, 7)] == [D("11.79"), D("19.97"), D("6.72"), D("8.61"), D("14.18"), D("18")]
    unmatched = PublishedFigure.objects.get(snapshot=snap, portal_code="H21.20")
    assert unmatched.unit is None and unmatched.total == D("19.79")  # kept, not dropped


def test_the_same_file_again_changes_nothing(aliased):
    first = services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    counts = (PublishedSnapshot.objects.count(), PublishedFigure.objects.count(), PublishedIndicator.objects.count())
    again = services.import_snapshot(DETAIL.read_bytes(), "renamed.json")
    assert first.created and not again.created and again.snapshot.pk == first.snapshot.pk and again.matched == 2
    assert [tuple(u) for u in again.snapshot.unmatched] == [("H21.20", "Thanh tra tỉnh - tỉnh Gia Lai")]
    assert (PublishedSnapshot.objects.count(), PublishedFigure.objects.count(),
            PublishedIndicator.objects.count()) == counts == (1, 3, 54)


def test_a_refused_file_writes_nothing(aliased):
    with pytest.raises(InvalidInput):
        services.import_snapshot(DETAIL.read_bytes().replace(b'"AGENCY"', b'"DISTRICT"', 1), "bad.json")
    assert not PublishedSnapshot.objects.exists() and not PublishedFigure.objects.exists()


def _cchc_figures(unit):
    """CCHC's stored year-2026 figures of Sở Nội vụ (the portal's H21.17), worked by hand against the
    published ones: 2.1 653/654 (= the portal's), 5.2 603/654 (same counts; CCHC caps at 80% → 4.00, the
    portal 3.69), 5.1 600/654 (the portal counts 610)."""
    at = datetime(2026, 10, 10, tzinfo=UTC)
    make_kpi_value(unit=unit, code="ontime_rate", kind="year", start=YEAR, value="99.85", numerator=653,
                   denominator=654, as_of=at)
    make_kpi_value(unit=unit, code="digitised_dossiers_rate", kind="year", start=YEAR, value="92.2", numerator=603,
                   denominator=654, as_of=at)
    make_kpi_value(unit=unit, code="digitised_results_rate", kind="year", start=YEAR, value="91.74", numerator=600,
                   denominator=654, as_of=at)


def test_reconciliation_explains_each_difference(aliased):
    _cchc_figures(aliased.snv)
    services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    rows = services.reconcile("year", YEAR, "AGENCY")
    assert [r.figure.portal_code for r in rows] == ["H21.17", "H21.09", "H21.20"]  # by the portal's rank
    lines = {line.code: line for line in rows[0].indicators}
    assert (lines["2.1"].explanation, lines["2.1"].difference) == (rules.SAME, D(0))
    # 603/654 scored by the portal's rules of 2026 (cchc.core.score766 DVCQG-2026: linear): 3.69 on both sides.
    # The "formula" explanation itself is worked by hand in tests/core/test_portal766.py.
    assert (lines["5.2"].explanation, lines["5.2"].cchc_points, lines["5.2"].difference) == (rules.SAME, D("3.69"), D(0))
    assert lines["5.1"].explanation == rules.COUNTS
    assert (lines["5.1"].portal_counts, lines["5.1"].cchc_counts) == ((D(610), D(654)), (600, 654))
    assert lines["1.1"].explanation == rules.MISSING and lines["1.1"].portal_points == D("0.13")
    groups = {line.code: line for line in rows[0].groups}
    assert groups["2"].explanation == rules.SAME and groups["1"].explanation == rules.MISSING
    assert groups["5"].explanation == rules.MISSING  # 5.3–5.7 have no CCHC inputs
    assert rows[0].total.portal_points == D("79.27") and rows[0].total.explanation == rules.MISSING
    # Sở Tư pháp: no CCHC figure at all.
    assert rows[1].total.cchc_points is None and {line.explanation for line in rows[1].indicators} == {rules.MISSING}


def test_a_summary_gives_the_points_of_the_indicators_alone_in_their_group(aliased):
    """Group 2 is 2.1 alone and group 3 is 3.1 alone: a summary's group scores are their points (no counts);
    the other indicators are not published in a summary."""
    _cchc_figures(aliased.snv)
    services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    row = next(r for r in services.reconcile("year", YEAR, "AGENCY") if r.figure.unit_id == aliased.snv.pk)
    lines = {line.code: line for line in row.indicators}
    assert (lines["2.1"].portal_points, lines["2.1"].cchc_points, lines["2.1"].explanation) == (D("19.97"), D("19.97"), rules.SAME)
    assert lines["3.1"].portal_points == D("6.72") and lines["3.1"].explanation == rules.MISSING
    assert lines["5.2"].portal_points is None and lines["5.2"].explanation == rules.NOT_PUBLISHED
    assert PublishedIndicator.objects.count() == 0  # nothing stored for it: read from the group


def test_a_newer_run_date_is_shown_a_detail_preferred_and_another_period_chosen(aliased, users):
    services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    chosen = services.figures("year", YEAR, "AGENCY")
    assert len(chosen) == 14 and chosen[0].snapshot.shape == "detail"  # H21.17 from the detail answer
    older = SUMMARY.read_bytes().replace(b'"runDateStr": "10102026"', b'"runDateStr": "09102026"') \
        .replace(b'"totalScore": 79.27', b'"totalScore": 78.5').replace(b'"rank": 1,', b'"rank": 2,') \
        .replace(b'"groupRank": 1\n', b'"groupRank": 2\n', 1)
    services.import_snapshot(older, "agencies_GiaLai_09102026.json")
    assert services.run_dates("year", YEAR, "AGENCY") == [date(2026, 10, 10), date(2026, 10, 9)]
    assert services.figures("year", YEAR, "AGENCY", date(2026, 10, 9))[0].total == D("78.5")
    month = SUMMARY.read_bytes().replace(b'"timeType": "year"', b'"timeType": "month"') \
        .replace(b'"period": null', b'"period": 3')
    services.import_snapshot(month, "agencies_GiaLai_month.json")
    page = client_for(user=users["leader"]).get(reverse("portal766:reconciliation") + "?period=month:2026-03-01&block=AGENCY")
    assert "Tháng 3/2026" in page.content.decode() and page.context["kind"] == "month"
    assert page.context["rows"][0][0].figure.snapshot.file_name == "agencies_GiaLai_month.json"
    history = services.history(aliased.snv, "year", YEAR)
    assert [(h.run_date, h.total, h.rank) for h in history] == [(date(2026, 10, 9), D("78.5"), 2),
                                                                 (date(2026, 10, 10), D("79.27"), 1)]
    assert services.history_periods(aliased.snv) == [("year", YEAR), ("month", date(2026, 3, 1))]
    assert services.periods() == [("year", YEAR), ("month", date(2026, 3, 1))]  # the page's default first
    page = client_for(user=users["leader"]).get(reverse("portal766:history", args=[aliased.snv.pk]))
    assert page.context["chart"]["total"] == ["78.50", "79.27"] and page.context["chart"]["rank"] == [2, 1]
    month_page = client_for(user=users["leader"]).get(reverse("portal766:history", args=[aliased.snv.pk])
                                                      + "?period=month:2026-03-01")
    assert month_page.context["chart"]["dates"] == ["10/10/2026"]


def test_pages_for_every_role_and_the_upload_for_the_par_officer_only(aliased, users):
    _cchc_figures(aliased.snv)
    services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    integration = client_for(user=make_integration_user())
    assert integration.get(reverse("portal766:reconciliation")).status_code == 403
    assert integration.get(reverse("portal766:history", args=[aliased.snv.pk])).status_code == 403
    for name, user in users.items():
        client = client_for(user=user)
        page = client.get(reverse("portal766:reconciliation") + "?kind=year&start=2026-01-01&block=AGENCY")
        assert page.status_code == 200 and "79,27" in page.content.decode(), name
        unit = client.get(reverse("portal766:unit", args=[aliased.snv.pk]) + "?kind=year&start=2026-01-01&block=AGENCY")
        text = unit.content.decode()
        assert unit.status_code == 200 and "603 / 654" in text and "công thức" in text and "khác số đếm" in text
        assert client.get(reverse("portal766:history", args=[aliased.snv.pk])).status_code == 200
        upload = client.get(reverse("portal766:upload"))
        assert upload.status_code == (200 if name in {"admin", "officer"} else 403), name


def test_the_unit_page_names_the_rules_version_cchc_scored_with(aliased, users):
    """A "formula" difference is a difference of rules' versions (issue #15 item 3): the page says which
    version (cchc.core.score766.version_for) CCHC scored the period with, and from when it applies."""
    _cchc_figures(aliased.snv)
    services.import_snapshot(DETAIL.read_bytes(), DETAIL.name)
    text = client_for(user=users["officer"]).get(
        reverse("portal766:unit", args=[aliased.snv.pk]) + "?kind=year&start=2026-01-01&block=AGENCY").content.decode()
    assert "CCHC chấm kỳ này theo phiên bản quy tắc DVCQG-2026 (áp dụng cho kỳ bắt đầu từ 01/01/2026)." in text


def test_the_upload_page_imports_lists_unmatched_and_refuses_with_the_unit_named(aliased, users):
    client = client_for(user=users["officer"])
    client.handler.enforce_csrf_checks = True
    client.get(reverse("portal766:upload"))
    token = client.cookies["csrftoken"].value
    sent = client.post(reverse("portal766:upload"), {"file": SimpleUploadedFile(SUMMARY.name, SUMMARY.read_bytes()),
                                                     "csrfmiddlewaretoken": token})
    text = sent.content.decode()
    assert sent.status_code == 200 and "12 đơn vị không khớp" in text and "H21.20 Thanh tra tỉnh" in text
    assert PublishedSnapshot.objects.get().imported_by == users["officer"]
    bad = DETAIL.read_bytes().replace(b'"totalScore": 73.01', b'"totalScore": "x"')
    refused = client.post(reverse("portal766:upload"), {"file": SimpleUploadedFile("bad.json", bad),
                                                        "csrfmiddlewaretoken": token})
    assert "bad.json" in refused.content.decode() and "H21.09" in refused.content.decode()
    assert PublishedSnapshot.objects.count() == 1
    no_token = client_for(user=users["officer"])
    no_token.handler.enforce_csrf_checks = True
    assert no_token.post(reverse("portal766:upload"), {"file": SimpleUploadedFile("a.json", b"{}")}).status_code == 403


def test_the_command_prints_what_it_imported_and_could_not_match(aliased, tmp_path):
    out = io.StringIO()
    call_command("portal766", "import", str(SUMMARY), str(DETAIL), stdout=out)
    text = out.getvalue()
    assert "2 đơn vị khớp, 12 đơn vị không khớp" in text and "2 đơn vị khớp, 1 đơn vị không khớp" in text
    out = io.StringIO()
    call_command("portal766", "import", str(SUMMARY), stdout=out)
    assert "không thay đổi gì" in out.getvalue() and PublishedSnapshot.objects.count() == 2


def test_the_api_lists_imports_and_history(aliased, users):
    services.import_snapshot(SUMMARY.read_bytes(), SUMMARY.name)
    client = client_for(user=users["leader"])
    listed = client.get("/api/v1/portal766/snapshots").json()
    assert listed[0]["run_date"] == "2026-10-10" and len(listed[0]["unmatched"]) == 12
    history = client.get(f"/api/v1/portal766/units/{aliased.snv.pk}/history").json()
    assert history == [{"run_date": "2026-10-10", "period_kind": "year", "period_start": "2026-01-01",
                        "total": "79.27", "rank": 1, "group_rank": 1}]
    assert client.get("/api/v1/portal766/snapshots?offset=99999999999999999999").status_code == 400
    assert client.get("/api/v1/portal766/snapshots?limit=0").json()["issues"][0]["field"] == "limit"
    assert client.get("/api/v1/portal766/units/99999999999999999999999/history").status_code == 404
    refused = client.post("/api/v1/portal766/snapshots", {"file": SimpleUploadedFile("a.json", SUMMARY.read_bytes())})
    assert refused.status_code == 403
    officer = client_for(user=users["officer"])
    sent = officer.post("/api/v1/portal766/snapshots", {"file": SimpleUploadedFile("d.json", DETAIL.read_bytes())})
    assert sent.status_code == 200 and sent.json()["created"] and sent.json()["matched"] == 2
    bad = officer.post("/api/v1/portal766/snapshots",
                       {"file": SimpleUploadedFile("bad.json", DETAIL.read_bytes().replace(b'"H21.09"', b'"H21.17"'))})
    assert bad.status_code == 400 and bad.json()["issues"][0]["file"] == "bad.json"
    assert bad.json()["issues"][0]["row"] == 2 and "hai lần" in bad.json()["issues"][0]["message"]
