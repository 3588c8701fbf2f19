from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # What people write or decide is in the audit trail; the copies of KPI values and target statuses
        # are made by the system (their as-of stamp is their history), and a report's events are a history.
        auditlog.register(models.ReportingPeriod, m2m_fields={"units"})
        for model in (models.UnitReport, models.TaskRow, models.ManualMeasure, models.Narrative, models.Attachment,
                      models.GeneratedDocument):
            auditlog.register(model)
