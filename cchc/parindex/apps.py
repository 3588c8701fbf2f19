from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "cchc.parindex"
    label = "parindex"
    verbose_name = _("Chỉ số cải cách hành chính")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.IndexVersion, models.Area, models.Criterion, models.Component, models.Season,
                      models.Assessment, models.Score, models.Evidence, models.AppraiserScope,
                      models.ResultRevision):
            auditlog.register(model)
