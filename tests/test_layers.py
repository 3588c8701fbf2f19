"""Dependencies point one way (ARCHITECTURE.md "Layers"; issue 9, item 7): core <- platform <- apps <- the
web shell, the API, the CLI and the demo. Parsing every module's imports (function-level ones included):

* no app imports the shell (``cchc.web``), the demo, the API registry or the URLconf;
* ``cchc.platform`` (shared infrastructure) imports no app, only the core and itself;
* ``cchc.documents`` (renderers: plain data in, bytes out) imports no model module;
* no two apps import each other (the core, the platform, documents and the shell are not apps).

tests/core/test_boundary.py keeps the core itself free of Django and the database.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cchc

CCHC_DIR = Path(cchc.__file__).resolve().parent
SHELL = ("cchc.web", "cchc.demo", "cchc.api", "cchc.urls", "cchc.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(CCHC_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module ``source`` (the text of ``module``) imports, relative imports resolved, and for
    ``from X import y`` both ``X`` and ``X.y`` (``y`` may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def apps() -> list[str]:
    """The Django apps of the domain: packages with an apps.py, except the shell and the demo."""
    found = [module_name(p.parent / "__init__.py") for p in sorted(CCHC_DIR.glob("*/apps.py"))]
    return [a for a in found if not any(within(a, s) for s in SHELL)]


def modules_of(package: str) -> list[tuple[str, Path]]:
    root = CCHC_DIR.parent.joinpath(*package.split("."))
    return [(module_name(p), p) for p in sorted(root.rglob("*.py")) if "migrations" not in p.parts]


def imports_of(package: str) -> dict[str, set[str]]:
    return {name: imported_names(path.read_text(encoding="utf-8"), name, is_package=path.name == "__init__.py")
            for name, path in modules_of(package)}


def shell_imports(names: set[str]) -> set[str]:
    return {n for n in names if any(within(n, s) for s in SHELL)}


def app_imports(names: set[str]) -> set[str]:
    return {n for n in names if any(within(n, a) for a in apps())}


def model_imports(names: set[str]) -> set[str]:
    """``cchc.<app>.models`` and what is taken from it."""
    return {n for n in names if n.split(".")[0] == "cchc" and n.split(".")[2:3] == ["models"]}


# The checks are only as good as the parser, so the parser is tested first.
@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from cchc.web.commands import CchcCommand", "cchc.plans.x",
         {"cchc.web.commands", "cchc.web.commands.CchcCommand"}),
        ("from cchc import web", "cchc.plans.x", {"cchc", "cchc.web"}),
        ("import cchc.web.errors", "cchc.plans.x", {"cchc.web.errors"}),
        ("def f():\n    from cchc.web import demo\n", "cchc.units.y", {"cchc.web", "cchc.web.demo"}),
        ("from .models import Plan", "cchc.plans.views", {"cchc.plans.models", "cchc.plans.models.Plan"}),
        ("from . import models", "cchc.plans.views", {"cchc.plans", "cchc.plans.models"}),
        ("from . import models", "cchc.plans", {"cchc.plans", "cchc.plans.models"}),
        ("from ..units.models import Unit", "cchc.documents.par_report",
         {"cchc.units.models", "cchc.units.models.Unit"}),
    ],
    ids=["from", "from-package", "import", "nested", "relative", "relative-package", "in-init", "parent"],
)
def test_the_import_parser_resolves_every_form(source, module, expected):
    assert imported_names(source, module, is_package=module == "cchc.plans") == expected


def test_the_checks_flag_what_they_must():
    names = {"cchc.web.commands", "cchc.plans.models.Plan", "cchc.plans.models", "cchc.core.errors",
             "cchc.platform.errors", "cchc.demo.province", "cchc.webhooks", "cchc.documents.vietnamese"}
    assert shell_imports(names) == {"cchc.web.commands", "cchc.demo.province"}
    assert app_imports(names) == {"cchc.plans.models.Plan", "cchc.plans.models"}
    assert model_imports(names) == {"cchc.plans.models.Plan", "cchc.plans.models"}


def test_the_apps_are_found():
    assert {"cchc.accounts", "cchc.units", "cchc.plans", "cchc.dossiers", "cchc.reporting"} <= set(apps())
    assert "cchc.web" not in apps() and "cchc.demo" not in apps()


@pytest.mark.parametrize("app", apps())
def test_no_app_imports_the_shell(app):
    found = {module: sorted(shell_imports(names)) for module, names in imports_of(app).items()}
    assert {m: n for m, n in found.items() if n} == {}


def test_the_platform_imports_no_app():
    modules = imports_of("cchc.platform")
    assert "cchc.platform.errors" in modules
    found = {m: sorted(n for n in names if within(n, "cchc") and not within(n, "cchc.core")
                       and not within(n, "cchc.platform") and n != "cchc")
             for m, names in modules.items()}
    assert {m: n for m, n in found.items() if n} == {}


def test_documents_import_no_model_module():
    found = {m: sorted(model_imports(names)) for m, names in imports_of("cchc.documents").items()}
    assert {m: n for m, n in found.items() if n} == {}


def test_no_module_is_over_600_lines():
    """Issue 9: a module that outgrows 600 lines holds several responsibilities; split it along its seams."""
    package = Path(__file__).resolve().parents[1] / "cchc"
    sizes = {str(p.relative_to(package)): len(p.read_text(encoding="utf-8").splitlines())
             for p in package.rglob("*.py") if "migrations" not in p.parts}
    assert sizes, "the walk must see the package"
    assert {name: n for name, n in sizes.items() if n > 600} == {}


def app_of(name: str) -> str | None:
    """The app a module name belongs to (None for the core, the platform, documents and the shell)."""
    return next((a for a in apps() if within(name, a)), None)


def app_graph() -> dict[str, set[str]]:
    """app → the other apps it imports (any module of it, at module or function level)."""
    graph: dict[str, set[str]] = {a: set() for a in apps()}
    for app in apps():
        for names in imports_of(app).values():
            graph[app] |= {other for n in names if (other := app_of(n)) and other != app}
    return graph


def two_way_pairs(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets if a < b and a in graph.get(b, set())}


def test_the_pair_check_flags_what_it_must():
    graph = {"cchc.a": {"cchc.b", "cchc.c"}, "cchc.b": {"cchc.a"}, "cchc.c": set()}
    assert two_way_pairs(graph) == {("cchc.a", "cchc.b")}
    assert app_of("cchc.accounts.permissions") == "cchc.accounts"
    assert app_of("cchc.core.unit_refs") is None and app_of("cchc.documents.apology") is None


def test_no_two_apps_import_each_other():
    """Issue 9 item 7: accounts ↔ units was the last pair (the dossier scope moved to dossiers.permissions,
    createuser reaches the unit rule through the Profile's foreign key)."""
    graph = app_graph()
    assert graph["cchc.units"] >= {"cchc.accounts"}  # the scan sees app imports at all
    assert two_way_pairs(graph) == set()


#: The apps from the bottom up (docs/architecture.md "Layers"): an app imports only apps before it.
#: scoreboard sits beside plans (neither imports the other).
ORDER = ("cchc.accounts", "cchc.units", "cchc.dossiers", "cchc.analytics", "cchc.plans", "cchc.scoreboard",
         "cchc.publications", "cchc.petitions", "cchc.portalcounts", "cchc.portal766", "cchc.reporting",
         "cchc.corrective", "cchc.notices", "cchc.parindex", "cchc.inspections", "cchc.classification", "cchc.dashboard")


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    rank = {app: i for i, app in enumerate(ORDER)}
    return {(a, b) for a, targets in graph.items() for b in targets if rank[b] >= rank[a]}


def test_the_order_check_flags_what_it_must():
    assert upward_imports({"cchc.units": {"cchc.plans"}, "cchc.plans": {"cchc.units"}}) == {("cchc.units", "cchc.plans")}


def test_apps_import_only_apps_below_them():
    """The order the architecture page draws, kept: a new import running up the layers fails here."""
    graph = app_graph()
    assert set(graph) == set(ORDER)
    assert upward_imports(graph) == set()


def test_only_analytics_reads_the_kpi_table():
    """Other apps read stored figures through cchc.analytics.services (values_for, values_stamp, lists)."""
    package = Path(__file__).resolve().parents[1] / "cchc"
    readers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                     if "migrations" not in p.parts and p.relative_to(package).parts[0] != "analytics"
                     and "KpiValue" in p.read_text(encoding="utf-8"))
    assert (package / "analytics" / "services.py").read_text(encoding="utf-8").count("KpiValue") > 0
    assert readers == []
