from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "cchc.notices"
    label = "notices"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from django_q.signals import post_execute

        from .signals import on_job_done

        post_execute.connect(on_job_done, dispatch_uid="cchc.notices.job_failed")
