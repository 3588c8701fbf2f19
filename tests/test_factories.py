"""tests/factories.py stays keyword-only: a creator's call says what each value is, and a test states
only what matters to it (the issue's "one tests/factories.py with keyword-only creators")."""

from __future__ import annotations

import inspect

from tests import factories

_ALLOWED = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)


def positional(fn) -> list[str]:
    """The parameters of ``fn`` a call may give by position."""
    return [p.name for p in inspect.signature(fn).parameters.values() if p.kind not in _ALLOWED]


def _creators() -> dict[str, object]:
    """The module's own public functions (not the names it imports)."""
    return {
        name: obj for name, obj in vars(factories).items()
        if inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == factories.__name__
    }


def test_every_public_creator_takes_keywords_only():
    creators = _creators()
    assert {"make_dossier", "build_dossier", "make_procedure", "make_plan", "make_users", "make_user",
            "client_for", "make_province_tree", "make_unit", "make_kpi_value"} <= set(creators)
    assert {name: positional(fn) for name, fn in creators.items() if positional(fn)} == {}


def test_the_check_sees_positional_parameters():
    """So that the check above can fail: a parameter before ``*`` (or ``*args``) is seen."""
    def make_thing(tree, /, unit, *args, code="1", **extra):
        return tree, unit, args, code, extra

    assert positional(make_thing) == ["tree", "unit", "args"]


def test_make_dossier_states_only_what_matters(db):
    tree = factories.make_province_tree()
    first = factories.make_dossier(unit=tree.commune)
    second = factories.make_dossier(unit=tree.commune, procedure=first.procedure, status=9, supplement_count=2)
    assert first.pk and second.pk and first.code != second.code, "a fresh code each time"
    assert (first.status, first.channel, first.due_at, first.finished_at, first.supplement_count) == (4, 1, None, None, 0)
    assert (first.procedure.online_level, first.procedure.time_limit, first.procedure.time_limit_kind) == (
        "full", 5, "working_days")
    assert (second.status, second.supplement_count, second.procedure_id) == (9, 2, first.procedure_id)
