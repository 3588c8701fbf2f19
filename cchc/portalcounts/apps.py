from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalCountsConfig(AppConfig):
    name = "cchc.portalcounts"
    label = "portalcounts"
    verbose_name = _("Số liệu 766 từ hệ thống khác")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import PortalCount

        auditlog.register(PortalCount)  # a re-import replaces a figure: who changed it, from what to what
