"""Every error page is the site's own: in the layout (header, brand, language switch), in Vietnamese or in
English by the language cookie, never Django's bare English "Not Found"; a missing object
(get_object_or_404), a refused action (PermissionDenied, a domain NotAllowed, a form without its CSRF
token) and a server fault each get one, and the 500 page needs neither the database nor the session."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import client_for

LAYOUT = ('<header class="top">', 'class="brand"', 'name="language"')


def _page(response, status: int, lang: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert all(part in html for part in LAYOUT), html[:500]
    assert f'<html lang="{lang}">' in html
    assert "Not Found</h1>" not in html and "<h1>Server Error" not in html  # Django's own pages
    return html


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_missing_object_is_a_404_page_in_the_layout(plan, users):
    client = client_for(user=users["officer"])
    html = _page(client.get("/plans/tasks/999999/"), 404, "vi")
    assert "<h1>Không tìm thấy</h1>" in html
    assert "Không có trang hoặc đối tượng này" in html
    assert 'href="/plans/"' in html, "the signed-in user's menu is there"
    html = _page(english(client).get("/plans/tasks/999999/"), 404, "en")
    assert "<h1>Not found</h1>" in html
    assert "There is no such page or object" in html
    assert "No Task matches" not in html


def test_an_unknown_address_is_a_404_page_for_anyone(db):
    html = _page(Client().get("/khong-co-trang-nay/"), 404, "vi")
    assert "<h1>Không tìm thấy</h1>" in html
    _page(english(Client()).get("/khong-co-trang-nay/"), 404, "en")


def test_a_domain_refusal_is_a_403_page_in_the_layout(province, users):
    client = client_for(user=users["focal_commune"])
    html = _page(client.get("/accounts/audit/"), 403, "vi")
    assert "<h1>Không có quyền truy cập</h1>" in html
    assert "Bạn không có quyền thực hiện thao tác này." in html
    html = _page(english(client).get("/accounts/audit/"), 403, "en")
    assert "Bạn không có quyền" not in html


@override_settings(ROOT_URLCONF="tests.web.failing_urls")
def test_permission_denied_is_the_same_403_page(province, users):
    client = client_for(user=users["officer"])
    html = _page(client.get("/cam/"), 403, "vi")
    assert "<h1>Không có quyền truy cập</h1>" in html and "Bạn không có quyền thực hiện thao tác này." in html
    assert "a reason in English" not in html
    html = _page(english(client).get("/cam/"), 403, "en")
    assert "Không có quyền truy cập" not in html


def test_a_form_without_its_csrf_token_is_a_403_page_in_words(db):
    client = Client(enforce_csrf_checks=True)
    html = _page(client.post("/i18n/setlang/", {"language": "en"}), 403, "vi")
    assert "Phiên làm việc đã hết hạn hoặc thiếu mã CSRF" in html
    assert "CSRF verification failed" not in html


@override_settings(ROOT_URLCONF="tests.web.failing_urls")
def test_a_server_fault_is_a_500_page_that_needs_no_database():
    # No `db` fixture: any query here would raise, so the page is drawn without the database.
    client = Client(raise_request_exception=False)
    html = _page(client.get("/hong/"), 500, "vi")
    assert "<h1>Lỗi hệ thống</h1>" in html
    assert "Hệ thống gặp lỗi nên chưa làm xong việc này" in html
    assert "a fault no one foresaw" not in html, "the cause goes to the log, not to the user"
    html = _page(english(Client(raise_request_exception=False)).get("/hong/"), 500, "en")
    assert "<h1>System error</h1>" in html


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_each_error_status_has_its_own_template(status):
    from django.template.loader import get_template

    assert get_template(f"{status}.html").origin.name.endswith(f"cchc/web/templates/{status}.html")


def test_a_bad_host_is_a_400_page_in_the_layout(db):
    html = _page(Client().get("/", HTTP_HOST="ke-la.example"), 400, "vi")
    assert "<h1>Dữ liệu không hợp lệ</h1>" in html and "Yêu cầu không hợp lệ." in html
