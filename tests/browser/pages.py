"""The main pages of CCHC, each as the role who uses it, over one small world with something on every page
(a plan, stored figures, a 766 ranking computed by the real engine, dossiers late and near due, an open
reporting period, corrective actions, the morning's notices): what the phone and accessibility tests (issue #12 items 5 and 6)
walk through in a real browser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from cchc.analytics.store import FactStore
from cchc.notices.producers import run_all_on
from cchc.plans.models import Assignment
from cchc.reporting import services as reporting
from tests import factories
from tests.analytics.helpers import at
from tests.browser.test_journey import login
from tests.corrective import data


@dataclass(frozen=True)
class World:
    tree: factories.Tree
    users: dict
    pages: tuple[tuple[str, str, str], ...]  # (role, name, url)


def _par_index(tree, users):
    """A published PAR index season of two communes (tests/parindex/test_results.py's points)."""
    from cchc.parindex import results as par_results
    from tests.parindex.test_results import POINTS_A, POINTS_B

    season = factories.make_par_result_season(version=factories.make_par_result_version(year=2026, block="commune"),
                                       units=[tree.commune, tree.commune2])
    mine = factories.score_par(assessment=season.assessments.get(unit=tree.commune), points=POINTS_A)
    factories.score_par(assessment=season.assessments.get(unit=tree.commune2), points=POINTS_B)
    par_results.publish(season, by=users["officer"], decision="15/QĐ-UBND")
    return season, mine


def build_world() -> World:
    tree = factories.make_province_tree()
    plan = factories.make_plan(tree=tree)
    users = factories.make_users(tree=tree)
    for unit, lat, lon in ((tree.district, 14.2, 109.05), (tree.district2, 13.9, 108.9), (tree.commune, 14.25, 109.1),
                           (tree.commune2, 14.15, 109.0), (tree.other_district_commune, 13.85, 108.95)):
        unit.latitude, unit.longitude = lat, lon
        unit.save()
    data.year_values(tree)
    data.month_values(tree.province)
    action = data.action(plan=plan, unit=tree.commune)
    data.action(plan=plan, unit=tree.commune2, state="submitted")

    # Dossiers: Q1 2022 on time and late (the 766 ranking, computed by the real engine), and today's open
    # dossiers, one overdue and one due tomorrow (the near-due list).
    procedure = factories.make_procedure(code="1.001234", name="Đăng ký khai sinh kết hợp đăng ký thường trú",
                                         time_limit=5)
    for unit, late in ((tree.commune, 1), (tree.commune2, 2), (tree.other_district_commune, 0)):
        for day in range(3, 9):
            finished = at(2022, 1, day + (9 if day - 3 < late else 2))
            factories.make_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2022, 1, day),
                                   due_at=at(2022, 1, day + 7, 17), finished_at=finished)
    now = timezone.now()
    overdue = factories.make_dossier(unit=tree.commune, procedure=procedure, status=4,
                                     received_at=now - timedelta(days=9), due_at=now - timedelta(days=2))
    factories.make_dossier(unit=tree.commune, procedure=procedure, status=4, received_at=now - timedelta(days=4),
                           due_at=now + timedelta(hours=20))
    store = FactStore()
    store.sync()
    store.compute("quarter", 2022)
    # The notices the schedule makes this morning (the commune's digest, the waiting corrective actions).
    run_all_on(now)

    period = reporting.open_period(
        user=users["officer"], province=tree.province, kind="quarter", year=2022, number=1, deadline=date(2022, 4, 10),
        units=[tree.snv, tree.commune, tree.commune2], now=at(2022, 3, 25),
    )
    report = reporting.current_report(period, tree.commune.pk)
    assignment = Assignment.objects.filter(unit=tree.commune).order_by("task__code").first()
    par_season, par_result = _par_index(tree, users)

    common = (
        ("home", reverse("home")),
        ("plans", reverse("plans:list")),
        ("plan", reverse("plans:detail", args=[plan.code])),
        ("dossiers", reverse("dossiers:list")),
        ("near-due", reverse("dossiers:near_due")),
        ("766 ranking", reverse("scoreboard:ranking") + "?kind=quarter&start=2022-01-01"),
        ("766 scorecard", reverse("scoreboard:unit", args=[tree.commune.pk]) + "?kind=quarter&start=2022-01-01"),
        ("766 what-if", reverse("scoreboard:whatif", args=[tree.commune.pk]) + "?kind=quarter&start=2022-01-01"),
        ("corrective actions", reverse("corrective:list")),
        ("units", reverse("units:tree")),
    )
    pages = (
        *(("focal_commune", name, url) for name, url in common),
        ("focal_commune", "report form", reverse("reporting:report", args=[report.pk])),
        ("focal_commune", "my tasks", reverse("plans:my_tasks")),
        ("focal_commune", "a task of the unit", assignment.get_absolute_url()),
        ("focal_commune", "a dossier", overdue.get_absolute_url()),
        ("focal_commune", "a unit", tree.commune.get_absolute_url()),
        ("focal_commune", "a corrective action", action.get_absolute_url()),
        ("focal_commune", "notices", reverse("notices:list")),
        ("focal_commune", "notice preferences", reverse("notices:preferences")),
        ("officer", "reporting periods", reverse("reporting:periods")),
        ("officer", "home", reverse("home")),
        ("officer", "reporting period", reverse("reporting:period", args=[period.pk])),
        ("officer", "766 ranking", reverse("scoreboard:ranking") + "?kind=quarter&start=2022-01-01"),
        ("officer", "766 province what-if", reverse("scoreboard:province_whatif") + "?kind=quarter&start=2022-01-01"),
        ("officer", "corrective actions", reverse("corrective:list")),
        ("officer", "audit trail", reverse("accounts:audit")),
        ("focal_commune", "PAR index result", reverse("parindex:result", args=[par_result.pk])),
        ("focal_commune", "PAR index season results", reverse("parindex:season_results", args=[par_season.pk])),
        ("officer", "PAR index result (correction form)", reverse("parindex:result", args=[par_result.pk])),
        ("leader", "dashboard", reverse("dashboard:index") + "?year=2022"),
        ("leader", "dashboard unit", reverse("dashboard:unit", args=[tree.commune.pk]) + "?year=2022"),
    )
    return World(tree=tree, users=users, pages=pages)


def as_role(page, world: World, role: str, current: list[str]) -> None:
    """Signs ``role`` in unless already signed in (``current`` holds the role signed in, if any)."""
    if current and current[0] == role:
        return
    if current:
        page.context.clear_cookies()
    login(page, world.users[role].username)
    current[:] = [role]


def in_english(page) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
