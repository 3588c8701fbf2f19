from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "cchc.units"
    label = "units"
    verbose_name = _("Đơn vị hành chính")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Unit, UnitAlias, UnitLink

        auditlog.register(Unit)
        auditlog.register(UnitLink)
        auditlog.register(UnitAlias)  # mapped by officers on an import's page (cchc.dossiers.unit_mapping)
