"""The apology letter's page (F9): offered only where a letter is lawful, and refused on the server too.

Rules (cchc.core.apology_rules, DOMAIN §11 Q2, §12.2): the new return date is after now and after the
letter's date; one re-dating per dossier; no letter for a dossier never received, withdrawn, stopped or
finished on time. Dates are relative to today, because "after now" is the rule under test.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cchc.core.errors import InvalidInput
from cchc.core.workdays import calendar_for
from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.models import Apology
from tests.factories import client_for, make_dossier, make_procedure

GOOD = {"reason": "Chờ ý kiến cơ quan phối hợp", "authority": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Trần Thị B"}


def _local(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def new_dossier(province, today):
    """Makes the commune's dossier HS-XL-1: in progress, received 20 days ago, due in five days, unless told."""
    procedure = make_procedure(code="1.004227", name="Cấp giấy phép xây dựng", time_limit=15)
    return partial(make_dossier, code="HS-XL-1", unit=province.commune, procedure=procedure, status=4,
                   received_at=_local(today - timedelta(days=20), 9), due_at=_local(today + timedelta(days=5), 9))


@pytest.fixture
def client(users):
    return client_for(user=users["focal_commune"])


def _form_url(dossier) -> str:
    return reverse("dossiers:apology_new", args=[dossier.pk])


def _post(client, dossier, new_due):
    return client.post(_form_url(dossier), {**GOOD, "new_due": new_due.strftime("%d/%m/%Y")})


def test_the_form_proposes_a_working_day_after_today_and_the_due_day(client, new_dossier, today):
    dossier = new_dossier(due_at=_local(today - timedelta(days=10), 9))  # ten days overdue
    response = client.get(_form_url(dossier))
    assert response.status_code == 200
    proposed = response.context["form"]["new_due"].value()
    assert proposed > today, "never a date in the past (the issue's case: ten days ago)"
    assert calendar_for(range(proposed.year, proposed.year + 1)).is_working_day(proposed)
    assert proposed.strftime("%d/%m/%Y") in response.content.decode()


def test_a_past_date_is_refused_naming_the_field(client, new_dossier, today):
    dossier = new_dossier(due_at=_local(today - timedelta(days=12), 9))
    response = _post(client, dossier, today - timedelta(days=10))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["new_due"]
    assert any("Ngày hẹn trả mới" in e and "đã qua" in e for e in errors["new_due"])
    assert "Ngày hẹn trả mới" in response.content.decode()
    assert not Apology.objects.exists()


def test_today_is_not_after_the_letters_date(client, new_dossier, today):
    dossier = new_dossier(due_at=_local(today - timedelta(days=3), 9))
    response = _post(client, dossier, today)
    if timezone.localtime().hour < 16:  # 16:00 today is still to come: refused as the letter's own day
        assert any("phải sau ngày lập phiếu" in e for e in response.context["form"].errors["new_due"])
    else:
        assert any("đã qua" in e for e in response.context["form"].errors["new_due"])
    assert not Apology.objects.exists()


def test_a_malformed_date_names_the_field(client, new_dossier):
    response = client.post(_form_url(new_dossier()), {**GOOD, "new_due": "31/02/2026"})
    assert response.context["form"].errors["new_due"] == [
        "Ngày hẹn trả mới phải viết theo dạng ngày/tháng/năm, ví dụ 20/03/2026."]
    assert not Apology.objects.exists()


def test_a_date_before_the_old_due_date_is_refused(client, new_dossier, today):
    dossier = new_dossier(due_at=_local(today + timedelta(days=10), 9))
    response = _post(client, dossier, today + timedelta(days=4))
    assert any("phải sau ngày hẹn trả cũ" in e for e in response.context["form"].errors["new_due"])
    assert not Apology.objects.exists()


def test_the_letter_is_issued_stored_and_downloadable(client, new_dossier, today):
    dossier = new_dossier()
    new_due = today + timedelta(days=9)
    detail = client.get(dossier.get_absolute_url()).content.decode()
    assert _form_url(dossier) in detail, "the link is offered on a dossier in progress"
    response = _post(client, dossier, new_due)
    assert response.status_code == 302
    apology = dossier.apologies.get()
    assert (apology.seq, apology.new_due_at, apology.old_due_at) == (1, _local(new_due, 16), dossier.due_at)
    assert apology.compliant, "five days before the due date"
    document = client.get(reverse("dossiers:apology_document", args=[apology.pk]))
    assert document.status_code == 200
    assert document["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(document.streaming_content))).paragraphs)
    assert "HS-XL-1" in text and "Chờ ý kiến cơ quan phối hợp" in text and f"{new_due:%d/%m/%Y}" in text


def test_a_second_letter_is_not_offered_and_refused(client, new_dossier, today):
    dossier = new_dossier()
    assert _post(client, dossier, today + timedelta(days=9)).status_code == 302
    detail = client.get(dossier.get_absolute_url()).content.decode()
    assert _form_url(dossier) not in detail
    assert "không được hẹn lại lần nữa" in detail
    page = client.get(_form_url(dossier))
    assert page.status_code == 200 and "form" not in page.context
    assert "không được hẹn lại lần nữa" in page.content.decode()
    refused = _post(client, dossier, today + timedelta(days=15))
    assert refused.status_code == 409
    assert dossier.apologies.count() == 1


def test_an_apology_stated_by_the_one_stop_export_counts(client, new_dossier, today):
    """The export's apology_at is a re-dating made in the one-stop system: no second one here."""
    dossier = new_dossier(apology_at=_local(today - timedelta(days=1), 10),
                           apology_new_due_at=_local(today + timedelta(days=8), 16))
    assert _form_url(dossier) not in client.get(dossier.get_absolute_url()).content.decode()
    assert _post(client, dossier, today + timedelta(days=9)).status_code == 409
    assert not Apology.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": 3}, "chưa được tiếp nhận"),  # the issue's case: never received
        ({"status": 1}, "chưa được tiếp nhận"),
        ({"status": 7, "finished_at": "yesterday"}, "đã được công dân rút"),
        ({"status": 8, "finished_at": "yesterday"}, "dừng xử lý"),
        ({"status": 10, "finished_at": "yesterday"}, "giải quyết xong đúng hạn"),
        ({"due_at": None}, "chưa có ngày hẹn trả"),
    ],
    ids=["not-received", "new", "withdrawn", "stopped", "finished-on-time", "no-due-date"],
)
def test_no_link_and_post_refused_where_no_letter_makes_sense(client, new_dossier, today, fields, message):
    if fields.get("finished_at") == "yesterday":
        fields = {**fields, "finished_at": _local(today - timedelta(days=1), 10)}
    dossier = new_dossier(**fields)
    detail = client.get(dossier.get_absolute_url()).content.decode()
    assert _form_url(dossier) not in detail
    assert message in detail
    page = client.get(_form_url(dossier))
    assert page.status_code == 200 and "form" not in page.context and message in page.content.decode()
    refused = _post(client, dossier, today + timedelta(days=9))
    assert refused.status_code == 409
    assert not Apology.objects.exists()


def test_a_dossier_finished_late_may_still_get_its_letter(client, new_dossier, today):
    dossier = new_dossier(status=9, due_at=_local(today - timedelta(days=5), 9),
                           finished_at=_local(today - timedelta(days=1), 10))
    assert _form_url(dossier) in client.get(dossier.get_absolute_url()).content.decode()
    assert _post(client, dossier, today + timedelta(days=3)).status_code == 302
    assert not dossier.apologies.get().compliant, "issued after the due date"


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"status": 3}, "status"), ({"due_at": None}, "due_at"),
     ({"status": 10, "finished_at": "yesterday"}, "finished_at")],
    ids=["not-received", "no-due-date", "finished-on-time"],
)
def test_the_service_refuses_too_naming_the_field(users, new_dossier, today, fields, field):
    """Not only the page: any caller of issue_apology (API, CLI) gets the refusal, with its field."""
    if fields.get("finished_at") == "yesterday":
        fields = {**fields, "finished_at": _local(today - timedelta(days=1), 10)}
    dossier = new_dossier(**fields)
    with pytest.raises(InvalidInput) as caught:
        issue_apology(user=users["officer"], dossier=dossier, reason="Chờ xác minh", signer_title="CHỦ TỊCH",
                      signer_name="Nguyễn Văn A", new_due_at=_local(today + timedelta(days=9), 16))
    assert [issue.field for issue in caught.value.issues] == [field]
    assert not Apology.objects.exists()
