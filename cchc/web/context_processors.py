from __future__ import annotations

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from cchc.accounts import permissions
from cchc.accounts.choices import Role
from cchc.classification import permissions as classification_permissions
from cchc.corrective import permissions as corrective_permissions
from cchc.notices import permissions as notices_permissions
from cchc.notices import services as notices_services
from cchc.parindex import permissions as parindex_permissions
from cchc.portal766 import permissions as portal766_permissions
from cchc.portalcounts import permissions as counts_permissions
from cchc.publications import permissions as publications_permissions


def navigation(request):
    """The menu a user sees: only what their role may open (the server checks again on every view)."""
    user = getattr(request, "user", None)
    if not permissions.can_view(user):
        return {"nav": []}
    role = permissions.role_of(user)
    nav = [
        # A leader's home is the dashboard (in the menu below), an appraiser's the appraisal queue (below):
        # their first item is the province's overview.
        ("overview", _("Tổng quan")) if role in (Role.LEADER, Role.APPRAISER) else ("home", _("Việc hôm nay")),
        ("units:tree", _("Đơn vị")),
        ("plans:list", _("Kế hoạch CCHC")),
        ("dossiers:list", _("Hồ sơ TTHC")),
        ("scoreboard:ranking", _("Chỉ số 766")),
    ]
    if permissions.unit_id_of(user):
        nav.append(("plans:my_tasks", _("Nhiệm vụ của đơn vị")))
    # Who acts on corrective actions finds them in the menu: the unit answers, the PAR officer confirms.
    actions_in_nav = role == Role.FOCAL_POINT or corrective_permissions.can_confirm_actions(user)
    if actions_in_nav:
        nav.append(("corrective:list", _("Biện pháp khắc phục")))
    if classification_permissions.can_view_classification(user):
        nav.append(("classification:list", _("Phân loại năm")))
    # The PAR index: the seasons for the province-wide roles, a focal point's own unit's self-assessment.
    if parindex_permissions.can_view_seasons(user):
        nav.append(("parindex:index", _("Chỉ số CCHC")))
    # Inspections: the officer's plans, the inspectors' records, a focal point's own unit's remediation.
    if role in {Role.ADMIN, Role.PAR_OFFICER, Role.INSPECTOR, Role.LEADER, Role.FOCAL_POINT, Role.APPRAISER}:
        nav.append(("inspections:index", _("Kiểm tra CCHC")))
    # The PAR index appraisal: the Tổ thẩm định's queue (its members, the PAR officer).
    if role == Role.APPRAISER:  # the officer reaches the queue from the PAR index page
        nav.append(("parindex:appraisal_queue", _("Thẩm định Chỉ số CCHC")))
    if permissions.can_view_audit(user):
        nav.append(("accounts:audit", _("Nhật ký thay đổi")))
    if permissions.can_view_jobs(user):
        nav.append(("jobs", _("Việc nền")))
    # The 766 index's other sources and the portal's published scores, linked from the ranking page.
    sources766 = [(name, label) for name, label, allowed in (
        ("portal766:reconciliation", _("Đối chiếu với Cổng DVCQG"), portal766_permissions.can_view_published(user)),
        ("publications:list", _("Công bố, công khai TTHC"), publications_permissions.can_view_publications(user)),
        ("portalcounts:list", _("Số liệu từ hệ thống khác"), counts_permissions.can_view_counts(user)),
    ) if allowed]
    return {
        "nav": nav,
        "sources766": sources766,
        "user_role": role,
        "actions_in_nav": actions_in_nav,
        "is_admin": user.is_superuser,
    }


def notices(request):
    """The header's unread count (cchc.notices.services.unread_count: one count on the partial index of
    unread notices), computed when the template first shows it."""
    user = getattr(request, "user", None)
    if not notices_permissions.can_have_notices(user):
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: notices_services.unread_count(user))}
