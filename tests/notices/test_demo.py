"""The demo's notices (cchc/demo/notices.py): the producers run on the demo's own dossiers give the focal
point of Xã Phù Mỹ (dm.xaphumy) a morning digest, and its e-mails are not sent. A small generation of recent
demo dossiers (the real generator, Bình Định with its successor), no figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cchc.demo import notices as demo_notices
from cchc.demo.dossiers import generate
from cchc.demo.province import DEMO_ACCOUNTS
from cchc.dossiers.catalogue import import_demo_catalogue
from cchc.notices.choices import Kind
from cchc.notices.models import Notification
from cchc.units.models import Unit
from cchc.units.services import import_province
from tests.factories import make_user


@pytest.mark.django_db
def test_the_demo_commune_focal_point_has_a_morning_digest():
    import_province("Bình Định")
    import_demo_catalogue()
    today = timezone.localdate()
    xa = Unit.objects.get(key="vn:2025:commune:21730")
    generate(count=4000, start=today - timedelta(days=40), end=today - timedelta(days=1), provinces=("Bình Định",))
    account = next(a for a in DEMO_ACCOUNTS if a.username == "dm.xaphumy")
    user = make_user(username=account.username, role=account.role, unit=xa, email="dm.xaphumy@cchc.example")

    made = demo_notices.load()

    assert made["morning_digest"] >= 1
    digest = Notification.objects.get(user=user, kind=Kind.DOSSIER_DIGEST)
    assert digest.title.startswith("Hồ sơ sáng ") and digest.read_at is None
    # Both lists have at least one dossier: the demo's own, or the step's illustrative ones.
    assert ": 0 quá hạn" not in digest.title and ", 0 đến hạn" not in digest.title
    assert mail.outbox == []  # the first run's e-mails are not sent
    assert demo_notices.load()["morning_digest"] == 0  # loading again the same day makes nothing new
