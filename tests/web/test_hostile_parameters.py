"""Query and path parameters that once made a 500 (issue 10): Unicode digits that ``str.isdigit`` accepts
("²", "٣", full-width "１"), numbers past the database's integers or ``timedelta``, dates at the ends of the
calendar. Each is read as "no such filter / no such object", never a server error."""

from __future__ import annotations

import pytest

from cchc.core.parsing import MAX_ID, ascii_int
from tests.factories import client_for

HOSTILE = ["²", "٣", "１", "10" * 13, "9" * 25, str(MAX_ID + 1), "-1", " 7", "0x10", ""]


@pytest.mark.parametrize(("text", "maximum", "expected"), [
    ("42", MAX_ID, 42), ("0", MAX_ID, 0), ("007", MAX_ID, 7), (str(MAX_ID), MAX_ID, MAX_ID),
    (str(MAX_ID + 1), MAX_ID, None), ("10000", 9999, None), ("9999", 9999, 9999),
    ("²", MAX_ID, None), ("٣", MAX_ID, None), ("１", MAX_ID, None), ("-1", MAX_ID, None), ("+1", MAX_ID, None),
    (" 1", MAX_ID, None), ("1.0", MAX_ID, None), ("", MAX_ID, None), (None, MAX_ID, None), ("9" * 25, MAX_ID, None),
])
def test_ascii_int(text, maximum, expected):
    assert ascii_int(text, maximum=maximum) == expected


PAGES = [
    ("/dossiers/", "page"), ("/dossiers/", "unit"), ("/dossiers/", "subtree"), ("/dossiers/", "status"),
    ("/dossiers/near-due/", "hours"), ("/dossiers/", "to"), ("/dossiers/", "from"), ("/plans/", "year"),
    ("/overview/", "year"), ("/dashboard/", "year"), ("/dashboard/", "province"), ("/dashboard/", "target"),
    ("/accounts/audit/", "model"), ("/accounts/audit/", "unit"), ("/accounts/audit/", "from"),
    ("/accounts/audit/", "to"), ("/accounts/audit/", "before"),
]


@pytest.mark.parametrize(("path", "name"), PAGES)
@pytest.mark.parametrize("value", [*HOSTILE, "9999-12-31", "0001-01-01", "31/12/9999"])
def test_hostile_query_parameters_never_make_a_server_error(province, users, path, name, value):
    response = client_for(user=users["admin"]).get(path, {name: value})
    assert response.status_code < 500, (path, name, value)


@pytest.mark.parametrize("value", HOSTILE[:-1])
def test_hostile_ids_in_api_paths_are_404_not_500(province, users, value):
    from urllib.parse import quote

    client = client_for(user=users["admin"])
    for path in ("/api/v1/reports/{}", "/api/v1/actions/{}"):
        response = client.get(path.format(quote(value)))
        assert response.status_code in (403, 404, 422), (path, value, response.status_code)
