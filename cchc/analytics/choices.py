"""The KPI vocabulary: period kinds, period names, KPI names, 766 indicator and group names, and why a
dossier is in a KPI's drill-down list.

The pure core keeps these names in Vietnamese, marked with ``N_`` (cchc.core.i18n) so that makemessages
extracts them; this module is the one place that translates them in the reader's language, for pages
(through the ``vocabulary`` template tags), the API, the CLI and the documents. Nothing here translates
at import time: every function is called per request.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.kpis import KpiDefinition, definitions, period_label
from cchc.core.score766 import GROUPS, Indicator
from cchc.dossiers.choices import TimelinessChoices


class PeriodKind(models.TextChoices):
    """The reporting periods of cchc.core.kpis.PERIOD_KINDS (a test keeps the two lists equal)."""

    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


#: Why a dossier is in the drill-down list of a KPI (cchc.analytics.sql.LISTED_KPIS, a test keeps the keys
#: equal): what keeps it out of the numerator. Where the reason is a dossier's class it is that class's
#: label in the dossier vocabulary (TimelinessChoices), not a second copy of it.
LIST_REASONS = {
    "ontime_rate": TimelinessChoices.LATE.label,
    "late": TimelinessChoices.LATE.label,
    "satisfaction_rate": _("Không hài lòng"),
    "online_fullprocess_rate": _("TTHC toàn trình, không nộp trực tuyến"),
    "online_payment_dossiers_rate": _("Có phí, không thanh toán trực tuyến"),
    "digitised_results_rate": _("Kết quả không được số hóa"),
    "digitised_dossiers_rate": _("Hồ sơ không được số hóa"),
    "reused_data_rate": _("Không tái sử dụng dữ liệu"),
    "late_without_apology": _("Trễ hạn, chưa có văn bản xin lỗi"),
    "supplement_over_once": _("Yêu cầu bổ sung quá 01 lần"),
    "closed_before_result": _("Kết thúc xử lý khi chưa có kết quả"),
    "unreturned": _("Đã xử lý xong nhưng chậm trả kết quả"),
    "rating_burst": _("Đánh giá hàng loạt trong ít phút"),
    "on_behalf": _("Nộp hoặc thanh toán trực tuyến thay người dân"),
}


def period_name(kind: str, start: date) -> str:
    """"Quý I/2026" in Vietnamese, "Quarter I, 2026" in English (cchc.core.kpis.period_label)."""
    return period_label(kind, start, gettext)


def kpi_name(definition: KpiDefinition) -> str:
    """A KPI's name in the reader's language (the catalogue's ``name_en`` is its English translation)."""
    return gettext(definition.name_vi)


def kpi_name_of(code: str, version: int | None = None) -> str:
    """The name of the KPI ``code`` in the reader's language, of its ``version`` (the latest when None or
    unknown): how pages, the API and documents show a stored code ("ontime_rate"), never raw. A code the
    catalogue does not know is returned as it is."""
    try:
        versions = definitions(code)
    except KeyError:
        return code
    return kpi_name(next((d for d in versions if d.version == version), versions[-1]))


def unit_label(unit: str) -> str:
    """A KPI's unit of measure (cchc.core.kpis: "%", "hồ sơ", "điểm") in the reader's language, to show;
    comparisons keep the core's value."""
    return gettext(unit) if unit else unit


def indicator_name(indicator: Indicator) -> str:
    """A Decision 766 indicator's name in the reader's language."""
    return gettext(indicator.name_vi)


def group_name(group: int) -> str:
    """The name of a Decision 766 indicator group (1–6) in the reader's language."""
    return gettext(GROUPS[group][0])
