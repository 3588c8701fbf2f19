"""The `cchc` entry point: every command of CCHC answers --help on a machine with no secret key yet, and
the README documents each of them (docs stay true)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from cchc.cli import OWN_COMMANDS, usage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", sorted(OWN_COMMANDS))
def test_help_works_without_setup(command, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DJANGO_SETTINGS_MODULE"}
    env["CCHC_DATA_DIR"] = str(tmp_path)  # empty: no secret key file
    result = subprocess.run([sys.executable, "-m", "cchc.cli", command, "--help"], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage: cchc" in result.stdout


def test_the_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in OWN_COMMANDS if f"cchc {c}" not in readme]
    assert not missing, f"document in the README: {missing}"


def test_the_command_list_is_translated():
    with translation.override("vi"):
        vietnamese = usage()
    with translation.override("en"):
        english = usage()
    assert "Lệnh của CCHC:" in vietnamese and "tạo tài khoản với vai trò và đơn vị" in vietnamese
    assert "CCHC commands:" in english and "create an account with a role and a unit" in english
    assert all(f"  {name}" in english for name in OWN_COMMANDS)
    assert not any(text in english for text in OWN_COMMANDS.values())


def test_cchc_without_a_command_prints_the_list(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DJANGO_SETTINGS_MODULE"}
    env["CCHC_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "cchc.cli"], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Lệnh của CCHC:" in result.stdout and "cchc help --commands" in result.stdout
