"""The dossier list pages by position (keyset), never by offset (issue 10: "the dossier list never counts
or scans the whole table per request"): following "Sau" and "Trước" walks every dossier exactly once, in
order, newest first, ties on the receipt instant broken by id; a hostile cursor is ignored, never a 500."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cchc.dossiers.models import Dossier
from cchc.dossiers.views import PAGE_SIZE
from tests import factories

LINK = re.compile(r'<a href="\?([^"]*)">(?:‹|«)?\s*([^<›]*?)\s*(?:›)?</a>')


def _codes(response) -> list[str]:
    return re.findall(r'>(HS-P-\d{4})<', response.content.decode())


def _link(response, label: str) -> str | None:
    for query, text in LINK.findall(response.content.decode()):
        if text == label:
            return "/dossiers/?" + query.replace("&amp;", "&")
    return None


@pytest.fixture
def many(province):
    procedure = factories.make_procedure()
    now = timezone.now()
    # 2 × PAGE_SIZE + 7 dossiers; every third pair shares its receipt instant (the id breaks the tie).
    made = [factories.build_dossier(code=f"HS-P-{i:04d}", unit=province.commune, procedure=procedure,
                                    received_at=now - timedelta(days=1, minutes=(i // 2) * 2 if i % 3 == 0 else i))
            for i in range(2 * PAGE_SIZE + 7)]
    Dossier.objects.bulk_create(made)
    return list(Dossier.objects.order_by("-received_at", "-pk").values_list("code", flat=True))


def test_next_and_previous_walk_every_dossier_once_in_order(users, many):
    client = factories.client_for(user=users["officer"])
    first = client.get("/dossiers/")
    assert _codes(first) == many[:PAGE_SIZE]
    assert _link(first, "Trước") is None
    second = client.get(_link(first, "Sau"))
    assert _codes(second) == many[PAGE_SIZE:2 * PAGE_SIZE]
    third = client.get(_link(second, "Sau"))
    assert _codes(third) == many[2 * PAGE_SIZE:]
    assert _link(third, "Sau") is None
    back = client.get(_link(third, "Trước"))
    assert _codes(back) == many[PAGE_SIZE:2 * PAGE_SIZE]
    assert "Trang 2" in back.content.decode()
    assert _codes(client.get(_link(back, "Trước"))) == many[:PAGE_SIZE]
    assert _codes(client.get(_link(third, "Đầu"))) == many[:PAGE_SIZE]


@pytest.mark.parametrize("cursor", ["", "abc", "1.2.3", "²³.1", "9" * 40 + ".1", "-5.-5", "1." + "9" * 30, "."])
def test_a_hostile_cursor_reads_the_first_page(users, many, cursor):
    client = factories.client_for(user=users["officer"])
    for name in ("after", "before"):
        response = client.get("/dossiers/", {"page": "3", name: cursor})
        assert response.status_code == 200
        assert _codes(response) == many[:PAGE_SIZE]


def test_the_list_reads_through_an_index_not_a_sort_of_the_table(users, many):
    """The province-wide list's query, as the database plans it, reads an index in order (no temporary
    sort of the whole table) — on SQLite "USING INDEX", on PostgreSQL an Index Scan."""
    qs = Dossier.objects.order_by("-received_at", "-pk")[:PAGE_SIZE + 1]
    if connection.vendor == "sqlite":
        plan = qs.explain()
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be read whole
            plan = qs.explain()
        assert "Sort" not in plan and "Index Scan Backward" in plan, plan


@pytest.fixture
def mostly_finished(province):
    """A table shaped like a province's: most dossiers finished, a few still open and past due, with the
    planner's statistics up to date, so the choice between the due-date indexes is the one it makes at scale
    rather than a coin toss between indexes of the same size."""
    procedure = factories.make_procedure()
    now = timezone.now()
    made = []
    for i in range(400):
        received = now - timedelta(days=30, minutes=i)
        still_open = i % 40 == 0
        made.append(factories.build_dossier(
            code=f"HS-P-{i:04d}", unit=province.commune, procedure=procedure, received_at=received,
            due_at=received + timedelta(days=3), status=4 if still_open else 10,
            finished_at=None if still_open else received + timedelta(days=2)))
    Dossier.objects.bulk_create(made)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dossiers_dossier")


def test_the_overdue_list_reads_the_open_dossiers_index(users, mostly_finished):
    """The near-due page's overdue list (open dossiers by due date) reads a partial index of open
    dossiers, not the due-date index over the whole table: at 1,000,000 dossiers, 1.7 s → 4 ms
    (docs/benchmarks.md). Either partial index (the province's by due date, or the units' by unit and due
    date) holds only the open dossiers."""
    from cchc.dossiers.views import near_due_lists

    _soon, overdue = near_due_lists(Dossier.objects.all(), now=timezone.now(), horizon=timedelta(hours=24))
    assert overdue.count() == 10
    if connection.vendor == "sqlite":
        plan = overdue.explain()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = overdue.explain()
    assert "dossier_open_due" in plan or "dossier_unit_open_due" in plan, plan
    assert "dossiers_do_due_at" not in plan, plan


@pytest.fixture
def late_and_overdue(province):
    """3 × PAGE_SIZE dossiers in receipt order, alternating by threes: finished late (the flag's part),
    still open past their due day (the overdue part) and finished on time (in neither): the "late only"
    list merges the first two parts, page by page."""
    procedure = factories.make_procedure()
    now = timezone.now()
    made = []
    for i in range(3 * PAGE_SIZE):
        received = now - timedelta(days=20, minutes=i)
        kind = i % 3
        made.append(factories.build_dossier(
            code=f"HS-P-{i:04d}", unit=province.commune, procedure=procedure, received_at=received,
            due_at=received + timedelta(days=3), status=4 if kind == 1 else 10,
            finished_at=None if kind == 1 else received + timedelta(days=5 if kind == 0 else 1)))
    Dossier.objects.bulk_create(made)
    return [f"HS-P-{i:04d}" for i in range(3 * PAGE_SIZE) if i % 3 != 2]  # newest first: i grows older


def test_the_late_only_list_walks_both_parts_once_in_order(users, late_and_overdue):
    client = factories.client_for(user=users["officer"])
    first = client.get("/dossiers/?late=1")
    assert _codes(first) == late_and_overdue[:PAGE_SIZE]
    second = client.get(_link(first, "Sau"))
    assert _codes(second) == late_and_overdue[PAGE_SIZE:2 * PAGE_SIZE]
    assert _link(second, "Sau") is None
    assert _codes(client.get(_link(second, "Trước"))) == late_and_overdue[:PAGE_SIZE]
    # the one-queryset form (an export's) holds the same rows in the same order
    from cchc.dossiers.filters import filter_list

    one = filter_list(Dossier.objects.all(), {"late": "1"}, start=None, end=None, now=timezone.now())
    assert list(one.order_by("-received_at", "-pk").values_list("code", flat=True)) == late_and_overdue


@pytest.fixture
def across_units(province):
    """2 × PAGE_SIZE + 7 dossiers spread over the district and its two communes (ties on the instant
    included), and dossiers of a commune outside the district, newest of all, that must never show."""
    procedure = factories.make_procedure()
    now = timezone.now()
    mine = [province.district, province.commune, province.commune2]
    made = [factories.build_dossier(code=f"HS-P-{i:04d}", unit=mine[i % 3], procedure=procedure,
                                    received_at=now - timedelta(days=1, minutes=(i // 2) * 2 if i % 4 == 0 else i))
            for i in range(2 * PAGE_SIZE + 7)]
    made += [factories.build_dossier(code=f"HS-X-{i:04d}", unit=province.other_district_commune, procedure=procedure,
                                     received_at=now - timedelta(minutes=i)) for i in range(5)]
    Dossier.objects.bulk_create(made)
    return list(Dossier.objects.filter(code__startswith="HS-P-").order_by("-received_at", "-pk")
                .values_list("code", flat=True))


@pytest.mark.parametrize("subtree", [False, True])
def test_a_list_limited_to_some_units_walks_them_unit_by_unit_in_the_same_order(users, across_units, province,
                                                                                 subtree):
    """A district's focal point (the district and its communes), or the officer asking for the district's
    subtree: the page is found unit by unit (views._page_of) and is the one query's page, both ways."""
    if subtree:
        client = factories.client_for(user=users["officer"])
        first = client.get("/dossiers/", {"subtree": province.district.pk})
    else:
        client = factories.client_for(user=users["focal_district"])
        first = client.get("/dossiers/")
    assert _codes(first) == across_units[:PAGE_SIZE]
    second = client.get(_link(first, "Sau"))
    assert _codes(second) == across_units[PAGE_SIZE:2 * PAGE_SIZE]
    third = client.get(_link(second, "Sau"))
    assert _codes(third) == across_units[2 * PAGE_SIZE:]
    assert _link(third, "Sau") is None
    assert _codes(client.get(_link(third, "Trước"))) == across_units[PAGE_SIZE:2 * PAGE_SIZE]
