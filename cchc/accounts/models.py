"""Who a user is in the PAR organisation: a role, and for unit-scoped roles the unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PAR_OFFICER = "par_officer", _("Chuyên viên CCHC Sở Nội vụ")
    FOCAL_POINT = "focal_point", _("Đầu mối CCHC của đơn vị")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Thành viên đoàn kiểm tra")


#: Roles that act on one unit only; the others see the whole province.
UNIT_SCOPED_ROLES = {Role.FOCAL_POINT}


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
