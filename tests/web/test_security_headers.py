"""Hardened defaults (issue #10): every page carries a Content-Security-Policy (scripts only from this
server, no inline script but the select handlers by hash), a Permissions-Policy, Referrer-Policy,
X-Content-Type-Options and frame denial; answers to a signed-in user and to the API are not stored by any
cache; HSTS and secure cookies outside debug."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client

from cchc.web.middleware import CONTENT_SECURITY_POLICY, INLINE_HANDLERS
from tests.factories import client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "cchc"


def test_the_login_page_carries_the_security_headers(db):
    response = Client().get("/login/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/dossiers/", "/dossiers/upload/"])
def test_pages_behind_login_are_never_stored(users, path):
    response = client_for(user=users["officer"]).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_api_answers_are_never_stored(db):
    response = Client().get("/api/v1/units/")
    assert "no-store" in response["Cache-Control"]


def test_every_inline_handler_of_the_templates_is_allowed_by_its_hash_and_no_inline_script_is_left():
    """The policy allows the inline handlers by hash: a handler not listed would silently stop working."""
    handlers, scripts = set(), []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        handlers |= set(re.findall(r'\son[a-z]+="([^"]*)"', text))
        scripts += [template.name for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) if body]
    assert handlers <= set(INLINE_HANDLERS), handlers - set(INLINE_HANDLERS)
    assert scripts == []
    for handler in handlers:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


def test_outside_debug_cookies_are_secure_and_hsts_is_on(monkeypatch):
    import importlib

    import cchc.settings as project_settings

    monkeypatch.setenv("CCHC_HTTPS", "1")
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000
    finally:
        monkeypatch.delenv("CCHC_HTTPS")
        importlib.reload(project_settings)
