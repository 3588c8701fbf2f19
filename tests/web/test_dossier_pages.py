"""Dossier pages: scoped to the user's unit subtree, filtered, and the near-due list (S3's 24 h horizon)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from cchc.dossiers.models import Dossier
from tests.factories import client_for, make_dossier, make_procedure


@pytest.fixture
def dossiers(province):
    make = partial(make_dossier, procedure=make_procedure(code="2.000001", name="Đăng ký khai sinh", time_limit=1))
    now = timezone.now()
    return {
        "due_soon": make(code="HS-SOON", unit=province.commune, received_at=now - timedelta(days=2),
                         due_at=now + timedelta(hours=5)),
        "due_later": make(code="HS-AFTER", unit=province.commune, received_at=now - timedelta(days=1),
                          due_at=now + timedelta(days=5)),
        "overdue": make(code="HS-OVER", unit=province.commune2, received_at=now - timedelta(days=9),
                        due_at=now - timedelta(days=1)),
        "late_done": make(code="HS-LATE", unit=province.other_district_commune, received_at=now - timedelta(days=9),
                          due_at=now - timedelta(days=5), finished_at=now - timedelta(days=3), status=10),
        "on_time": make(code="HS-OK", unit=province.snv, received_at=now - timedelta(days=9),
                        due_at=now - timedelta(days=5), finished_at=now - timedelta(days=6), status=10),
    }


def codes(response) -> set[str]:
    html = response.content.decode()
    return {c for c in ("HS-SOON", "HS-AFTER", "HS-OVER", "HS-LATE", "HS-OK") if c in html}


def test_focal_points_see_their_subtree_only(dossiers, users):
    assert codes(client_for(user=users["focal_commune"]).get("/dossiers/")) == {"HS-SOON", "HS-AFTER"}
    assert codes(client_for(user=users["focal_district"]).get("/dossiers/")) == {"HS-SOON", "HS-AFTER", "HS-OVER"}
    assert codes(client_for(user=users["leader"]).get("/dossiers/")) == {"HS-SOON", "HS-AFTER", "HS-OVER", "HS-LATE", "HS-OK"}


def test_late_filter_keeps_finished_late_and_unfinished_overdue(dossiers, users):
    assert codes(client_for(user=users["officer"]).get("/dossiers/", {"late": "1"})) == {"HS-OVER", "HS-LATE"}


def test_code_search_and_unit_filter(dossiers, users, province):
    officer = client_for(user=users["officer"])
    assert codes(officer.get("/dossiers/", {"q": "HS-OK"})) == {"HS-OK"}
    assert codes(officer.get("/dossiers/", {"unit": province.commune2.pk})) == {"HS-OVER"}


def test_near_due_lists_what_is_due_within_the_horizon_and_what_is_overdue(dossiers, users):
    page = client_for(user=users["officer"]).get("/dossiers/near-due/")
    html = page.content.decode()
    soon, overdue = html.split("Đã quá hạn, chưa giải quyết xong")
    assert "HS-SOON" in soon and "HS-AFTER" not in soon
    assert "HS-OVER" in overdue and "HS-LATE" not in overdue
    wider = client_for(user=users["officer"]).get("/dossiers/near-due/", {"hours": "200"}).content.decode()
    assert "HS-AFTER" in wider.split("Đã quá hạn")[0]


def test_detail_shows_the_state_in_vietnamese(dossiers, users):
    page = client_for(user=users["leader"]).get(dossiers["late_done"].get_absolute_url()).content.decode()
    assert "Trễ hạn" in page and "Đăng ký khai sinh" in page


def test_a_dossier_without_events_shows_the_timeline_of_its_dates(dossiers, users):
    page = client_for(user=users["leader"]).get(dossiers["late_done"].get_absolute_url()).content.decode()
    timeline = page.split("Diễn biến")[1]
    assert timeline.index("Tiếp nhận") < timeline.index("Xử lý xong")


def test_the_near_due_list_is_the_core_rule(province):
    """One rule: the page's query keeps exactly the open dossiers cchc.core.timeliness.is_near_due accepts,
    both ends of the horizon included (the query once excluded the far end)."""
    from cchc.core.timeliness import is_near_due
    from cchc.dossiers.views import near_due_lists

    proc = make_procedure(code="2.000009", name="Thủ tục", time_limit=1)
    now = timezone.now().replace(microsecond=500_000)
    horizon = timedelta(hours=24)
    tick = timedelta(microseconds=1)
    dues = [None, now - tick, now, now + tick, now + timedelta(hours=5), now + horizon - tick, now + horizon,
            now + horizon + tick, now + timedelta(days=3)]
    made = [make_dossier(code=f"HS-{i}", unit=province.commune, procedure=proc, status=4,
                         received_at=now - timedelta(days=2), due_at=due)
            for i, due in enumerate(dues)]
    soon, overdue = near_due_lists(Dossier.objects.all(), now=now, horizon=horizon)
    assert {d.code for d in soon} == {d.code for d in made if is_near_due(d.due_at, now, horizon)}
    assert {d.code for d in soon} == {"HS-2", "HS-3", "HS-4", "HS-5", "HS-6"}
    assert {d.code for d in overdue} == {"HS-1"}
