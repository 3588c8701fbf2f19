"""The vocabulary of the yearly classification: the four levels of cchc.core.classification.Level paired
once with their labels, and what a reminder is about, translated lazily in the reader's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.classification import Level


class LevelChoices(models.TextChoices):
    """NĐ 90/2020's four levels (unchanged by 48/2023 and 335/2025), best first."""

    EXCELLENT = Level.EXCELLENT, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = Level.GOOD, _("Hoàn thành tốt nhiệm vụ")
    DONE = Level.DONE, _("Hoàn thành nhiệm vụ")
    NOT_DONE = Level.NOT_DONE, _("Không hoàn thành nhiệm vụ")


class ReminderAbout(models.TextChoices):
    """What a reminder (nhắc nhở, chấn chỉnh) was about: only those about late dossiers feed seed 003's cap."""

    LATE_DOSSIERS = "late_dossiers", _("Hồ sơ giải quyết trễ hạn")
    OTHER = "other", _("Nội dung khác")


def level_label(value: str | None) -> str:
    """A level's label in the reader's language ("" for none)."""
    return str(LevelChoices(value).label) if value in LevelChoices.values else ""
