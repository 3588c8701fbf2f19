"""Password spraying (issue #10): one address trying passwords across many user names is shut out once it
failed for ``LOGIN_SPRAY_LIMIT`` different names within the cool-off, with the Vietnamese lockout page,
whatever the name it tries next; other addresses are not; the lock ends with the cool-off."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

SPRAYER, OTHER = "203.0.113.9", "198.51.100.20"


def _login(username: str, password: str, ip: str):
    return Client().post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_one_password_across_many_user_names_locks_the_address(users, settings):
    settings.LOGIN_SPRAY_LIMIT = 3
    for name in ("an", "binh", "cuong"):  # each name fails once: axes' per-name rule never fires
        assert _login(name, "Matkhau@2026", SPRAYER).status_code == 200

    locked = _login("leader", PASSWORD, SPRAYER)  # even the right password of a real user

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page and "nhiều tài khoản khác nhau" in page
    assert "_auth_user_id" not in locked.wsgi_request.session
    assert _login("leader", PASSWORD, OTHER).status_code == 302  # another address is not shut out


def test_below_the_limit_and_after_the_cool_off_the_address_may_sign_in(users, settings):
    settings.LOGIN_SPRAY_LIMIT = 3
    for name in ("an", "binh"):
        _login(name, "Matkhau@2026", SPRAYER)
    assert _login("leader", PASSWORD, SPRAYER).status_code == 302  # two names: below the limit

    _login("cuong", "Matkhau@2026", SPRAYER)
    assert _login("inspector", PASSWORD, SPRAYER).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(hours=1))
    assert _login("inspector", PASSWORD, SPRAYER).status_code == 302  # the failures are older than the cool-off


def test_the_same_name_failing_again_counts_once(users, settings):
    settings.LOGIN_SPRAY_LIMIT = 2
    for _attempt in range(3):
        _login("an", "Matkhau@2026", SPRAYER)
    assert _login("leader", PASSWORD, SPRAYER).status_code == 302
