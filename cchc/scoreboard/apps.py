from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoreboardConfig(AppConfig):
    name = "cchc.scoreboard"
    label = "scoreboard"
    verbose_name = _("Bộ chỉ số 766")
