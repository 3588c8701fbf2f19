from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra công tác CCHC")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Finding, Inspection, InspectionPlan, PlanUnit, RemediationItem

        for model in (InspectionPlan, PlanUnit, Inspection, Finding, RemediationItem):
            auditlog.register(model)
