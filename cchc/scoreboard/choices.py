"""The scoreboard's own vocabulary: why a dossier is in the list of an indicator's lost points.

Indicator, group and period names belong to analytics (cchc.analytics.choices), the dossiers' timeliness
to dossiers (cchc.dossiers.choices); the page and the API take these reasons from here, translated lazily
in the reader's language.
"""

from django.utils.translation import gettext_lazy as _

#: Why a dossier is in an indicator's list, by the KPI whose list holds it (cchc.scoreboard.services.LISTS).
REASONS = {
    "ontime_rate": _("Trễ hạn"),
    "late": _("Trễ hạn"),
    "satisfaction_rate": _("Không hài lòng"),
    "online_fullprocess_rate": _("TTHC toàn trình, không nộp trực tuyến"),
    "online_payment_dossiers_rate": _("Có phí, không thanh toán trực tuyến"),
    "digitised_results_rate": _("Kết quả không được số hóa"),
    "digitised_dossiers_rate": _("Hồ sơ không được số hóa"),
    "reused_data_rate": _("Không tái sử dụng dữ liệu"),
}
