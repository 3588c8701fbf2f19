from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cchc.accounts import permissions


def navigation(request):
    """The menu a user sees: only what their role may open (the server checks again on every view)."""
    user = getattr(request, "user", None)
    if not permissions.can_view(user):
        return {"nav": []}
    nav = [
        ("home", _("Tổng quan")),
        ("units:tree", _("Đơn vị")),
        ("plans:list", _("Kế hoạch CCHC")),
        ("dossiers:list", _("Hồ sơ TTHC")),
        ("scoreboard:ranking", _("Chỉ số 766")),
    ]
    if permissions.unit_id_of(user):
        nav.append(("plans:my_tasks", _("Nhiệm vụ của đơn vị")))
    if permissions.can_view_audit(user):
        nav.append(("accounts:audit", _("Nhật ký thay đổi")))
    return {
        "nav": nav,
        "user_role": permissions.role_of(user),
        "is_admin": user.is_superuser,
    }
