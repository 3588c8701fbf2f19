"""The API against its own OpenAPI document (issue 10: "schemathesis runs against the OpenAPI document in
make test, bounded examples, with every documented status code declared in it"). Schemathesis draws
requests from the document for every operation and checks each answer: never a server error, a status the
document declares, the declared content type and body schema. A reader's token (the leader: reads
everything, changes nothing) and an integration account's token (pushes dossiers) sign the requests; the
database is the test's, with the factory province, a plan and its users."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cchc.accounts.models import ApiToken
from cchc.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def _one_connection():
    """The WSGI handler closes the database connection after each request (as Django's test client avoids
    doing); the test's transaction must outlive the requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(province, plan, users, _one_connection):
    from tests.factories import make_integration_user

    return {"reader": ApiToken.issue(name="đọc", user=users["leader"])[1],
            "push": ApiToken.issue(name="một cửa", user=make_integration_user())[1]}


@schema.parametrize()
@settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_document_says(case, tokens):
    token = tokens["push" if case.method.upper() == "POST" and case.path.endswith("/batch") else "reader"]
    # Never a 5xx; only statuses the document declares; its content type and body schema. (Schemathesis's
    # checks that "valid" data is accepted and "invalid" refused are left out: the API reads some
    # parameters leniently on purpose, e.g. an unknown filter value is "no filter", as the pages do.)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[
        not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance])
