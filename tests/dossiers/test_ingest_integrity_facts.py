"""Importing the facts the integrity checks read (cchc.core.integrity, docs/integrity.md): the result's
signing date, the rating's moment, who submitted or paid online. Accepted in CCHC's schema on every path
(a file, the API's records); refused with the row and field named when they contradict the row; kept
empty when the file says nothing, so that a dossier without them is never flagged."""

from __future__ import annotations

import re

import pytest

from cchc.core.errors import InvalidInput
from cchc.dossiers.models import Dossier, DossierEvent
from cchc.dossiers.services import import_dossier_file, ingest_records
from tests.dossiers.helpers import csv_bytes, dossier_row, local
from tests.factories import client_for, make_user


def _import(rows, name="hs.csv"):
    header = list(dict.fromkeys(k for row in rows for k in row))
    return import_dossier_file(csv_bytes([dict.fromkeys(header, "") | row for row in rows], header=header), name,
                               source_system="x")


def test_the_facts_are_read_from_a_file_and_left_empty_when_absent(ledger):
    _import([
        dossier_row(code="HS-1", result_issued_at="2024-03-05T08:00:00", rated_at="2024-03-05T09:01:00",
                    submitted_by_official="1", submitted_at_counter="0", paid_by_official="có"),
        dossier_row(code="HS-2", result_issued_at="", rated_at="", submitted_by_official="", submitted_at_counter="",
                    paid_by_official=""),
    ])
    one, two = Dossier.objects.order_by("code")
    assert (one.result_issued_at, one.rated_at) == (local(2024, 3, 5, 8, 0), local(2024, 3, 5, 9, 1))
    assert (one.submitted_by_official, one.submitted_at_counter, one.paid_by_official) == (True, False, True)
    assert (two.result_issued_at, two.rated_at) == (None, None)
    assert (two.submitted_by_official, two.submitted_at_counter, two.paid_by_official) == (None, None, None)
    # the rating's event is at its moment when the row gives it, else at the return
    rated = dict(DossierEvent.objects.filter(kind="rated").values_list("dossier__code", "at"))
    assert rated == {"HS-1": local(2024, 3, 5, 9, 1), "HS-2": local(2024, 3, 5, 9, 0)}


def test_a_file_without_the_columns_imports_as_before(ledger):
    _import([dossier_row(code="HS-1")])
    d = Dossier.objects.get()
    assert (d.result_issued_at, d.rated_at, d.submitted_by_official, d.paid_by_official) == (None, None, None, None)


def test_the_api_records_carry_them_too(ledger):
    record = dict(dossier_row(code="HS-1"), rated_at="2024-03-05T09:01:00", submitted_at_counter=True)
    summary = ingest_records([record], source_system="x")
    assert summary.created == 1
    d = Dossier.objects.get()
    assert (d.rated_at, d.submitted_at_counter, d.submitted_by_official) == (local(2024, 3, 5, 9, 1), True, None)


def test_a_result_signed_after_the_end_of_processing_is_kept(ledger):
    """What the check "closed before its result existed" flags is data, not a bad row."""
    _import([dossier_row(code="HS-1", result_issued_at="2024-03-06T08:00:00")])
    assert Dossier.objects.get().result_issued_at == local(2024, 3, 6, 8, 0)


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"result_issued_at": "2024-03-01T08:00:00"}, "result_issued_at", "trước ngày tiếp nhận"),
    ({"rated_at": "2024-03-01T08:00:00"}, "rated_at", "trước ngày tiếp nhận"),
    ({"rated_at": "2024-03-05T09:01:00", "rating": ""}, "rated_at", "không có đánh giá"),
    ({"rated_at": "2099-03-05T09:01:00"}, "rated_at", "ở tương lai"),
    ({"result_issued_at": "2099-03-05T09:01:00"}, "result_issued_at", "ở tương lai"),
    ({"submitted_by_official": "đúng vậy"}, "submitted_by_official", "1/0"),
    ({"rated_at": "hôm qua"}, "rated_at", ""),
])
def test_a_contradiction_refuses_the_file_naming_the_row_and_field(ledger, overrides, field, words):
    with pytest.raises(InvalidInput) as caught:
        _import([dossier_row(code="HS-0"), dossier_row(code="HS-1", **overrides)])
    issue = caught.value.issues[0]
    assert (issue.file, issue.row, issue.field) == ("hs.csv", 3, field)
    assert words in issue.text()
    assert not Dossier.objects.exists()


def test_the_dossier_page_shows_the_facts_the_checks_read(ledger):
    _import([dossier_row(code="HS-1", result_issued_at="2024-03-06T08:00:00", rated_at="2024-03-05T09:01:00",
                         submitted_by_official="1", paid_by_official="0"),
             dossier_row(code="HS-2")])
    admin = make_user(username="quantri-integrity", role="admin")
    one, two = Dossier.objects.order_by("code")
    page = client_for(user=admin).get(f"/dossiers/{one.pk}/").content.decode()
    assert re.search(r'id="result-issued">08:00 06/03/2024<', page)
    assert "nộp bằng tài khoản cán bộ, công chức" in page and "người dân tự thanh toán" in page
    assert "1 · 09:01 05/03/2024" in page  # the rating and its moment
    other = client_for(user=admin).get(f"/dossiers/{two.pk}/").content.decode()
    assert 'id="result-issued"' not in other and 'id="on-behalf"' not in other
