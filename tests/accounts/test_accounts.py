"""Accounts: creating users with a role, the login page, failed-login throttling and the audit trail."""

from __future__ import annotations

import io
import sys

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cchc.accounts.models import Profile, Role
from cchc.accounts.services import create_user
from cchc.core.errors import InvalidInput
from cchc.plans.models import Assignment, ProgressUpdate
from tests.factories import PASSWORD, client_for

User = get_user_model()


# --- create_user ---------------------------------------------------------------------------------

def test_create_user_gives_the_role_and_unit(province):
    user = create_user(username="dm.myduc", password=PASSWORD, role=Role.FOCAL_POINT, unit=province.commune,
                       full_name="Nguyễn Văn An")

    assert user.check_password(PASSWORD)
    assert (user.profile.role, user.profile.unit) == (Role.FOCAL_POINT, province.commune)
    assert (user.first_name, user.last_name) == ("Nguyễn Văn", "An")
    assert not user.is_staff


def test_a_focal_point_needs_a_unit(db):
    with pytest.raises(InvalidInput) as caught:
        create_user(username="dm.khongdonvi", password=PASSWORD, role=Role.FOCAL_POINT, unit=None)

    assert [(i.field, i.message) for i in caught.value.issues] == [("unit", "Đầu mối CCHC phải gắn với một đơn vị.")]
    assert not User.objects.filter(username="dm.khongdonvi").exists()


def test_an_unknown_role_is_refused(province):
    with pytest.raises(InvalidInput) as caught:
        create_user(username="ai.do", password=PASSWORD, role="superuser", unit=province.snv)

    assert [(i.field, i.message) for i in caught.value.issues] == [("role", "Vai trò không hợp lệ: superuser.")]
    assert not User.objects.filter(username="ai.do").exists()


@pytest.mark.parametrize(
    "password",
    [
        "Ab1-xyz",  # too short (fewer than 10 characters)
        "password123",  # too common
        "2026202620262026",  # only digits
        "nguyenvanbinh2",  # too similar to the username
    ],
)
def test_a_weak_password_is_refused_in_vietnamese(db, password):
    with pytest.raises(InvalidInput) as caught:
        create_user(username="nguyenvanbinh", password=password, role=Role.LEADER)

    messages = [i.message for i in caught.value.issues]
    assert messages, "a weak password must be refused"
    assert all(i.field == "password" for i in caught.value.issues)
    assert all(m.startswith("Mật khẩu") for m in messages), messages
    assert not User.objects.filter(username="nguyenvanbinh").exists()


def test_an_admin_is_staff_and_superuser(db):
    user = create_user(username="quantri", password=PASSWORD, role=Role.ADMIN)

    assert user.is_staff and user.is_superuser


# --- login ------------------------------------------------------------------------------------------

def test_the_login_page_is_in_vietnamese(db):
    body = Client().get(reverse("login")).content.decode()

    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body
    assert "Mật khẩu" in body


def _login(client: Client, username: str, password: str, ip: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_with_the_right_password(users):
    client = Client()

    response = _login(client, "leader", PASSWORD, "203.0.113.5")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in(client)


def test_five_wrong_passwords_lock_the_account_from_that_address(users):
    client = Client()
    for _attempt in range(4):
        response = _login(client, "leader", "sai-mat-khau-roi", "203.0.113.5")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    _login(client, "leader", "sai-mat-khau-roi", "203.0.113.5")

    locked = _login(client, "leader", PASSWORD, "203.0.113.5")

    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert not _logged_in(client)
    # The lock is for that username from that address: others are not shut out by it.
    assert _login(Client(), "inspector", PASSWORD, "203.0.113.5").status_code == 302
    assert _login(Client(), "leader", PASSWORD, "198.51.100.7").status_code == 302


# --- audit trail ------------------------------------------------------------------------------------

def test_a_progress_report_is_in_the_audit_trail_with_its_author(plan, users, province):
    assignment = Assignment.objects.get(task__plan=plan, task__code="NV02", unit=province.commune)
    reporter = users["focal_commune"]

    response = client_for(user=reporter).post(
        reverse("plans:assignment_update", args=[assignment.pk]),
        {"progress": 40, "note": "Đã số hóa 40 hồ sơ", "evidence": SimpleUploadedFile("so-hoa.pdf", b"%PDF-1.4 so hoa")},
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get(assignment=assignment)
    created = LogEntry.objects.get_for_object(update).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == reporter
    changed = LogEntry.objects.get_for_object(assignment).get(action=LogEntry.Action.UPDATE)
    assert changed.actor == reporter
    assert changed.changes_dict["progress"] == ["0", "40"]

    page = client_for(user=users["officer"]).get(reverse("accounts:audit"), {"actor": "focal.commune"}).content.decode()
    assert str(update) in page
    # The field by its name, the actor by name and unit (cchc.accounts.audit; tests/accounts/test_audit_trail.py).
    assert "<b>Tiến độ (%)</b>: 0 → 40" in page
    assert "Người focal_commune" in page and "Xã Mỹ Đức" in page


def test_the_audit_page_filters_by_actor(plan, users, province):
    assignment = Assignment.objects.get(task__plan=plan, task__code="NV02", unit=province.commune2)
    client_for(user=users["focal_commune2"]).post(
        reverse("plans:assignment_update", args=[assignment.pk]), {"progress": 10, "note": "Bắt đầu"}
    )

    page = client_for(user=users["admin"]).get(reverse("accounts:audit"), {"actor": "focal.commune"}).content.decode()
    other = client_for(user=users["admin"]).get(reverse("accounts:audit"), {"actor": "leader"}).content.decode()

    assert "NV02 — Xã Mỹ Lộc 10%" in page
    assert "NV02 — Xã Mỹ Lộc 10%" not in other


# --- the createuser command -------------------------------------------------------------------------

def test_createuser_command_reads_the_password_from_stdin(province, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    out = io.StringIO()

    call_command("createuser", "dm.myloc", "--role", "focal_point", "--unit", "90102", "--name", "Trần Thị Lộc",
                 "--password-stdin", stdout=out)

    user = User.objects.get(username="dm.myloc")
    assert user.check_password(PASSWORD)
    assert (user.profile.role, user.profile.unit) == (Role.FOCAL_POINT, province.commune2)
    assert user.get_full_name() == "Trần Thị Lộc"
    assert "Đã tạo tài khoản dm.myloc" in out.getvalue()


@pytest.mark.parametrize("unit", [None, "52.STP"])
def test_createuser_command_makes_an_appraiser_with_or_without_a_unit(province, monkeypatch, unit):
    """A member of the PAR index Tổ thẩm định (issue 13): Sở Nội vụ staff or another department's, so a unit
    is optional; the role is not bound to it (the seasons and areas they appraise are assigned per season)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))

    call_command("createuser", "thamdinh", "--role", "appraiser", *(["--unit", unit] if unit else []),
                 "--password-stdin", stdout=io.StringIO())

    user = User.objects.get(username="thamdinh")
    assert user.profile.role == Role.APPRAISER and not user.is_staff
    assert user.profile.unit == (province.stp if unit else None)


def test_createuser_command_refuses_a_focal_point_without_unit(db, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))

    with pytest.raises(CommandError, match="Có 1 lỗi, chưa tạo tài khoản") as refused:
        call_command("createuser", "dm.khongdonvi", "--role", "focal_point", "--password-stdin")

    assert refused.value.returncode == 1
    assert "Đầu mối CCHC phải gắn với một đơn vị" in capsys.readouterr().err  # each issue on stderr (CchcCommand)

    assert not User.objects.filter(username="dm.khongdonvi").exists()
    assert not Profile.objects.exists()


def test_createuser_command_refuses_an_unknown_unit(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))

    with pytest.raises(CommandError, match="Không tìm thấy đơn vị «99.KHONGCO»"):
        call_command("createuser", "dm.x", "--role", "focal_point", "--unit", "99.KHONGCO", "--password-stdin")

    assert not User.objects.filter(username="dm.x").exists()
