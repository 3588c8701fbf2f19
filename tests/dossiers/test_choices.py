"""The dossier vocabulary (cchc.dossiers.choices): every core code has its label, in both languages."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cchc.core.timeliness import Channel, Status, Timeliness
from cchc.dossiers.choices import ChannelChoices, DossierStatusChoices, TimelinessChoices
from cchc.dossiers.models import Dossier
from tests.factories import client_for, make_dossier, make_procedure


def test_every_core_value_has_a_label():
    assert DossierStatusChoices.values == [s.value for s in Status]
    assert ChannelChoices.values == [c.value for c in Channel]
    assert TimelinessChoices.values == [t.value for t in Timeliness]


def test_status_labels_in_vietnamese_and_english():
    with translation.override("vi"):
        assert set(DossierStatusChoices) == set(Status)
        assert str(DossierStatusChoices(Status.SUPPLEMENT_REQUESTED).label) == "Yêu cầu bổ sung giấy tờ"
        assert str(DossierStatusChoices(Status.RETURNED).label) == "Đã trả kết quả"
        assert str(DossierStatusChoices(Status.WITHDRAWN).label) == "Công dân yêu cầu rút hồ sơ"
        assert str(ChannelChoices(Channel.POSTAL).label) == "Bưu chính công ích"
    with translation.override("en"):
        assert str(DossierStatusChoices(Status.RETURNED).label) == "Result returned"
        assert str(ChannelChoices(Channel.ONLINE).label) == "Online"
        assert str(TimelinessChoices(Timeliness.PENDING_OVERDUE).label) == "In progress, overdue"


def test_the_model_fields_use_them():
    d = Dossier(status=Status.FINISHED, channel=Channel.ONLINE)
    with translation.override("vi"):
        assert (d.get_status_display(), d.get_channel_display()) == ("Đã xử lý xong", "Trực tuyến")
    with translation.override("en"):
        assert d.get_status_display() != "Đã xử lý xong"


@pytest.fixture
def returned_late(province):
    proc = make_procedure(code="2.000001", name="Đăng ký khai sinh", time_limit=1)
    now = timezone.now()
    return make_dossier(code="HS-LATE", unit=province.commune, procedure=proc, status=Status.RETURNED,
                        channel=Channel.POSTAL, received_at=now - timedelta(days=9), due_at=now - timedelta(days=5),
                        finished_at=now - timedelta(days=3))


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("vi", ["Đã trả kết quả", "Bưu chính công ích", "Trễ hạn"], ["Result returned"]),
    ("en", ["Result returned", "Public postal service", "Late"], ["Đã trả kết quả", "Bưu chính công ích"]),
])
def test_the_dossier_pages_speak_the_readers_language(returned_late, users, language, shown, not_shown):
    client = client_for(user=users["officer"])
    client.cookies["django_language"] = language
    with translation.override("vi"):  # the middleware activates the cookie's language; leave it as it was
        pages = client.get(returned_late.get_absolute_url()).content.decode() + client.get("/dossiers/").content.decode()
    assert all(text in pages for text in shown), [t for t in shown if t not in pages]
    assert not any(text in pages for text in not_shown)
