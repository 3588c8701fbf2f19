"""The vocabulary of notifications (issue 14 item 4, PRODUCT F19): what a notice is about, how a person
wants to get each kind (on the site, by e-mail, both or not at all) and how often the e-mail comes.

The producers of each kind are in cchc.notices.producers (docs/notifications.md); a kind declared here
without a producer yet is named as such.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    #: A unit's periodic report is due soon or overdue (focal points; cchc.core.reporting.reminder_due).
    REPORT_DEADLINE = "report_deadline", _("Hạn gửi báo cáo định kỳ")
    #: The units of a period whose report is overdue (the PAR officer).
    REPORT_MISSING = "report_missing", _("Đơn vị chưa gửi báo cáo quá hạn")
    #: The unit's plan tasks past their deadline and not done (focal points).
    TASK_OVERDUE = "task_overdue", _("Nhiệm vụ quá hạn")
    #: The morning digest of a focal point's open dossiers near due and overdue.
    DOSSIER_DIGEST = "dossier_digest", _("Hồ sơ sắp đến hạn và quá hạn (bản tin buổi sáng)")
    #: A corrective action waits for the unit's answer (focal points) or for confirmation (PAR officer).
    ACTION_WAITING = "action_waiting", _("Biện pháp khắc phục đang chờ xử lý")
    #: An inspection's remediation item is near or past its deadline (producer added with the inspections app).
    REMEDIATION_DEADLINE = "remediation_deadline", _("Hạn khắc phục sau kiểm tra")
    #: The PAR index self-assessment season (declared for the PAR index issue; no producer yet).
    SELF_ASSESSMENT_DEADLINE = "self_assessment_deadline", _("Hạn tự đánh giá Chỉ số CCHC")
    #: A unit's PAR index assessment was appraised: it may respond until its deadline (focal points;
    #: cchc.parindex.appraisal.finish_appraisal).
    PAR_APPRAISED = "par_appraised", _("Kết quả thẩm định Chỉ số CCHC")
    #: A unit responded to its appraisal (the season's Tổ thẩm định; cchc.parindex.appraisal.respond).
    PAR_RESPONDED = "par_responded", _("Đơn vị phản hồi kết quả thẩm định Chỉ số CCHC")
    #: A background job failed after its retries (the administrator).
    JOB_FAILED = "job_failed", _("Tác vụ nền bị lỗi")


class Channel(models.TextChoices):
    BOTH = "both", _("Trên hệ thống và qua e-mail")
    IN_APP = "in_app", _("Chỉ trên hệ thống")
    EMAIL = "email", _("Chỉ qua e-mail")
    NONE = "none", _("Không nhận")


class Frequency(models.TextChoices):
    """How often the e-mail of a kind is sent (a notice on the site always appears at once)."""

    IMMEDIATE = "immediate", _("Gửi ngay")
    DAILY = "daily", _("Gộp thành thư hằng ngày")
    WEEKLY = "weekly", _("Gộp thành thư hằng tuần")


#: What a person gets for a kind they have not chosen for: everything, e-mail at once.
DEFAULT_CHANNEL = Channel.BOTH
DEFAULT_FREQUENCY = Frequency.IMMEDIATE
#: The e-mail frequencies collected into a digest.
DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)
