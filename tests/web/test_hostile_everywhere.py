"""Every address of the site and every API operation, driven with hostile values (issue 10, "No 500 from
input"): path parameters past the database's integers, text with NUL, bidi overrides and zero-width
characters, Unicode digits, dates at the ends of the calendar, in every query parameter a page or an
operation reads. Whatever hypothesis draws, the answer is never a server error.

The addresses come from the URL configuration itself, so a page added later is driven too."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.factories import client_for

#: The query parameters the pages and operations read (grep "GET.get" and the API's Query parameters).
PARAMETERS = ("page", "unit", "subtree", "status", "procedure", "late", "q", "from", "to", "hours", "year",
              "kind", "start", "period", "province", "block", "unit_kind", "indicator", "size", "after", "before",
              "model", "object", "user", "level", "code", "next", "lang", "format", "state", "ended")

NASTY = ["\x00", "\u202e", "\u200b", "\ufeff", "²", "٣", "１", "9" * 25, str(2**63), "-1", "0", "1e309", "NaN",
         "9999-12-31", "0001-01-01", "31/12/9999", "2026-02-30", "' OR 1=1 --", "<script>alert(1)</script>",
         "../../etc/passwd", "%00", "Q1/2026", "a" * 3000, "xã Phù Mỹ", "", " "]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers(min_value=-(10**30), max_value=10**30).map(str))
ids = st.one_of(st.sampled_from(["0", "1", "2", str(2**31), str(2**63 - 1), str(2**63), str(2**64), "9" * 40]),
                st.integers(min_value=0, max_value=10**40).map(str))
SEGMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


def _patterns(patterns=None, prefix: str = ""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


ADDRESSES = sorted({p for p in _patterns() if not p.startswith(("admin/", "logout/", "i18n/"))})


def _path(pattern: str, draw) -> str:
    def fill(match: re.Match) -> str:
        converter, name = match.groups()
        if converter == "int" or name.endswith(("id", "pk")):
            return draw(ids)
        return quote(draw(values), safe="") or "x"

    return "/" + SEGMENT.sub(fill, pattern)


# No shrinking: an example is a whole walk over every address, and the assertion names the request.
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_no_address_answers_a_server_error_whatever_its_parameters(province, plan, users, data):
    """Each example drives every address once (the fixtures are built once for them all)."""
    clients = {role: client_for(user=users[role]) for role in ("admin", "officer", "focal_commune", "leader")}
    for pattern in ADDRESSES:
        path = _path(pattern, data.draw)
        query = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=4))
        role = data.draw(st.sampled_from(sorted(clients)))
        response = clients[role].get(path, query)
        assert response.status_code < 500, (path, query, role, response.status_code)
        if path.startswith("/api/") and not path.startswith("/api/v1/docs"):  # the docs are Swagger's page
            assert response["Content-Type"].startswith("application/json"), (path, query)


def test_every_address_is_driven():
    assert len(ADDRESSES) > 60 and "dossiers/<int:pk>/" in ADDRESSES and "api/v1/scoreboard/ranking" in ADDRESSES


def test_a_nul_anywhere_in_a_request_is_400_in_the_right_shape(province, users):
    """PostgreSQL's text cannot hold NUL (psycopg: "cannot contain NUL (0x00) bytes"): refused before any
    view reads it, on SQLite too, so both engines answer alike."""
    client = client_for(user=users["officer"])
    page = client.get("/dossiers/", {"q": "HS\x00"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
    api = client.get("/api/v1/plans/KH\x00")
    assert api.status_code == 400 and api.json()["code"] == "nul_character"
    body = client.post("/api/v1/dossiers/batch", '{"source_system": "a\\u0000", "records": []}',
                       content_type="application/json")
    assert body.status_code == 400 and body.json()["code"] == "nul_character"
    assert client.get("/dossiers/", {"q": "HS-1"}).status_code == 200
