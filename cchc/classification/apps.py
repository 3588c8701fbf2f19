from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "cchc.classification"
    label = "classification"
    verbose_name = _("Phân loại mức độ hoàn thành nhiệm vụ")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Proposal, Reminder

        auditlog.register(Reminder, m2m_fields={"dossiers"})
        auditlog.register(Proposal)
