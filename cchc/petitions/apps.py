from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "cchc.petitions"
    label = "petitions"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Petition

        auditlog.register(Petition)
