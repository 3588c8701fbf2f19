"""The vocabulary of petitions (PAKN): the core's enums (cchc.core.petitions766) paired once with their
labels, translated lazily in the reader's language (pages, the admin, the API, the import's messages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.petitions766 import Action, Topic


class FirstAction(models.TextChoices):
    """The first action on a petition; its limit is cchc.core.petitions766.LIMITS."""

    PROCESSED = Action.PROCESSED, _("Xử lý")
    REJECTED = Action.REJECTED, _("Từ chối")
    SUPPLEMENT = Action.SUPPLEMENT, _("Yêu cầu bổ sung")
    PUBLISHED = Action.PUBLISHED, _("Công khai")


class PetitionTopic(models.TextChoices):
    """What a petition is about (tracked, 0 points)."""

    RULES = Topic.RULES, _("Về quy định, thủ tục hành chính")
    OFFICIALS = Topic.OFFICIALS, _("Về hành vi cán bộ, công chức, viên chức")
    OTHER = Topic.OTHER, _("Khác")


class Listed(models.TextChoices):
    """Which petitions a list shows: those behind a figure's denominator, or those it counted against."""

    ALL = "all", _("Tất cả PAKN tiếp nhận trong kỳ")
    LATE = "late", _("PAKN trễ hạn (làm mất điểm chỉ số 6.1)")
    UNSATISFIED = "unsatisfied", _("PAKN không đạt hài lòng (làm mất điểm chỉ số 6.2)")
