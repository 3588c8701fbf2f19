"""The import boundary of the pure core.

Source: docs ARCHITECTURE.md, "Layers: dependencies point inward": ``cchc/core`` imports nothing from
Django or the database, so every legal rule can be tested without either; a test enforces it. The
rules themselves come from the plans and decisions cited in each module (KH 122/KH-UBND, QĐ 766, …).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cchc.core

CORE_DIR = Path(cchc.core.__file__).resolve().parent
DB_DRIVERS = {"sqlite3", "psycopg", "psycopg2", "duckdb"}


def forbidden_imports(source: str) -> list[str]:
    """Absolute imports in ``source`` that cross the boundary of the pure core."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:  # relative imports stay inside cchc.core
            continue
        for name in names:
            top = name.split(".")[0]
            inside_core = name == "cchc.core" or name.startswith("cchc.core.")
            if top == "django" or top in DB_DRIVERS or (top == "cchc" and not inside_core):
                found.append(name)
    return found


def core_files() -> list[Path]:
    return sorted(CORE_DIR.rglob("*.py"))


def core_modules() -> list[str]:
    modules = []
    for path in core_files():
        parts = path.relative_to(CORE_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(("cchc", "core", *parts)))
    return modules


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import django", ["django"]),
        ("from django.db import models", ["django.db"]),
        ("import django.utils.translation as t", ["django.utils.translation"]),
        ("from cchc.plans import services", ["cchc.plans"]),
        ("import cchc.web.errors", ["cchc.web.errors"]),
        ("from cchc import settings", ["cchc"]),
        ("import sqlite3", ["sqlite3"]),
        ("import psycopg", ["psycopg"]),
        ("from psycopg2 import extras", ["psycopg2"]),
        ("import duckdb", ["duckdb"]),
        ("def f():\n    import django\n", ["django"]),
        ("from .levels import Level", []),
        ("from . import levels", []),
        ("from cchc.core.levels import Level", []),
        ("import cchc.core.errors", []),
        ("import decimal, operator", []),
        ("import djangoish", []),
    ],
    ids=[
        "django", "django-from", "django-alias", "other-app", "web", "cchc-root", "sqlite3", "psycopg",
        "psycopg2", "duckdb", "nested-in-function", "relative", "relative-package", "core-absolute",
        "core-dotted", "stdlib", "name-prefix-only",
    ],
)
def test_checker_flags_exactly_the_forbidden_imports(source, expected):
    # The boundary test below is only as good as this checker, so the checker is tested first.
    assert forbidden_imports(source) == expected


def test_core_files_are_found():
    names = {p.name for p in core_files()}
    assert {"errors.py", "levels.py", "targets.py", "tasks.py", "lineage.py", "parsing.py"} <= names


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(CORE_DIR)))
def test_core_module_imports_no_django_nor_database(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


def test_importing_the_core_loads_no_django_nor_database():
    # A fresh interpreter: this pytest process has Django loaded already (pytest-django).
    watched = sorted({"django", *DB_DRIVERS})
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(','.join(m for m in {watched!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        cwd=CORE_DIR.parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded by cchc.core: {result.stdout.strip()}"


def test_subprocess_check_can_see_django():
    # The same probe does report Django when something imports it, so an empty answer above means something.
    code = "import sys, django.utils.timezone\nprint('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True", result.stderr
