from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "cchc.web"
    label = "web"
    verbose_name = _("Giao diện chung")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from cchc.core import i18n

        # The core's messages (its exceptions, an issue's row and field) are read in the reader's language.
        i18n.install(gettext)
