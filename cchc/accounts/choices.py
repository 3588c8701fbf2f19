"""The accounts vocabulary: the roles a person has in the PAR organisation, with their lazy labels.

The profile's field, the ``createuser`` command, the demo loader and every app's permission rules take the
roles from here; what each role may do is decided in ``permissions.py`` (the rules every app shares) and in
each app's own ``permissions.py``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PAR_OFFICER = "par_officer", _("Chuyên viên CCHC Sở Nội vụ")
    FOCAL_POINT = "focal_point", _("Đầu mối CCHC của đơn vị")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Thành viên đoàn kiểm tra")
    APPRAISER = "appraiser", _("Thành viên tổ thẩm định Chỉ số CCHC")
    INTEGRATION = "integration", _("Hệ thống tích hợp (một cửa)")


#: Roles that act on one unit only; the others see the whole province.
UNIT_SCOPED_ROLES = {Role.FOCAL_POINT}


class AuditAction(models.IntegerChoices):
    """The four actions django-auditlog records (``LogEntry.Action``: the same numbers), in words."""

    CREATE = 0, _("Tạo mới")
    UPDATE = 1, _("Sửa")
    DELETE = 2, _("Xóa")
    ACCESS = 3, _("Truy cập")
