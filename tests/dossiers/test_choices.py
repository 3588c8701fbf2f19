"""The dossier vocabulary (cchc.dossiers.choices): every core code has its label, in both languages."""

from django.utils import translation

from cchc.core.timeliness import Channel, Status, Timeliness
from cchc.dossiers.choices import ChannelChoices, DossierStatusChoices, TimelinessChoices
from cchc.dossiers.models import Dossier


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
