"""The vocabulary of inspections: how a unit came into a plan, how it is inspected, how serious a finding
is, where a plan, an inspection and a remediation item stand; the risk inputs and the PAR areas of
cchc.core.inspection with their labels, translated lazily in the reader's language."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.inspection import INPUT_NAMES, PAR_AREAS


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class ChosenBy(models.TextChoices):
    """Why a unit is in a plan (cchc.core.inspection.draw_sample, unannounced_picks; the officer's choice)."""

    RISK = "risk", _("Theo mức độ rủi ro")
    RANDOM = "random", _("Chọn ngẫu nhiên")
    UNANNOUNCED = "unannounced", _("Kiểm tra đột xuất (ngẫu nhiên)")
    ADDED = "added", _("Bổ sung theo đề xuất")
    SWAPPED = "swapped", _("Thay thế đơn vị khác")


class Mode(models.TextChoices):
    """DOMAIN §12.5: on site or by report (kiểm tra qua báo cáo)."""

    ON_SITE = "on_site", _("Kiểm tra trực tiếp tại đơn vị")
    BY_REPORT = "by_report", _("Kiểm tra qua báo cáo")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa kiểm tra")
    RECORDED = "recorded", _("Đã lập biên bản")
    NOTIFIED = "notified", _("Đã thông báo kết quả")


class Severity(models.TextChoices):
    """How serious a finding is [I: no source grades them]."""

    MINOR = "minor", _("Hạn chế")
    MAJOR = "major", _("Tồn tại")
    SERIOUS = "serious", _("Vi phạm")


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    SUBMITTED = "submitted", _("Đơn vị đã báo cáo khắc phục")
    CLOSED = "closed", _("Đã khắc phục (đoàn kiểm tra xác nhận)")


OPEN_REMEDIATION = (RemediationStatus.OPEN, RemediationStatus.SUBMITTED)

AREA_CHOICES = [(code, _(name)) for code, name in PAR_AREAS]


def area_label(code: str) -> str:
    """A PAR area's name in the reader's language (its code when unknown)."""
    return gettext(dict(PAR_AREAS).get(code, code)) if code in dict(PAR_AREAS) else code


def input_label(key: str) -> str:
    """A risk input's name in the reader's language."""
    return gettext(INPUT_NAMES[key]) if key in INPUT_NAMES else key
