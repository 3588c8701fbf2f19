from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Installed only so that Django finds the ``demo`` command; the demo has no models."""

    name = "cchc.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")
