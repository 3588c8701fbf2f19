"""Who a user is in the PAR organisation: a role, and for unit-scoped roles the unit."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Role


class Profile(models.Model):
    """A user's place in the organisation. A focal point is bound to exactly one unit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="focal_point") | Q(unit__isnull=False), name="focal_point_has_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for an integration (a one-stop system pushing dossiers). Only its SHA-256 is stored;
    the token itself is shown once, when it is made. Requests act as ``user``, with that user's role."""

    PREFIX = "cchc_"

    name = models.CharField(_("tên"), max_length=128)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("gợi ý"), max_length=16, editable=False, help_text=_("Vài ký tự đầu của mã, để nhận ra mã."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, *, name: str, user) -> tuple[ApiToken, str]:
        """Make a token; return the record and the token text (never stored, shown once)."""
        token = cls.PREFIX + secrets.token_urlsafe(32)
        record = cls.objects.create(name=name, user=user, token_hash=cls.digest(token), hint=token[:10])
        return record, token
