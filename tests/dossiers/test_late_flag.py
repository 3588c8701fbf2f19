"""The stored ``late`` flag (cchc.dossiers.late) is the rule, however a dossier is written.

The rule is cchc.core.timeliness.classify read after every date of the dossier (LATE then is LATE for
ever after the finish). The flag is kept two ways, and each is checked against classify here: in Python when
the ORM saves or bulk-creates a dossier, and in the database (cchc.dossiers.filters.late_whenever) after
the import writes a batch, after the demo generator writes, and when a procedure's statutory limit changes.
tests/dossiers/test_late_filter.py checks that the list's filter built on the flag selects what classify
labels late at a given instant.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.timeliness import Timeliness, classify
from cchc.dossiers import late
from cchc.dossiers.catalogue import import_catalogue
from cchc.dossiers.filters import facts_of
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import import_dossier_file
from tests.dossiers.helpers import csv_bytes, dossier_row
from tests.dossiers.test_late_filter import NOW, TABLE, _build, _make, specs
from tests.dossiers.test_late_filter import procedures as procedures  # noqa: F401 (the fixture)
from tests.factories import make_dossier, make_procedure


def _rule(d: Dossier) -> bool:
    return classify(facts_of(d), late.WHENEVER) is Timeliness.LATE


def _stored_and_rule() -> list[tuple[str, bool, bool]]:
    return [(d.code, d.late, _rule(d)) for d in Dossier.objects.select_related("procedure").order_by("code")]


def test_the_hand_worked_table_stores_the_flag_the_rule_gives(province, procedures):
    Dossier.objects.bulk_create([_make({**procedures, "unit": province.commune}, case) for case in TABLE])
    rows = _stored_and_rule()
    assert [stored for _c, stored, _r in rows] == [rule for _c, _s, rule in rows]
    # by hand: every row worked LATE at the table's instant is flagged; a flagged row that is not is one
    # received or finished after that instant (not yet counted, or pending, then; late from then on)
    flagged = {code for code, stored, _r in rows if stored}
    late_then = {f"HS-{i:03d}" for i, case in enumerate(TABLE) if case[-1] is Timeliness.LATE}
    assert late_then <= flagged and len(late_then) > 5
    for i, case in enumerate(TABLE):
        if f"HS-{i:03d}" in flagged - late_then:
            assert case[3] > NOW or (case[5] is not None and case[5] > NOW), case[0]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(specs, min_size=5, max_size=30))
def test_the_database_refresh_agrees_with_the_rule(province, procedures, batch):
    Dossier.objects.all().delete()
    Dossier.objects.bulk_create([_build(spec, procedures, province.commune) for spec in batch])
    rule = {code: r for code, _s, r in _stored_and_rule()}
    # every flag wrong, then the set-based refresh (what the bulk writers call) puts each one right
    for code, value in rule.items():
        Dossier.objects.filter(code=code).update(late=not value)
    changed = late.refresh(queryset=Dossier.objects.all())
    assert changed == len(rule)
    assert {code: stored for code, stored, _r in _stored_and_rule()} == rule
    assert late.refresh(list(Dossier.objects.values_list("pk", flat=True))) == 0  # nothing left to change


def test_the_import_writes_the_flag_and_a_later_file_moves_it(ledger):
    on_time = dossier_row(code="HS-A")  # finished 4/3, due 5/3
    late_row = dossier_row(code="HS-B", finished_at="2024-03-07T10:00:00", returned_at="2024-03-07T11:00:00")
    import_dossier_file(csv_bytes([on_time, late_row]), "a.csv", source_system="motcua")
    assert dict(Dossier.objects.values_list("code", "late")) == {"HS-A": False, "HS-B": True}
    # a later export: A finished late after all, B's due date was extended past its finish
    import_dossier_file(csv_bytes([dossier_row(code="HS-A", finished_at="2024-03-06T10:00:00", returned_at="2024-03-06T11:00:00"),
                                   dossier_row(code="HS-B", finished_at="2024-03-07T10:00:00", returned_at="2024-03-07T11:00:00",
                                               due_at="2024-03-08T08:00:00")]), "b.csv", source_system="motcua")
    assert dict(Dossier.objects.values_list("code", "late")) == {"HS-A": True, "HS-B": False}
    assert all(stored == rule for _c, stored, rule in _stored_and_rule())


def test_a_save_through_the_orm_keeps_the_flag(province):
    received = timezone.now() - timedelta(days=10)
    d = make_dossier(unit=province.commune, status=10, received_at=received, due_at=received + timedelta(days=3),
                     finished_at=received + timedelta(days=1))
    assert d.late is False and Dossier.objects.get(pk=d.pk).late is False
    d.finished_at = d.due_at + timedelta(days=2)
    d.save(update_fields=["finished_at"])  # as the apology and the admin save: the flag goes with them
    assert Dossier.objects.get(pk=d.pk).late is True


def test_a_procedure_whose_limit_changes_moves_the_flag_of_its_dossiers_without_a_due_date(province):
    procedure = make_procedure(code="9.999", time_limit=10, time_limit_kind="calendar_days")
    received = timezone.now() - timedelta(days=10)
    d = make_dossier(unit=province.commune, procedure=procedure, status=10, due_at=None, received_at=received,
                     finished_at=received + timedelta(days=5))
    assert Dossier.objects.get(pk=d.pk).late is False
    procedure.time_limit = 2  # by the admin: 5 days is past a 2-day limit
    procedure.save()
    assert Dossier.objects.get(pk=d.pk).late is True
    import_catalogue("code,name,time_limit,time_unit\n9.999,Thủ tục thử,30,ngày\n".encode(), "c.csv")
    assert Dossier.objects.get(pk=d.pk).late is False


def test_the_late_filter_reads_the_flags_index(province):
    """The list's "late only" page reads the partial index of the late dossiers (or the open ones), not
    the whole table newest first computing local days (0.8 s at 1,000,000 dossiers before the flag)."""
    from django.db import connection

    from cchc.dossiers.filters import late_at

    sql, params = Dossier.objects.filter(late_at(timezone.now())).order_by("-received_at", "-id").values(
        "pk")[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        else:
            cursor.execute("SET enable_seqscan = off")  # a tiny test table: ask whether the index CAN serve
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
    assert "dossier_late_received" in plan, plan


pytestmark = pytest.mark.django_db


def test_a_units_near_due_lists_read_its_own_open_dossiers_index(province):
    """A focal point's near-due lists (its page and its home) read the unit's open dossiers by due date,
    not the province's open dossiers walked until 200 of the unit's are found (88 ms at 10,000,000)."""
    from django.db import connection

    from cchc.dossiers.views import near_due_lists

    soon, overdue = near_due_lists(Dossier.objects.filter(unit_id__in=[province.commune.pk]), now=timezone.now(),
                                   horizon=timedelta(hours=24))
    for qs in (soon, overdue):
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            else:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql, params)
                plan = " ".join(row[0] for row in cursor.fetchall())
                cursor.execute("RESET enable_seqscan")
            # PostgreSQL, on a table this small, may read either partial index of open dossiers
            assert "dossier_unit_open_due" in plan or "dossier_open_due" in plan, plan
            continue
        assert "dossier_unit_open_due" in plan, plan
