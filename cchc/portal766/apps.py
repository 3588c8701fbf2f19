from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Portal766Config(AppConfig):
    name = "cchc.portal766"
    label = "portal766"
    verbose_name = _("Điểm 766 do Cổng công bố")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import PublishedSnapshot

        auditlog.register(PublishedSnapshot)
