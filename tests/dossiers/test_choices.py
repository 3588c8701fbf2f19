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


def test_legal_forms_are_named_in_the_readers_language_and_the_letter_keeps_vietnamese():
    from datetime import date

    from cchc.core import apology_rules
    from cchc.dossiers.choices import form_label

    form = apology_rules.form_version(date(2026, 1, 5))
    with translation.override("vi"):
        assert form_label(form) == form.label == (
            "TT 03/2025/TT-VPCP Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    with translation.override("en"):
        assert form_label(form) == (
            "Circular 03/2025/TT-VPCP Form 04 — Letter of apology and request to extend the processing time")
        assert form.label.startswith("TT 03/2025/TT-VPCP Mẫu 04")  # what the letter and Apology.form_version keep
        old = apology_rules.form_version(date(2024, 1, 5))
        assert form_label(old) == "Circular 01/2018/TT-VPCP Form 04 — Letter of apology and new date for returning the result"


def test_the_note_of_an_apology_event_is_shown_in_the_readers_language(users, province):
    """The note CCHC writes when it issues a letter is stored in the officer's language; the timeline shows
    it in the reader's. A note that came from a one-stop system is data, shown as it is."""
    from cchc.dossiers.models import DossierEvent, EventKind
    from cchc.dossiers.views import timeline

    d = make_dossier(unit=province.commune, procedure=make_procedure(), status=4)
    at = timezone.now()
    DossierEvent.objects.create(dossier=d, kind=EventKind.APOLOGY, at=at, note="Phiếu xin lỗi số 01/PXL — HS-1")
    DossierEvent.objects.create(dossier=d, kind=EventKind.APOLOGY, at=at + timedelta(hours=1), note="Gửi qua bưu điện")
    with translation.override("en"):
        assert [r["note"] for r in timeline(d)] == ["Apology letter No. 01/PXL — HS-1", "Gửi qua bưu điện"]
    with translation.override("vi"):
        assert [r["note"] for r in timeline(d)][0] == "Phiếu xin lỗi số 01/PXL — HS-1"
