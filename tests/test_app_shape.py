"""Every app has the same shape (docs/architecture.md "Layers"), where the part makes sense for it:
``models.py``, ``choices.py``, ``services.py``, ``forms.py``, ``views.py``, ``urls.py``, ``admin.py``,
``api.py``, ``permissions.py``, ``templates/<app>/``, a command in ``management/commands/``, and tests in
``tests/<app>/``. A part an app has no use for is left out, not created empty: it is listed in
``EXCEPTIONS`` with the reason, and the same list is in docs/architecture.md, so a reader knows where to
look and a new app gets the whole shape unless someone writes down why not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_layers import CCHC_DIR, apps

ROOT = CCHC_DIR.parent
PARTS = ("models", "choices", "services", "forms", "views", "urls", "admin", "api", "permissions", "templates",
         "management", "tests")

#: app → {part it has no use for: why}. Keep in step with the table in docs/architecture.md.
EXCEPTIONS: dict[str, dict[str, str]] = {
    "accounts": {
        # Sign-in is Django's LoginView and AuthenticationForm; users are made by `cchc createuser` and
        # the admin; the audit page's filters are plain links and GET parameters.
        "forms": "no form of its own",
        # The API's authentication (tokens) is the API registry's (cchc/api.py); tokens are issued and
        # revoked by `cchc tokens` and the admin, never through the API itself.
        "api": "accounts are not served by the API",
    },
    "units": {
        # Units are imported (`cchc units import`) and corrected in the admin; the tree's search is a GET
        # form written in the template.
        "forms": "no form: units are not edited on the site",
    },
    "analytics": {
        # The engine: it computes and stores figures (`cchc kpi`) that other apps' pages and API read
        # through cchc.analytics.services. It has no pages of its own, so no views, URLs, templates or
        # forms, no router and no rules of its own on who reads what (the reading apps decide).
        "forms": "engine, no pages",
        "views": "engine, no pages",
        "urls": "engine, no pages",
        "templates": "engine, no pages",
        "api": "figures are served by the apps that show them",
        "permissions": "readers' rules are the reading apps'",
        # KpiValue rows are written only by the engine; editing one by hand would make a figure that no
        # dossier explains (and its list of dossiers would no longer match it).
        "admin": "stored figures are never edited by hand",
    },
    "scoreboard": {
        # It stores nothing: the ranking and the scorecards are scored from analytics' stored figures
        # (cchc.analytics.services) each time, and cached until they change.
        "models": "reads analytics' figures, stores nothing",
        # Indicator, group and period names and the reasons a dossier is listed are the engine's
        # vocabulary (cchc.analytics.choices), the dossiers' classes the dossiers' (one label each).
        "choices": "its words are analytics' and dossiers' vocabularies",
        "admin": "no models",
        # The period chooser is a GET form written in the template.
        "forms": "no form: the period is chosen by GET parameters",
        # Figures are computed and printed by analytics' `cchc kpi` (compute, refresh, show).
        "management": "figures are computed and shown by `cchc kpi`",
    },
    "dashboard": {
        # The leaders' dashboard is a page over other apps' figures and corrective actions: it stores
        # nothing (its corrective actions moved to cchc.corrective, models, states, admin, API and
        # command with them), its filters are GET parameters, and the figures it shows are served by the
        # plans, scoreboard and corrective APIs.
        "models": "stores nothing: a page over other apps' figures",
        "choices": "no vocabulary of its own",
        "admin": "no models",
        "forms": "no form: the filters are GET parameters",
        "api": "the figures it shows are served by the plans, scoreboard and corrective APIs",
        "management": "nothing to run: corrective actions are detected by `cchc actions`",
    },
}


def has(app: str, part: str) -> bool:
    package = CCHC_DIR.parent.joinpath(*app.split("."))
    label = app.rpartition(".")[2]
    if part == "templates":
        return (package / "templates" / label).is_dir()
    if part == "management":
        return any(p.name != "__init__.py" for p in (package / "management" / "commands").glob("*.py"))
    if part == "tests":
        return any((ROOT / "tests" / label).glob("test_*.py"))
    return (package / f"{part}.py").is_file() or (package / part / "__init__.py").is_file()


def labels() -> list[str]:
    return [a.rpartition(".")[2] for a in apps()]


@pytest.mark.parametrize("label", labels())
def test_each_app_has_the_shape_or_says_why_not(label):
    app = f"cchc.{label}"
    missing = {part for part in PARTS if not has(app, part)}
    excused = set(EXCEPTIONS.get(label, {}))
    assert missing <= excused, f"{app} has no {sorted(missing - excused)}: add them, or say why in EXCEPTIONS"
    assert excused <= missing, f"{app} now has {sorted(excused - missing)}: remove them from EXCEPTIONS"


def test_the_exceptions_name_real_apps_and_parts():
    assert set(EXCEPTIONS) <= set(labels())
    assert all(set(parts) <= set(PARTS) and all(parts.values()) for parts in EXCEPTIONS.values())


def test_the_architecture_page_lists_the_same_exceptions():
    """docs/architecture.md's table "app | has no | because": one row per app with exceptions, naming the
    same parts as EXCEPTIONS (in backticks)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text[text.index("| app | has no | because |"):]
    rows = {}
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`").rpartition(".")[2]] = set(re.findall(r"`([a-z_]+)`", cells[1]))
    assert rows == {app: set(parts) for app, parts in EXCEPTIONS.items()}


def test_the_shape_is_checked_on_real_files():
    """The check itself: a part that does exist is found (so the test above cannot pass on a wrong path)."""
    assert all(has("cchc.plans", part) for part in PARTS)
    assert not has("cchc.analytics", "views") and not Path(CCHC_DIR / "analytics" / "views.py").exists()
