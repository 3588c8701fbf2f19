from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectiveConfig(AppConfig):
    name = "cchc.corrective"
    label = "corrective"
    verbose_name = _("Biện pháp khắc phục")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import CorrectiveAction

        auditlog.register(CorrectiveAction)

        from cchc.analytics.signals import kpi_values_refreshed

        kpi_values_refreshed.connect(_detect_after_refresh, dispatch_uid="corrective-detect-after-refresh")


def _detect_after_refresh(sender, *, years, **kwargs) -> None:
    """New figures may make a target red for a second period in a row: require the corrective actions
    (cchc.corrective.services.detect is idempotent)."""
    from .services import detect

    detect(years=sorted(set(years)))
