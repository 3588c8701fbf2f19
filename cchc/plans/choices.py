"""The plan vocabulary: verdicts on targets, task statuses and levels, paired once with their labels.

The values come from the pure core (cchc.core.evaluation.Verdict, cchc.core.tasks.TaskStatus,
cchc.core.levels); pages, forms, the reporting app, the dashboard and the documents all take their
labels from here, translated lazily in the reader's language, instead of writing their own maps.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.evaluation import Verdict
from cchc.core.levels import ALL_LEVELS, Level
from cchc.core.tasks import TaskStatus
from cchc.units.choices import LevelChoices


class VerdictChoices(models.TextChoices):
    """A unit against a target: met, at risk, missed or no data (cchc.core.evaluation.evaluate)."""

    MET = Verdict.MET, _("Đạt")
    AT_RISK = Verdict.AT_RISK, _("Có nguy cơ không đạt")
    MISSED = Verdict.MISSED, _("Không đạt")
    NO_DATA = Verdict.NO_DATA, _("Chưa có số liệu")


class TaskStatusChoices(models.TextChoices):
    """A unit's work on a plan task (cchc.core.tasks.status_of)."""

    NOT_STARTED = TaskStatus.NOT_STARTED, _("Chưa bắt đầu")
    IN_PROGRESS = TaskStatus.IN_PROGRESS, _("Đang thực hiện")
    DONE = TaskStatus.DONE, _("Hoàn thành")
    OVERDUE = TaskStatus.OVERDUE, _("Quá hạn")


class ThresholdLevel(models.TextChoices):
    """The levels a target's threshold applies to: every level, or one level of government."""

    ALL = ALL_LEVELS, _("Mọi cấp")
    PROVINCE = LevelChoices.PROVINCE.value, LevelChoices.PROVINCE.label
    DISTRICT = LevelChoices.DISTRICT.value, LevelChoices.DISTRICT.label
    COMMUNE = LevelChoices.COMMUNE.value, LevelChoices.COMMUNE.label


class LeadLevelChoices(models.TextChoices):
    """Who leads a task at each level, as the plans write it inside a sentence ("cấp huyện")."""

    PROVINCE = Level.PROVINCE, _("các sở, ban, ngành")
    DISTRICT = Level.DISTRICT, _("cấp huyện")
    COMMUNE = Level.COMMUNE, _("cấp xã")

