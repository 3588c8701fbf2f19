"""The API: a batch is taken in whole or refused with the API's one error body naming each record and field;
who may push and read; a re-push replaces."""

from __future__ import annotations

import pytest
from django.test import Client

from cchc.accounts.models import ApiToken
from cchc.portalcounts.models import PortalCount
from tests.factories import client_for, make_integration_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/portal-counts/"
RECORDS = [
    {"unit": "52.SNV", "period": "2026", "indicator": "DOSSIER_SYNC", "numerator": 608, "received_national": 608,
     "received_dvcqg": 600},
    {"unit": "Xã Mỹ Đức", "period": "10/2026", "indicator": "5.3", "numerator": None, "denominator": None},
    {"unit": "90101", "period": "Q4/2026", "indicator": "5.7", "numerator": 1105, "denominator": 2618},
]


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(name='api', user=user)[1]}"})


def push(client, records, source="snapshot 10/10/2026"):
    return client.post(URL, {"source": source, "records": records}, content_type="application/json")


def test_an_integration_account_pushes_a_batch_and_a_re_push_replaces(province):
    client = token_client(make_integration_user())
    response = push(client, RECORDS)
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 3, "created": 3, "replaced": 0, "unchanged": 0}
    sync = PortalCount.objects.get(indicator="1.4")
    assert (sync.numerator, sync.scored_denominator, sync.channel, sync.source) == (608, 608, "api",
                                                                                  "snapshot 10/10/2026")
    again = push(client, [{**RECORDS[2], "numerator": 1200}])
    assert again.json() == {"rows": 1, "created": 0, "replaced": 1, "unchanged": 0}
    assert PortalCount.objects.get(indicator="5.7").numerator == 1200


def test_a_bad_record_refuses_the_batch_naming_record_and_field(province, users):
    client = client_for(user=users["officer"])
    response = push(client, [RECORDS[0], {**RECORDS[2], "numerator": 3000}, {**RECORDS[2], "unit": "Không có"}])
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [(i["row"], i["field"]) for i in body["issues"]] == [(2, "numerator"), (3, "unit")]
    assert PortalCount.objects.count() == 0
    assert push(client, []).status_code == 400


@pytest.mark.parametrize(("who", "push_status", "read_status"), [
    ("admin", 200, 200), ("officer", 200, 200), ("leader", 403, 200), ("inspector", 403, 200),
    ("focal_snv", 403, 200), ("focal_commune", 403, 200),
])
def test_who_pushes_and_who_reads(users, who, push_status, read_status):
    client = client_for(user=users[who])
    assert push(client, RECORDS[2:]).status_code == push_status
    listed = client.get(URL, {"indicator": "5.7"})
    assert listed.status_code == read_status
    assert len(listed.json()) == (1 if push_status == 200 else 0)


def test_an_integration_account_reads_nothing_and_bad_parameters_are_named(province, users):
    assert token_client(make_integration_user()).get(URL).status_code == 403
    response = client_for(user=users["leader"]).get(URL, {"kind": "week", "limit": 0})
    assert response.status_code == 400
    assert [i["field"] for i in response.json()["issues"]] == ["kind", "limit"]
