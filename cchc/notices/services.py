"""Notifying people (issue 14 item 4, PRODUCT F19): ``notify`` is the one way a notice is made, by the
scheduled producers (cchc.notices.producers) and by any later app; the person's list, unread count and
marking read; the daily and weekly e-mail digests.

E-mail goes through Django's mail (the console by default, SMTP when configured: cchc.settings), only to a
person with an address, in the text the notice was made with.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone, translation
from django.utils.translation import ngettext

from cchc.accounts.choices import Role

from .choices import DEFAULT_CHANNEL, DEFAULT_FREQUENCY, Channel, Frequency, Kind
from .models import Notification, Preference

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length
KEY_MAX = Notification._meta.get_field("key").max_length


def absolute(path: str) -> str:
    """A link for an e-mail: the site's address (settings.SITE_URL) before a path of the site."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def choice_of(user, kind: str) -> tuple[str, str]:
    """(channel, frequency) ``user`` chose for ``kind``, or the defaults."""
    row = Preference.objects.filter(user=user, kind=kind).values_list("channel", "frequency").first()
    return row if row else (DEFAULT_CHANNEL.value, DEFAULT_FREQUENCY.value)


def choices_of(user) -> dict[str, tuple[str, str]]:
    """Every kind's (channel, frequency) for ``user``, defaults filled in."""
    chosen = {k: (c, f) for k, c, f in Preference.objects.filter(user=user).values_list("kind", "channel", "frequency")}
    return {kind: chosen.get(kind, (DEFAULT_CHANNEL.value, DEFAULT_FREQUENCY.value)) for kind in Kind.values}


def set_choices(user, choices: dict[str, tuple[str, str]]) -> None:
    """Store ``user``'s (channel, frequency) per kind (unknown kinds or values are refused)."""
    with transaction.atomic():
        for kind, (channel, frequency) in choices.items():
            if kind not in Kind.values or channel not in Channel.values or frequency not in Frequency.values:
                raise ValueError(f"unknown notice choice {kind!r}: {channel!r}, {frequency!r}")
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel, "frequency": frequency})


def _mail(user, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email.strip()])


def notify(user, *, kind: str, title: str, body: str = "", url: str = "", key: str = "") -> Notification | None:
    """Notify ``user`` of ``kind`` as they chose (cchc.notices.models.Preference): on the site, by e-mail at
    once or in the daily or weekly digest, both, or not at all. With a ``key``, once only: the same person,
    kind and key are not notified again (a producer run twice the same day makes nothing new). The notice
    made, or None when nothing was (a repeat, a person who chose none, an inactive account, or e-mail only
    without an address). An e-mail sent at once is sent before the notice is committed: if the mail server
    refuses it, nothing is recorded and the next run tries again."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    if user is None or not user.is_active:
        return None
    key = key[:KEY_MAX]
    if key and Notification.objects.filter(user=user, kind=kind, key=key).exists():
        return None
    channel, frequency = choice_of(user, kind)
    in_app = channel in (Channel.BOTH, Channel.IN_APP)
    email = channel in (Channel.BOTH, Channel.EMAIL) and bool((user.email or "").strip())
    if not (in_app or email):
        return None
    digest = frequency if email and frequency in (Frequency.DAILY, Frequency.WEEKLY) else ""
    title = title.strip()[:TITLE_MAX] or str(Kind(kind).label)
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                user=user, kind=kind, title=title, body=body.strip(), url=url[:URL_MAX], key=key, in_app=in_app,
                email_digest=digest)
            if email and not digest:
                _mail(user, f"[CCHC] {title}", _email_text(notice))
                notice.emailed_at = timezone.now()
                notice.save(update_fields=["emailed_at"])
    except IntegrityError:  # the same key made meanwhile by another run
        return None
    return notice


def notify_role(role: str, **notice) -> list[Notification]:
    """``notify`` every active person of ``role`` (the administrators of a failed job, the PAR officers)."""
    made = []
    for user in get_user_model().objects.filter(is_active=True, profile__role=role).order_by("pk"):
        if (n := notify(user, **notice)) is not None:
            made.append(n)
    return made


def notify_admins(**notice) -> list[Notification]:
    """The administrators (role or superuser): what the job runner tells when a job failed (Kind.JOB_FAILED)."""
    admins = get_user_model().objects.filter(Q(is_superuser=True) | Q(profile__role=Role.ADMIN), is_active=True)
    return [n for user in admins.distinct().order_by("pk") if (n := notify(user, **notice)) is not None]


def _email_text(notice: Notification) -> str:
    parts = [notice.title]
    if notice.body:
        parts.append(notice.body)
    if notice.url:
        parts.append(absolute(notice.url))
    return "\n\n".join(parts) + "\n"


# --- the person's list --------------------------------------------------------------------------------

def unread_count(user) -> int:
    """The header's figure: one count on the partial index of unread notices."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).count()


def listed(user):
    """``user``'s notices on the site, unread first, newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(user=user, in_app=True).order_by(unread.desc(), "-created_at", "-pk")


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s unread notices read: those of ``ids`` (others' ids are ignored), or all of them."""
    rows = Notification.objects.filter(user=user, in_app=True, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


# --- digests ------------------------------------------------------------------------------------------

def send_digests(frequency: str, *, now: datetime | None = None) -> int:
    """One e-mail per person gathering their notices waiting for the ``frequency`` digest (daily or weekly),
    each then marked sent; the number of e-mails. A person who no longer has an address gets none and their
    notices stop waiting."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"not a digest frequency: {frequency!r}")
    now = now or timezone.now()
    waiting = (Notification.objects.filter(email_digest=frequency, emailed_at__isnull=True)
               .select_related("user").order_by("user_id", "created_at", "pk"))
    by_user: dict[int, list[Notification]] = {}
    for notice in waiting:
        by_user.setdefault(notice.user_id, []).append(notice)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for notices in by_user.values():
            user = notices[0].user
            with transaction.atomic():
                if user.is_active and (user.email or "").strip():
                    _mail(user, _digest_subject(frequency, len(notices)), "\n\n".join(_email_text(n) for n in notices))
                    sent += 1
                Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=now)
    logger.info("notice digests (%s): %s e-mails", frequency, sent)
    return sent


def _digest_subject(frequency: str, n: int) -> str:
    if frequency == Frequency.DAILY:
        return ngettext("[CCHC] Tổng hợp thông báo trong ngày: {n} thông báo",
                        "[CCHC] Tổng hợp thông báo trong ngày: {n} thông báo", n).format(n=n)
    return ngettext("[CCHC] Tổng hợp thông báo trong tuần: {n} thông báo",
                    "[CCHC] Tổng hợp thông báo trong tuần: {n} thông báo", n).format(n=n)
