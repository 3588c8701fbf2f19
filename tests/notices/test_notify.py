"""notify (cchc.notices.services): once per person, kind and key; as the person chose (on the site, by
e-mail at once or in a digest, both, none); e-mail only to a person with an address; the digests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cchc.notices import services
from cchc.notices.choices import Channel, Frequency, Kind
from cchc.notices.models import Notification


@pytest.fixture
def person(users):
    user = users["focal_commune"]
    user.email = "dm.xa@example.vn"
    user.save()
    return user


def test_the_same_key_notifies_once_and_another_key_again(person):
    first = services.notify(person, kind=Kind.TASK_OVERDUE, title="Hai nhiệm vụ quá hạn", key="2026-12-07")
    again = services.notify(person, kind=Kind.TASK_OVERDUE, title="Hai nhiệm vụ quá hạn", key="2026-12-07")
    other_kind = services.notify(person, kind=Kind.DOSSIER_DIGEST, title="Hồ sơ", key="2026-12-07")
    next_day = services.notify(person, kind=Kind.TASK_OVERDUE, title="Hai nhiệm vụ quá hạn", key="2026-12-08")
    assert first is not None and again is None and other_kind is not None and next_day is not None
    assert Notification.objects.filter(user=person).count() == 3
    assert len(mail.outbox) == 3  # by default: on the site and by e-mail at once


def test_without_a_key_every_call_notifies(person):
    services.notify(person, kind=Kind.JOB_FAILED, title="Lỗi")
    services.notify(person, kind=Kind.JOB_FAILED, title="Lỗi")
    assert Notification.objects.filter(user=person).count() == 2


def test_an_unknown_kind_is_refused(person):
    with pytest.raises(ValueError):
        services.notify(person, kind="no_such_kind", title="x")


def test_the_email_carries_title_body_and_the_sites_link(person):
    services.notify(person, kind=Kind.TASK_OVERDUE, title="Nhiệm vụ quá hạn", body="- NV02", url="/plans/mine/")
    [message] = mail.outbox
    assert message.subject == "[CCHC] Nhiệm vụ quá hạn" and message.to == ["dm.xa@example.vn"]
    assert "- NV02" in message.body and "http://127.0.0.1:8000/plans/mine/" in message.body


@pytest.mark.parametrize(("channel", "in_app", "emails", "made"), [
    (Channel.BOTH, True, 1, True),
    (Channel.IN_APP, True, 0, True),
    (Channel.EMAIL, False, 1, True),
    (Channel.NONE, None, 0, False),
])
def test_the_channel_chosen_is_followed(person, channel, in_app, emails, made):
    services.set_choices(person, {Kind.TASK_OVERDUE: (channel, Frequency.IMMEDIATE)})
    notice = services.notify(person, kind=Kind.TASK_OVERDUE, title="Quá hạn", key="k")
    assert (notice is not None) == made
    assert len(mail.outbox) == emails
    if made:
        assert notice.in_app is in_app
        assert services.unread_count(person) == (1 if in_app else 0)
    # The choice of one kind leaves the others at the default.
    services.notify(person, kind=Kind.DOSSIER_DIGEST, title="Hồ sơ", key="k")
    assert len(mail.outbox) == emails + 1


def test_no_address_no_email_and_email_only_without_address_makes_nothing(users):
    person = users["focal_commune2"]  # the factories give no address
    assert services.notify(person, kind=Kind.TASK_OVERDUE, title="Quá hạn", key="a") is not None
    services.set_choices(person, {Kind.TASK_OVERDUE: (Channel.EMAIL, Frequency.IMMEDIATE)})
    assert services.notify(person, kind=Kind.TASK_OVERDUE, title="Quá hạn", key="b") is None
    assert mail.outbox == []


def test_an_inactive_account_is_not_notified(person):
    person.is_active = False
    person.save()
    assert services.notify(person, kind=Kind.TASK_OVERDUE, title="Quá hạn") is None


def test_daily_and_weekly_choices_wait_for_their_digest(person, users):
    services.set_choices(person, {Kind.TASK_OVERDUE: (Channel.BOTH, Frequency.DAILY),
                                  Kind.DOSSIER_DIGEST: (Channel.EMAIL, Frequency.WEEKLY)})
    services.notify(person, kind=Kind.TASK_OVERDUE, title="Nhiệm vụ A quá hạn", key="1")
    services.notify(person, kind=Kind.TASK_OVERDUE, title="Nhiệm vụ B quá hạn", key="2", url="/plans/mine/")
    services.notify(person, kind=Kind.DOSSIER_DIGEST, title="Hồ sơ tuần", key="1")
    other = users["focal_snv"]
    other.email = "snv@example.vn"
    other.save()
    services.set_choices(other, {Kind.TASK_OVERDUE: (Channel.BOTH, Frequency.DAILY)})
    services.notify(other, kind=Kind.TASK_OVERDUE, title="Nhiệm vụ C quá hạn", key="1")
    assert mail.outbox == [] and services.unread_count(person) == 2  # on the site at once

    assert services.send_digests(Frequency.DAILY) == 2
    mine = next(m for m in mail.outbox if m.to == ["dm.xa@example.vn"])
    assert mine.subject == "[CCHC] Tổng hợp thông báo trong ngày: 2 thông báo"
    assert "Nhiệm vụ A quá hạn" in mine.body and "Nhiệm vụ B quá hạn" in mine.body and "Hồ sơ tuần" not in mine.body
    assert "Nhiệm vụ C quá hạn" not in mine.body
    assert services.send_digests(Frequency.DAILY) == 0  # sent once

    assert services.send_digests(Frequency.WEEKLY) == 1
    assert mail.outbox[-1].subject == "[CCHC] Tổng hợp thông báo trong tuần: 1 thông báo"
    assert "Hồ sơ tuần" in mail.outbox[-1].body


def test_the_list_is_unread_first_and_marking_read_is_the_persons_own(person, users):
    old = services.notify(person, kind=Kind.TASK_OVERDUE, title="Cũ", key="1")
    new = services.notify(person, kind=Kind.TASK_OVERDUE, title="Mới", key="2")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    services.mark_read(person, [new.pk])
    assert [n.title for n in services.listed(person)] == ["Cũ", "Mới"]
    assert services.mark_read(users["focal_snv"], [old.pk]) == 0  # another's notice: untouched
    assert services.unread_count(person) == 1
    assert services.mark_read(person) == 1 and services.unread_count(person) == 0


def test_notify_admins_reaches_the_administrators_only(users):
    made = services.notify_admins(kind=Kind.JOB_FAILED, title="Tác vụ nhập hồ sơ bị lỗi", key="job-1")
    assert [n.user for n in made] == [users["admin"]]
