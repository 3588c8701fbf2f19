"""The model moved from the dashboard app to this one without rebuilding its table: a database migrated
at the old state, with actions and their audit trail in it, migrates forwards with every row, every
history entry and the table as it was (the new database the tests run on is the other path: migrated from
nothing, see pytest-django's test database)."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cchc.corrective.models import CorrectiveAction
from tests import factories
from tests.corrective import data

OLD = [("dashboard", "0001_corrective_actions"), ("corrective", None)]
TABLE = "dashboard_correctiveaction"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None])


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _table():
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, TABLE)]
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return columns, sorted(name for name in constraints if not name.startswith("sqlite_autoindex"))


@pytest.mark.django_db(transaction=True)
def test_a_database_at_the_old_state_keeps_its_rows_and_history():
    tree = factories.make_province_tree()
    plan = factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)
    answered = data.action(plan=plan, unit=tree.commune, state="submitted", explanation="Thiếu máy quét",
                           submitted_by=users["focal_commune"])
    history = list(LogEntry.objects.get_for_object(answered).values_list("pk", flat=True))
    assert history, "the audit trail recorded the action"
    table_now = _table()
    try:
        old = _migrate(OLD)
        assert ("corrective", "correctiveaction") not in old.models
        Old = old.apps.get_model("dashboard", "CorrectiveAction")
        assert Old._meta.db_table == TABLE
        assert ContentType.objects.filter(app_label="dashboard", model="correctiveaction").exists()
        assert not ContentType.objects.filter(app_label="corrective", model="correctiveaction").exists()
        # The old code's model writes a row of its own.
        Old.objects.create(target_id=answered.target_id, unit_id=tree.commune2.pk, first_period_end=date(2022, 6, 30),
                           last_period_end=date(2022, 9, 30), readings=[], state="required")
        assert _table() == table_now

        new = _migrate(_latest())
        assert ("dashboard", "correctiveaction") not in new.models
        assert new.models[("corrective", "correctiveaction")].options["db_table"] == TABLE
    finally:
        _migrate(_latest())

    assert _table() == table_now  # the same table: columns, indexes, constraints
    rows = {(a.unit_id, a.state, a.explanation) for a in CorrectiveAction.objects.all()}
    assert rows == {(tree.commune.pk, "submitted", "Thiếu máy quét"), (tree.commune2.pk, "required", "")}
    assert ContentType.objects.get_for_model(CorrectiveAction).app_label == "corrective"
    assert not ContentType.objects.filter(app_label="dashboard", model="correctiveaction").exists()
    assert list(LogEntry.objects.get_for_object(CorrectiveAction.objects.get(pk=answered.pk))
                .values_list("pk", flat=True)) == history
