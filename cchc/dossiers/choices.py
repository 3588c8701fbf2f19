"""The dossier vocabulary: the national codes of cchc.core.timeliness paired once with their labels.

The core keeps the values (it is pure and cannot translate); every model field, form, page, API answer
and document that shows a dossier's status, channel or timeliness takes its label from here, translated
lazily in the reader's language (netbox's ``ChoiceSet`` habit).
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.timeliness import Channel, Status, Timeliness


class DossierStatusChoices(models.IntegerChoices):
    """The national dossier statuses (``TrangThaiHoSo``, DVCQG sync catalogue)."""

    NEW = Status.NEW, _("Mới đăng ký")
    RECEIVED = Status.RECEIVED, _("Được tiếp nhận")
    NOT_RECEIVED = Status.NOT_RECEIVED, _("Không được tiếp nhận")
    PROCESSING = Status.PROCESSING, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = Status.SUPPLEMENT_REQUESTED, _("Yêu cầu bổ sung giấy tờ")
    FINANCIAL_OBLIGATION = Status.FINANCIAL_OBLIGATION, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = Status.WITHDRAWN, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = Status.STOPPED, _("Dừng xử lý")
    FINISHED = Status.FINISHED, _("Đã xử lý xong")
    RETURNED = Status.RETURNED, _("Đã trả kết quả")


class ChannelChoices(models.IntegerChoices):
    """How a dossier was submitted (``KenhThucHien``)."""

    DIRECT = Channel.DIRECT, _("Trực tiếp")
    ONLINE = Channel.ONLINE, _("Trực tuyến")
    POSTAL = Channel.POSTAL, _("Bưu chính công ích")


class TimelinessChoices(models.TextChoices):
    """Early, on time, late… as the 766 index counts a dossier (cchc.core.timeliness.classify)."""

    EARLY = Timeliness.EARLY, _("Trước hạn")
    ON_TIME = Timeliness.ON_TIME, _("Đúng hạn")
    LATE = Timeliness.LATE, _("Trễ hạn")
    PENDING_ON_TIME = Timeliness.PENDING_ON_TIME, _("Đang giải quyết, trong hạn")
    PENDING_OVERDUE = Timeliness.PENDING_OVERDUE, _("Đang giải quyết, quá hạn")
    EXCLUDED = Timeliness.EXCLUDED, _("Không tính")


def form_label(form) -> str:
    """A legal form (cchc.core.apology_rules.ApologyForm) named in the reader's language: "TT 03/2025/TT-VPCP
    Mẫu 04 — Văn bản xin lỗi…" in Vietnamese, "Circular 03/2025/TT-VPCP Form 04 — Letter of apology…" in
    English. The letter itself and the stored ``Apology.form_version`` keep the form's Vietnamese label."""
    return f"{gettext(form.circular)} {gettext(form.number)} — {gettext(form.title)}"
