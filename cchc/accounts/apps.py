from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from .models import ApiToken, Profile

        auditlog.register(Profile)
        auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
        auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])

        from django.contrib.auth.signals import user_logged_in

        from . import signals

        user_logged_in.connect(signals.two_factor_state, dispatch_uid="cchc.accounts.two_factor_state")
