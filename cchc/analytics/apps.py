from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "cchc.analytics"
    label = "analytics"
    verbose_name = _("Phân tích, chỉ số")

    def ready(self) -> None:
        from cchc.dossiers.signals import dossiers_imported

        from .background import after_import

        dossiers_imported.connect(after_import, dispatch_uid="analytics-refresh-after-import")
