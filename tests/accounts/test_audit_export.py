"""The audit trail as an Excel file (issue 12 items 3 and 4): the page's filters and rows, every page, for
the page's readers only; text that looks like a formula stays text."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from openpyxl import load_workbook

from cchc.accounts.audit import export_values
from cchc.accounts.models import Profile
from tests.factories import client_for, make_integration_user

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)


def entry(actor, n: int, name: str = "đối tượng"):
    profile = actor.profile
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Profile), object_pk=str(profile.pk), object_id=profile.pk,
        object_repr=f"{name} {n}", action=LogEntry.Action.UPDATE, changes={"role": ["leader", "inspector"]},
        actor=actor, timestamp=AT + timedelta(minutes=n), remote_addr="10.0.0.1")


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def page_rows(client, params):
    """Every row the page shows for ``params``, following its "older" links."""
    rows, query = [], dict(params)
    while True:
        response = client.get("/accounts/audit/", query)
        rows += response.context["rows"]
        if response.context["next_before"] is None:
            return rows
        query["before"] = str(response.context["next_before"])


def as_cells(values):
    return [timezone.localtime(v).replace(tzinfo=None) if isinstance(v, datetime) else (v or None) for v in values]


def test_the_file_holds_the_pages_rows(users, province):
    for n in range(70):  # two pages of the page for the officer's unit
        entry(users["officer"] if n % 3 else users["focal_commune"], n)
    client = client_for(user=users["admin"])
    with translation.override("vi"):
        for params in ({"unit": str(province.snv.pk)}, {"unit": str(province.commune.pk), "ended": "1"},
                       {"actor": "officer", "from": "01/03/2026", "to": "02/03/2026"}, {}):
            shown = [as_cells(export_values(r)) for r in page_rows(client, params)]
            response = client.get("/accounts/audit/export.xlsx", params)
            assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
            assert sheet_rows(response) == shown
            assert shown  # each filter finds something
        page = client.get("/accounts/audit/", {"unit": str(province.snv.pk)}).content.decode()
        assert f'href="/accounts/audit/export.xlsx?unit={province.snv.pk}"' in page


def test_the_headers_and_a_row_in_words(users):
    entry(users["officer"], 1, name="=HYPERLINK(\"http://x\")")
    with translation.override("vi"):
        response = client_for(user=users["officer"]).get("/accounts/audit/export.xlsx", {"actor": "officer"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[2]]
    assert header == ["Thời điểm", "Người thực hiện", "Đơn vị", "Địa chỉ IP", "Thao tác", "Loại dữ liệu", "Đối tượng",
                      "Thay đổi (trước → sau)"]
    row = sheet[3]
    assert row[0].value == datetime(2026, 3, 2, 0, 31)  # local time
    assert (row[1].value, row[2].value, row[3].value) == ("Người officer", "Sở Nội vụ", "10.0.0.1")
    assert row[6].value == "=HYPERLINK(\"http://x\") 1" and row[6].data_type == "s" and row[6].quotePrefix


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("officer", 200), ("leader", 200), ("inspector", 200),
                                              ("focal_snv", 403), ("focal_commune", 403)])
def test_read_by_the_pages_readers_only(users, who, status):
    assert client_for(user=users[who]).get("/accounts/audit/export.xlsx").status_code == status


def test_others_are_refused(users, client):
    assert client_for(user=make_integration_user()).get("/accounts/audit/export.xlsx").status_code == 403
    assert client.get("/accounts/audit/export.xlsx").status_code == 302  # to the sign-in page


def test_too_many_rows_go_back_with_a_message(users, settings):
    for n in range(4):
        entry(users["officer"], n)
    settings.EXPORT_MAX_ROWS = 3
    response = client_for(user=users["admin"]).get("/accounts/audit/export.xlsx", {"actor": "officer"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/audit/?actor=officer"
    assert "quá số dòng một tệp Excel" in response.content.decode()


@pytest.mark.parametrize("value", ["x", "99999999999999999999999", "31/02/2026", "' OR 1=1 --"])
def test_hostile_filters_never_fail(users, value):
    params = {"unit": value, "model": value, "from": value, "to": value, "actor": value, "q": value}
    assert client_for(user=users["admin"]).get("/accounts/audit/export.xlsx", params).status_code == 200
