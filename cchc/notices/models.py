"""A person's notifications and their choices of what to get and how (issue 14 item 4, PRODUCT F19)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DEFAULT_CHANNEL, DEFAULT_FREQUENCY, Channel, Frequency, Kind


class Notification(models.Model):
    """One notice to one person. Its text is written when it is made, in the site's language (the
    producers run without a reader). ``key`` makes it once only: the same person, kind and key are never
    notified twice (cchc.notices.services.notify). ``in_app``: it shows in the person's list (not when they
    chose e-mail only); ``email_digest``: the e-mail waits for the daily or weekly digest, sent at ``emailed_at``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)
    in_app = models.BooleanField(_("hiện trên hệ thống"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_digest = models.CharField(_("gộp vào thư"), max_length=16, blank=True,
                                    choices=[(f.value, f.label) for f in (Frequency.DAILY, Frequency.WEEKLY)])
    emailed_at = models.DateTimeField(_("gửi e-mail lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], condition=~Q(key=""), name="notice_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notice_user_latest"),
            # The header's unread count: one indexed count of the person's unread notices.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True, in_app=True), name="notice_unread"),
            # The digest sender reads only the e-mails still waiting.
            models.Index(fields=["email_digest", "user"], condition=Q(emailed_at__isnull=True) & ~Q(email_digest=""),
                         name="notice_digest_waiting"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A person's choice for one kind: where it reaches them and how often the e-mail comes. Without a
    row, the default (cchc.notices.choices.DEFAULT_CHANNEL, DEFAULT_FREQUENCY)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="notice_preferences")
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("nhận qua"), max_length=16, choices=Channel.choices, default=DEFAULT_CHANNEL)
    frequency = models.CharField(_("tần suất e-mail"), max_length=16, choices=Frequency.choices, default=DEFAULT_FREQUENCY)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
