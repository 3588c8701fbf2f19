"""The pages: the header's unread count, the list (unread first, paged; marking one or all read by POST with
CSRF, only one's own), the choices; and the API (the caller's own notices only; integration accounts none)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from cchc.notices import services
from cchc.notices.choices import Channel, Frequency, Kind
from cchc.notices.models import Notification, Preference
from tests import factories


@pytest.fixture
def mine(users):
    person = users["focal_commune"]
    return [services.notify(person, kind=Kind.TASK_OVERDUE, title=f"Thông báo {i}", url="/plans/mine/", key=str(i))
            for i in range(3)]


def test_the_header_shows_the_unread_count_and_links_the_list(users, mine):
    page = factories.client_for(user=users["focal_commune"]).get(reverse("plans:my_tasks")).content.decode()
    assert 'id="unread-count">3<' in page and f'href="{reverse("notices:list")}"' in page
    other = factories.client_for(user=users["focal_snv"]).get(reverse("plans:my_tasks")).content.decode()
    assert 'id="notices-link"' in other and 'id="unread-count"' not in other


def test_the_list_shows_only_ones_own_unread_first(users, mine):
    services.mark_read(users["focal_commune"], [mine[2].pk])
    services.notify(users["focal_snv"], kind=Kind.TASK_OVERDUE, title="Của người khác")
    page = factories.client_for(user=users["focal_commune"]).get(reverse("notices:list")).content.decode()
    assert page.index("Thông báo 1") < page.index("Thông báo 0") < page.index("Thông báo 2")
    assert "Của người khác" not in page


def test_marking_one_read_opens_its_link_and_another_persons_is_not_found(users, mine):
    client = factories.client_for(user=users["focal_commune"])
    response = client.post(reverse("notices:read"), {"id": mine[0].pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/plans/mine/"
    assert services.unread_count(users["focal_commune"]) == 2
    other = factories.client_for(user=users["focal_commune2"])
    assert other.post(reverse("notices:read"), {"id": mine[1].pk}).status_code == 404
    assert other.post(reverse("notices:read"), {"id": "x"}).status_code == 404
    assert client.post(reverse("notices:read")).status_code == 302
    assert services.unread_count(users["focal_commune"]) == 0


def test_marking_read_needs_post_and_the_csrf_token(users, mine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["focal_commune"])
    assert client.get(reverse("notices:read")).status_code == 405
    assert client.post(reverse("notices:read")).status_code == 403
    assert services.unread_count(users["focal_commune"]) == 3


def test_the_list_is_paged(users):
    for i in range(35):
        services.notify(users["focal_commune"], kind=Kind.JOB_FAILED, title=f"Mục {i:02d}")
    client = factories.client_for(user=users["focal_commune"])
    first, second = (client.get(reverse("notices:list"), {"page": n}).content.decode() for n in (1, 2))
    assert first.count('name="id"') == 30 and second.count('name="id"') == 5


def test_anonymous_and_integration_accounts_have_no_notices(users):
    assert Client().get(reverse("notices:list")).status_code == 302
    robot = factories.make_integration_user()
    assert factories.client_for(user=robot).get(reverse("notices:list")).status_code == 403
    assert factories.client_for(user=robot).get(reverse("notices:preferences")).status_code == 403


def test_the_choices_are_saved_per_kind(users):
    person = users["focal_commune"]
    client = factories.client_for(user=person)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "Hồ sơ sắp đến hạn và quá hạn (bản tin buổi sáng)" in page
    form = {f"channel_{k}": Channel.BOTH for k in Kind.values} | {f"frequency_{k}": Frequency.IMMEDIATE for k in Kind.values}
    form |= {f"channel_{Kind.TASK_OVERDUE}": Channel.NONE, f"frequency_{Kind.DOSSIER_DIGEST}": Frequency.WEEKLY}
    assert client.post(reverse("notices:preferences"), form).status_code == 302
    assert Preference.objects.get(user=person, kind=Kind.TASK_OVERDUE).channel == Channel.NONE
    assert services.choices_of(person)[Kind.DOSSIER_DIGEST] == (Channel.BOTH, Frequency.WEEKLY)
    assert services.notify(person, kind=Kind.TASK_OVERDUE, title="x") is None
    bad = client.post(reverse("notices:preferences"), form | {f"channel_{Kind.JOB_FAILED}": "sms"})
    assert bad.status_code == 200 and Preference.objects.get(user=person, kind=Kind.JOB_FAILED).channel == Channel.BOTH


def test_the_api_serves_the_callers_own_notices_and_marks_them_read(users, mine):
    services.notify(users["focal_snv"], kind=Kind.TASK_OVERDUE, title="Của người khác")
    client = factories.client_for(user=users["focal_commune"])
    body = client.get("/api/v1/notices/").json()
    assert body["unread"] == 3 and [n["title"] for n in body["items"]] == ["Thông báo 2", "Thông báo 1", "Thông báo 0"]
    assert body["items"][0]["kind_label"] == "Nhiệm vụ quá hạn"
    assert client.get("/api/v1/notices/unread").json() == {"unread": 3}
    others = Notification.objects.get(user=users["focal_snv"])
    marked = client.post("/api/v1/notices/read", json.dumps({"ids": [mine[0].pk, others.pk]}), content_type="application/json")
    assert marked.json() == {"marked": 1, "unread": 2}
    assert Notification.objects.get(pk=others.pk).read_at is None
    assert client.post("/api/v1/notices/read", "{}", content_type="application/json").json() == {"marked": 2, "unread": 0}
    assert client.get("/api/v1/notices/", {"limit": 0}).status_code == 400


def test_the_api_refuses_integration_accounts_and_strangers(users):
    robot = factories.make_integration_user()
    assert factories.client_for(user=robot).get("/api/v1/notices/").status_code == 403
    assert Client().get("/api/v1/notices/unread").status_code == 401


def test_the_pages_speak_english_to_an_english_reader(users, mine):
    client = factories.client_for(user=users["focal_commune"])
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("notices:list")).content.decode()
    assert "Notifications" in page and "Mark all as read" in page and "Overdue tasks" in page
    prefs = client.get(reverse("notices:preferences")).content.decode()
    assert "Notification preferences" in prefs and "In a weekly digest e-mail" in prefs
    assert 'aria-label="Overdue tasks: Channel"' in prefs


def test_the_header_costs_one_count_of_unread_notices(users, mine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = factories.client_for(user=users["focal_commune"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("plans:my_tasks")).status_code == 200
    notices = [q["sql"] for q in ctx.captured_queries if '"notices_notification"' in q["sql"]]
    assert len(notices) == 1
    assert "COUNT(" in notices[0].upper() and '"read_at" IS NULL' in notices[0] and '"in_app"' in notices[0]


def test_the_api_answers_ids_beyond_the_database_s_integers_with_a_422_never_a_500(users, mine):
    """Found by the schemathesis walk: an id past 2**63 reached the database (an OverflowError, a 500)."""
    client = factories.client_for(user=users["focal_commune"])
    for ids in ([2**64], [0], [-1], list(range(1, 1002))):
        response = client.post("/api/v1/notices/read", json.dumps({"ids": ids}), content_type="application/json")
        assert response.status_code == 422, ids
    assert client.post("/api/v1/notices/read", json.dumps({"ids": [mine[0].pk]}),
                       content_type="application/json").json()["marked"] == 1
