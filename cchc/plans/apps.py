from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Kế hoạch CCHC")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Plan, models.PlanArea, models.Target, models.Threshold, models.Task, models.Assignment):
            auditlog.register(model)
        auditlog.register(models.ProgressUpdate)
