"""Two-step sign-in (issue 10, "Hardened defaults"): required of administrators and PAR officers (the
installed default, turned back on here), optional for the other roles, enrolled from the user's page with a
real TOTP code computed from the device's key (RFC 6238, as an authenticator app computes it); a wrong or
replayed code is refused; sessions end on a password change."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts import twofactor
from tests.factories import PASSWORD

LOGIN = "/login/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.CCHC_2FA_REQUIRED_ROLES = ("admin", "par_officer")


def _code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def _unthrottle(device: TOTPDevice) -> None:
    """django-otp makes each wrong code cost a growing wait (1 s, 2 s, 4 s…): lifted to go on at once."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()


def _sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    return client, response


def test_an_officer_without_a_device_must_enrol_before_any_page(users):
    client, response = _sign_in("officer")
    assert response.status_code == 302
    assert client.get("/plans/").url.startswith("/accounts/2fa/setup/?next=%2Fplans%2F")
    page = client.get("/accounts/2fa/setup/")
    assert "<svg" in page.content.decode() and "bắt buộc" in page.content.decode()
    # The API with this session is refused in its one shape, not redirected.
    api = client.get("/api/v1/plans/")
    assert api.status_code == 401 and api.json()["code"] == "two_factor_required"

    device = TOTPDevice.objects.get(user=users["officer"], confirmed=False)
    assert client.post("/accounts/2fa/setup/", {"code": "000000" if _code(device) != "000000" else "111111"}).status_code == 400
    assert client.post("/accounts/2fa/setup/", {"code": _code(device)}).status_code == 400  # within the wait
    _unthrottle(device)
    done = client.post("/accounts/2fa/setup/", {"code": _code(device), "next": "/plans/"})
    assert done.status_code == 302 and done.url == "/plans/"
    assert client.get("/plans/").status_code == 200
    assert TOTPDevice.objects.get(user=users["officer"]).confirmed


def test_once_enrolled_each_sign_in_asks_for_a_code_and_refuses_a_wrong_or_replayed_one(users):
    device = TOTPDevice.objects.create(user=users["admin"], name="CCHC", confirmed=True)
    client, _ = _sign_in("admin")
    assert client.get("/").url.startswith("/accounts/2fa/verify/")
    assert client.post("/accounts/2fa/verify/", {"code": "12345"}).status_code == 400  # not six digits
    assert client.post("/accounts/2fa/verify/", {"code": "١٢٣٤٥٦"}).status_code == 400  # not ASCII digits
    _unthrottle(device)
    code = _code(device)
    assert client.post("/accounts/2fa/verify/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    # The same code cannot be used again (a second sign-in elsewhere with an overheard code).
    other, _ = _sign_in("admin")
    assert other.post("/accounts/2fa/verify/", {"code": code}).status_code == 400
    _unthrottle(device)
    assert other.get("/").status_code == 302


def test_a_focal_point_is_not_asked_and_may_turn_it_on_and_off_from_their_page(users):
    client, _ = _sign_in("focal.commune")
    assert client.get("/").status_code == 200
    me = client.get("/accounts/me/").content.decode()
    assert "Chưa bật" in me and "Bật đăng nhập hai bước" in me
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user=users["focal_commune"])
    assert client.post("/accounts/2fa/setup/", {"code": _code(device)}).status_code == 302
    assert "Đang bật" in client.get("/accounts/me/").content.decode()
    # Turning it off needs a current code (the next step's, as the last one is spent).
    client.post("/accounts/2fa/disable/", {"code": _code(device, offset_steps=1)})
    assert not TOTPDevice.objects.filter(user=users["focal_commune"]).exists()


def test_a_role_that_requires_it_cannot_turn_it_off(users):
    device = TOTPDevice.objects.create(user=users["officer"], name="CCHC", confirmed=True)
    client, _ = _sign_in("officer")
    assert client.post("/accounts/2fa/verify/", {"code": _code(device)}).status_code == 302
    response = client.post("/accounts/2fa/disable/", {"code": _code(device, offset_steps=1)}, follow=True)
    assert "bắt buộc đăng nhập hai bước" in response.content.decode()
    assert TOTPDevice.objects.filter(user=users["officer"]).exists()


@pytest.mark.parametrize("target", ["https://ke-xau.example/", "//ke-xau.example/", "31536000", "home", "javascript:alert(1)"])
def test_the_next_address_after_the_code_stays_on_this_site(users, target):
    device = TOTPDevice.objects.create(user=users["admin"], name="CCHC", confirmed=True)
    client, _ = _sign_in("admin")
    response = client.post("/accounts/2fa/verify/", {"code": _code(device), "next": target})
    assert response.status_code == 302 and response.url == "/"


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(users):
    here, _ = _sign_in("leader")
    elsewhere, _ = _sign_in("leader")
    assert elsewhere.get("/plans/").status_code == 200
    new = "mat-khau-moi-rat-dai-2026"
    response = here.post("/accounts/me/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    assert here.get("/plans/").status_code == 200
    assert elsewhere.get("/plans/").status_code == 302  # signed out: back to the login page


def test_the_key_is_shown_as_a_qr_code_and_in_base32(users):
    client, _ = _sign_in("officer")
    page = client.get("/accounts/2fa/setup/").content.decode()
    secret = re.search(r"<code>([A-Z2-7=]+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=users["officer"])
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key
    assert twofactor.required_for(users["officer"]) and not twofactor.required_for(users["leader"])
