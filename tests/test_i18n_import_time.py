"""No translation runs at import time (issue 9, "One vocabulary").

Under gunicorn each worker imports the views while serving its first request, with that request's
language active: an eager ``gettext`` at module or class level (or in a default argument, or a lazy
string ``.format``-ted in a class attribute) freezes the label in that language for every later user of
the worker. The scan below parses every module of cchc/ and refuses such calls; the second test shows
the symptom itself, importing the page modules under English and reading a label under Vietnamese.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent / "cchc"
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The local names bound to eager and to lazy translation functions of django.utils.translation."""
    eager, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
                elif alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
    return eager, lazy


def import_time_translations(source: str) -> list[tuple[int, str]]:
    """(line, what) of every translation that would run when the module is imported."""
    tree = ast.parse(source)
    eager, lazy = _names(tree)
    found: list[tuple[int, str]] = []

    def called(node: ast.AST) -> str | None:
        return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part)
            return  # the body runs later, per call
        if isinstance(node, ast.Lambda):
            for part in node.args.defaults:
                visit(part)
            return
        name = called(node)
        if name in eager:
            found.append((node.lineno, f"{name}(…) at import time"))
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                and called(node.func.value) in lazy):
            found.append((node.lineno, f"{called(node.func.value)}(…).format(…) at import time"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize(("source", "expected"), [
    ("from django.utils.translation import gettext as _\nX = _('a')", [1 + 1]),
    ("from django.utils.translation import gettext as _\nclass A:\n    x = {1: _('a')}", [3]),
    ("from django.utils.translation import gettext as _\ndef f(x=_('a')):\n    return x", [2]),
    ("from django.utils.translation import gettext_lazy as _\nclass F:\n    h = _('a {n}').format(n=1)", [3]),
    ("from django.utils.translation import gettext as _\ndef f():\n    return _('a')", []),
    ("from django.utils.translation import gettext_lazy as _\nX = {1: _('a')}", []),
    ("from django.utils.translation import gettext as _\nclass A:\n    def m(self):\n        return _('a')", []),
], ids=["module", "class", "default", "lazy-format", "in-function", "lazy", "in-method"])
def test_the_scan_finds_import_time_translation(source, expected):
    assert [line for line, _what in import_time_translations(source)] == expected


def test_no_module_translates_at_import_time():
    offenders = [f"{path.relative_to(ROOT)}:{line}: {what}"
                 for path in sorted(ROOT.rglob("*.py")) if "migrations" not in path.parts
                 for line, what in import_time_translations(path.read_text(encoding="utf-8"))]
    assert offenders == []


PROBE = """
import django, importlib, pkgutil
django.setup()
from django.utils import translation
import cchc
with translation.override("en"):
    for info in pkgutil.walk_packages(cchc.__path__, "cchc."):
        if info.name.rsplit(".", 1)[-1] in {"views", "forms", "api", "choices"}:
            importlib.import_module(info.name)
    import cchc.urls  # every page module, as a worker's first request would import them
from cchc.dossiers import views as dossier_views
from cchc.plans import forms as plan_forms
from cchc.plans.choices import VerdictChoices
with translation.override("vi"):
    print(str(VerdictChoices.MET.label))
    print(str(plan_forms.ProgressForm().fields["evidence"].help_text))
"""


def test_labels_follow_the_request_language_not_the_first_import():
    """In a fresh interpreter (the test process has imported everything already): import under English,
    read under Vietnamese."""
    env = {"DJANGO_SETTINGS_MODULE": "cchc.settings", "CCHC_HELP_ONLY": "1", "PATH": "/usr/bin:/bin"}
    root = str(ROOT.parent)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=root, check=True,
                         env={**env, "PYTHONPATH": root})
    verdict, help_text = out.stdout.splitlines()
    assert verdict == "Đạt"
    assert help_text.startswith("PDF, Word, Excel, ảnh hoặc ZIP")



def test_the_api_document_follows_the_request_language():
    """The OpenAPI summaries are lazy: the same worker describes the API in each reader's language."""
    from cchc.api import api

    with translation.override("en"):
        english = json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    with translation.override("vi"):
        vietnamese = json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    summaries = {op["summary"] for path in english["paths"].values() for op in path.values()}
    assert "List PAR plans" in summaries
    assert "Danh sách kế hoạch CCHC" in {op["summary"] for path in vietnamese["paths"].values() for op in path.values()}
