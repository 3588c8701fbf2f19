from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "cchc.publications"
    label = "publications"
    verbose_name = _("Công bố, công khai TTHC")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Publication

        auditlog.register(Publication)
