"""Two-step sign-in with a time-based one-time code (TOTP, RFC 6238; django-otp's TOTPDevice keeps the key,
checks a code once, with a tolerance of one step and a growing wait after each wrong code).

Who must use it is configuration [K] (``settings.CCHC_2FA_REQUIRED_ROLES``, default administrators and PAR
officers, issue 10); anyone else may turn it on from their page. Where a user stands is decided once, when
they sign in, and kept in their session (:data:`SESSION_KEY`), so a page costs no query for it:

* ``pending``: they have a confirmed device and have not typed a code yet;
* ``enrol``: their role requires it and they have no device yet;
* absent: nothing to do (verified, or not required and not enrolled).

``cchc.accounts.middleware.TwoFactorMiddleware`` sends a user in either state to the one page that ends it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "cchc_2fa"
PENDING, ENROL = "pending", "enrol"
CODE = re.compile(r"[0-9]{6}")  # ASCII digits only: int() would read "١٢٣٤٥٦" too


def required_for(user) -> bool:
    role = getattr(getattr(user, "profile", None), "role", None)
    return bool(user.is_superuser and "admin" in settings.CCHC_2FA_REQUIRED_ROLES) or role in settings.CCHC_2FA_REQUIRED_ROLES


def device_of(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def state_at_login(user) -> str | None:
    if device_of(user) is not None:
        return PENDING
    return ENROL if required_for(user) else None


def enrolment(user) -> TOTPDevice:
    """The unconfirmed device being set up (made once; its key shown until a code confirms it)."""
    device = device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="CCHC", confirmed=False)
    return device


def check(device: TOTPDevice | None, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    return device is not None and CODE.fullmatch(code) is not None and device.verify_token(code)


def confirm(user, code: str) -> bool:
    """Confirm the device being set up with a code from the app; the other devices of the user go."""
    device = device_of(user, confirmed=False)
    if not check(device, code):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def verify(user, code: str) -> bool:
    return check(device_of(user), code)


def disable(user, code: str) -> bool:
    """Turn two-step sign-in off with a current code; never for a role that requires it."""
    if required_for(user) or not verify(user, code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (markup, no script: allowed by the CSP)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2937")
