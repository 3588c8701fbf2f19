"""cchc.platform is shared infrastructure: it imports no app (only the pure core and itself), so every
app may import it without a cycle (issue 9 item 7; review 2026-12 §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import cchc.platform

PLATFORM_DIR = Path(cchc.platform.__file__).resolve().parent
ALLOWED = ("cchc.core", "cchc.platform")


def app_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] == "cchc" and not any(n == a or n.startswith(a + ".") for a in ALLOWED)]
    return found


def test_the_checker_sees_an_app_import():
    assert app_imports("from cchc.plans.models import Plan\nimport cchc.core.errors\nfrom . import x") == ["cchc.plans.models"]


def test_platform_imports_no_app():
    files = sorted(PLATFORM_DIR.rglob("*.py"))
    assert files, "cchc/platform has modules"
    assert {str(p.relative_to(PLATFORM_DIR)): app_imports(p.read_text(encoding="utf-8")) for p in files} == {
        str(p.relative_to(PLATFORM_DIR)): [] for p in files}
