from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Apology, DossierTransfer, HolidayOverride, Procedure

        # Dossiers arrive by the million from one-stop systems: their own events are their history, so
        # they are not in the audit trail; reference data edited by people is.
        auditlog.register(Procedure)
        auditlog.register(HolidayOverride)
        auditlog.register(Apology)
        auditlog.register(DossierTransfer)  # a transfer moves a dossier's figures: who recorded or corrected it
