"""The list's "late only" filter selects exactly the dossiers the rule (cchc.core.timeliness.classify, with
now as the period end) classifies LATE (cchc.dossiers.filters.late_at) or PENDING_OVERDUE (overdue_at):
the rows the page labels "Trễ hạn" and "Đang giải quyết, quá hạn", no more, no fewer.

A hand-worked table covers each branch of classify, with the class worked out by hand from DOMAIN §4
(and checked against classify); a property test does the same for generated dossiers at day and limit
edges. Both are written without vendor SQL and hold on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.kpis import statutory_limit
from cchc.core.timeliness import VIETNAM_TZ, classify
from cchc.core.timeliness import Timeliness as T
from cchc.dossiers.filters import facts_of, late_at, overdue_at
from cchc.dossiers.models import Dossier
from tests.analytics.helpers import at
from tests.factories import build_dossier, client_for, make_procedure

NOW = at(2025, 6, 15, 10)
H, D, US = timedelta(hours=1), timedelta(days=1), timedelta(microseconds=1)


@pytest.fixture
def procedures(db):
    """By key: limits in hours, working days (7/5 calendar days each), calendar days, two spellings of the
    same 24 h, a fractional limit, none at all, and an amount with no unit (no limit)."""
    return {
        "hours": make_procedure(time_limit=8, time_limit_kind="hours"),
        "working": make_procedure(time_limit=5, time_limit_kind="working_days"),
        "calendar": make_procedure(time_limit=10, time_limit_kind="calendar_days"),
        "day_as_hours": make_procedure(time_limit=24, time_limit_kind="hours"),
        "one_day": make_procedure(time_limit=1, time_limit_kind="calendar_days"),
        "fraction": make_procedure(time_limit="1.5", time_limit_kind="working_days"),
        "none": make_procedure(time_limit=None, time_limit_kind=""),
        "no_unit": make_procedure(time_limit=3, time_limit_kind=""),
    }


R = at(2025, 6, 2, 9)  # received, a Monday
# (case, procedure, status, received, due, finished, supplements, wait seconds, the class worked by hand)
TABLE = [
    ("finished hours after the due time, same local day", "working", 10, R, at(2025, 6, 5, 8), at(2025, 6, 5, 17), 0, 0, T.ON_TIME),
    ("finished the local day after, within hours (same UTC day)", "working", 9, R, at(2025, 6, 5, 23), at(2025, 6, 6, 0, 30), 0, 0, T.LATE),
    ("finished at the last microsecond of the due day", "working", 10, R, at(2025, 6, 5, 9), at(2025, 6, 5, 23, 59, 59, 999999), 0, 0, T.ON_TIME),
    ("finished at the first moment of the next day", "working", 10, R, at(2025, 6, 5, 23, 59), at(2025, 6, 6, 0), 0, 0, T.LATE),
    ("finished the day before the due day", "working", 9, R, at(2025, 6, 5, 9), at(2025, 6, 4, 16), 0, 0, T.EARLY),
    ("status 2 with a finish after the due day: compared on its dates", "working", 2, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.LATE),
    ("status 4 with a finish after the due day", "working", 4, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.LATE),
    ("two supplement requests, finished early", "working", 10, R, at(2025, 6, 5, 9), at(2025, 6, 3, 9), 2, 3600, T.LATE),
    ("two supplement requests, withdrawn", "working", 7, R, at(2025, 6, 5, 9), at(2025, 6, 3, 9), 2, 0, T.LATE),
    ("two supplement requests, still open", "working", 4, R, at(2025, 6, 30, 9), None, 2, 0, T.LATE),
    ("two supplement requests, waiting for the third", "working", 5, R, at(2025, 6, 30, 9), None, 2, 0, T.LATE),
    ("one supplement request, finished on the due day", "working", 10, R, at(2025, 6, 5, 9), at(2025, 6, 5, 16), 1, 7200, T.ON_TIME),
    ("two supplement requests, received after now", "working", 4, NOW + US, at(2025, 6, 30, 9), None, 2, 0, T.EXCLUDED),
    ("two supplement requests, never received (status 1)", "working", 1, R, at(2025, 6, 5, 9), None, 2, 0, T.EXCLUDED),
    ("not received (status 3), finished late", "working", 3, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.EXCLUDED),
    ("received after now, 'finished' late", "working", 10, NOW + H, NOW + 2 * H, NOW + 3 * D, 0, 0, T.EXCLUDED),
    ("withdrawn after the due day", "working", 7, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.ON_TIME),
    ("withdrawn, the withdrawal dated after now", "working", 7, R, at(2025, 6, 5, 9), NOW + D, 0, 0, T.PENDING_OVERDUE),
    ("waiting for a supplement, finished after the due day", "working", 5, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.PENDING_ON_TIME),
    ("financial obligation, finished after the due day", "working", 6, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.PENDING_ON_TIME),
    ("stopped after the due day", "working", 8, R, at(2025, 6, 5, 9), at(2025, 6, 9, 9), 0, 0, T.PENDING_ON_TIME),
    ("finish recorded after now, due day passed", "working", 9, R, at(2025, 6, 5, 9), NOW + US, 0, 0, T.PENDING_OVERDUE),
    ("finished exactly now, due day passed", "working", 9, R, at(2025, 6, 5, 9), NOW, 0, 0, T.LATE),
    ("open, due day passed", "working", 4, R, at(2025, 6, 5, 9), None, 0, 0, T.PENDING_OVERDUE),
    ("open, due earlier today", "working", 4, R, NOW - H, None, 0, 0, T.PENDING_ON_TIME),
    ("no due date, finished exactly at the 8 h limit", "hours", 10, R, None, R + 8 * H, 0, 0, T.ON_TIME),
    ("no due date, one microsecond past the 8 h limit", "hours", 10, R, None, R + 8 * H + US, 0, 0, T.LATE),
    ("no due date, past the limit by less than the supplement wait", "hours", 10, R, None, R + 9 * H, 0, 7200, T.ON_TIME),
    ("no due date, past the limit by more than the supplement wait", "hours", 10, R, None, R + 11 * H, 0, 7200, T.LATE),
    ("no due date, 5 working days = 7 days, at the limit", "working", 9, R, None, R + 7 * D, 0, 0, T.ON_TIME),
    ("no due date, 5 working days, a microsecond past", "working", 9, R, None, R + 7 * D + US, 0, 0, T.LATE),
    ("no due date, 1.5 working days = 50.4 h, past", "fraction", 9, R, None, R + timedelta(hours=50, minutes=25), 0, 0, T.LATE),
    ("no due date, 1.5 working days, within", "fraction", 9, R, None, R + timedelta(hours=50, minutes=24), 0, 0, T.ON_TIME),
    ("no due date, 10 calendar days, past", "calendar", 10, R, None, R + 10 * D + US, 0, 0, T.LATE),
    ("no due date, 24 h, past", "day_as_hours", 10, R, None, R + D + US, 0, 0, T.LATE),
    ("no due date, 1 calendar day, within", "one_day", 10, R, None, R + D, 0, 0, T.ON_TIME),
    ("no due date and no limit, finished 12 days later", "none", 10, R, None, R + 12 * D, 0, 0, T.ON_TIME),
    ("no due date, an amount with no unit (no limit)", "no_unit", 10, R, None, R + 12 * D, 0, 0, T.ON_TIME),
    ("no due date, open long past the limit", "hours", 4, R, None, None, 0, 0, T.PENDING_OVERDUE),
    ("no due date, open within the 8 h limit", "hours", 4, NOW - 7 * H, None, None, 0, 0, T.PENDING_ON_TIME),
    ("no due date, open past the limit by less than the wait", "hours", 2, NOW - 9 * H, None, None, 0, 7200, T.PENDING_ON_TIME),
    ("no due date, open a microsecond past the limit", "hours", 2, NOW - 8 * H - US, None, None, 0, 0, T.PENDING_OVERDUE),
    ("no due date and no limit, open for months", "none", 4, R - 90 * D, None, None, 0, 0, T.PENDING_ON_TIME),
    ("open, due at the last moment of yesterday", "working", 2, R, at(2025, 6, 14, 23, 59, 59, 999999), None, 0, 0, T.PENDING_OVERDUE),
    ("open, due at the first moment of today", "working", 2, R, at(2025, 6, 15, 0), None, 0, 0, T.PENDING_ON_TIME),
    ("open, one supplement request, due day passed", "working", 4, R, at(2025, 6, 5, 9), None, 1, 3600, T.PENDING_OVERDUE),
    ("waiting for a supplement, due day passed", "working", 5, R, at(2025, 6, 5, 9), None, 1, 0, T.PENDING_ON_TIME),
    ("stopped, no finish, due day passed", "working", 8, R, at(2025, 6, 5, 9), None, 0, 0, T.PENDING_ON_TIME),
    ("withdrawn with no date, due day passed", "working", 7, R, at(2025, 6, 5, 9), None, 0, 0, T.ON_TIME),
    ("not received (status 1), due day passed", "working", 1, R, at(2025, 6, 5, 9), None, 0, 0, T.EXCLUDED),
]


def _make(procedures, case) -> Dossier:
    name, proc, status, received, due, finished, supplements, wait, _expected = case
    return build_dossier(unit=procedures["unit"], procedure=procedures[proc], status=status, received_at=received,
                   due_at=due, finished_at=finished, supplement_count=supplements, supplement_wait_seconds=wait,
                   code=f"HS-{TABLE.index(case):03d}" if case in TABLE else None)


CONDITIONS = {T.LATE: late_at, T.PENDING_OVERDUE: overdue_at}


def _by_filter(cls: T) -> set[int]:
    return set(Dossier.objects.filter(CONDITIONS[cls](NOW)).values_list("pk", flat=True))


def _by_rule(cls: T) -> set[int]:
    return {d.pk for d in Dossier.objects.select_related("procedure") if classify(facts_of(d), NOW) == cls}


def test_the_table_is_worked_as_the_rule_works_it(province, procedures):
    dossiers = Dossier.objects.bulk_create([_make({**procedures, "unit": province.commune}, case) for case in TABLE])
    by_code = {d.code: d for d in Dossier.objects.select_related("procedure").filter(pk__in=[d.pk for d in dossiers])}
    selected = {cls: _by_filter(cls) for cls in CONDITIONS}
    for i, case in enumerate(TABLE):
        d = by_code[f"HS-{i:03d}"]
        assert classify(facts_of(d), NOW) == case[-1], case[0]
        for cls in CONDITIONS:
            assert (d.pk in selected[cls]) == (case[-1] == cls), (case[0], cls)


def test_the_list_page_shows_only_late_rows(province, procedures, users):
    """Through the page (on the real clock, long after the table's dates): the rows listed under "late
    only" are the rule's late and overdue dossiers, each labelled so."""
    Dossier.objects.bulk_create([_make({**procedures, "unit": province.commune}, case) for case in TABLE])
    page = client_for(user=users["officer"]).get("/dossiers/?late=1").content.decode()
    now = timezone.now()
    classes = {d.code: classify(facts_of(d), now) for d in Dossier.objects.select_related("procedure")}
    rule = {code for code, cls in classes.items() if cls in CONDITIONS}
    shown = {code for code in classes if f">{code}<" in page}
    assert shown == rule and len(rule) > 10
    assert page.count('class="badge late"') + page.count('class="badge pending_overdue"') == len(rule)
    assert page.count('class="badge pending_overdue"') == sum(c == T.PENDING_OVERDUE for c in classes.values()) > 0


# --- Generated dossiers ---------------------------------------------------------------------------------

DAY_EDGES = [at(2025, 6, 14, 23, 59, 59, 999999), at(2025, 6, 15, 0), NOW, NOW - US, NOW + US, at(2025, 6, 15, 23, 59, 59, 999999)]
moments = st.one_of(
    st.builds(lambda d, s, us: at(2025, 5, 1, 0) + timedelta(days=d, seconds=s, microseconds=us),
              st.integers(0, 60), st.integers(0, 86399), st.integers(0, 999_999)),
    # before 07:00 local the UTC date is the day before: where a comparison in the wrong zone errs
    st.builds(lambda d, s: at(2025, 5, 1, 0) + timedelta(days=d, seconds=s), st.integers(0, 60), st.integers(0, 7 * 3600)),
    st.sampled_from(DAY_EDGES),
)
specs = st.fixed_dictionaries({
    "procedure": st.sampled_from(["hours", "working", "calendar", "day_as_hours", "one_day", "fraction", "none", "no_unit"]),
    "status": st.integers(1, 10),
    # or exactly the limit (plus the wait) before now, or a microsecond more: the open no-due-date edge
    "received": st.one_of(moments, st.sampled_from(["at_limit", "past_limit"])),
    # a due date: none, anywhere, near the finish, or either side of the local midnight that starts its day
    "due": st.one_of(st.none(), moments, st.integers(-2 * 86400, 2 * 86400), st.sampled_from(["eve", "midnight"])),
    "finished": st.one_of(st.none(), moments, st.integers(0, 20 * 86400), st.sampled_from(["at_limit", "past_limit"])),
    "supplements": st.integers(0, 3),
    "wait": st.one_of(st.just(0), st.integers(0, 5 * 86400)),
})


def _build(spec: dict, procedures, unit) -> Dossier:
    procedure = procedures[spec["procedure"]]
    received, wait, finished = spec["received"], spec["wait"], spec["finished"]
    if isinstance(received, str):
        limit = statutory_limit(procedure.time_limit, procedure.time_limit_kind) or 3 * D
        received = NOW - timedelta(seconds=wait) - limit - (US if received == "past_limit" else timedelta(0))
    if isinstance(finished, int):
        finished = received + timedelta(seconds=finished)
    elif isinstance(finished, str):
        limit = statutory_limit(procedure.time_limit, procedure.time_limit_kind) or 3 * D
        finished = received + timedelta(seconds=wait) + limit + (US if finished == "past_limit" else timedelta(0))
    due, end = spec["due"], finished or received
    if isinstance(due, int):
        due = end + timedelta(seconds=due)
    elif isinstance(due, str):
        midnight = end.astimezone(VIETNAM_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
        due = midnight - US if due == "eve" else midnight
    return build_dossier(unit=unit, procedure=procedure, status=spec["status"], received_at=received, due_at=due,
                   finished_at=finished, supplement_count=spec["supplements"], supplement_wait_seconds=wait)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(specs, min_size=5, max_size=30))
def test_the_conditions_select_what_the_rule_calls_late_and_overdue(province, procedures, batch):
    Dossier.objects.all().delete()
    Dossier.objects.bulk_create([_build(spec, procedures, province.commune) for spec in batch])
    for cls in CONDITIONS:
        assert _by_filter(cls) == _by_rule(cls), cls
