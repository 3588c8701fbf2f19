"""The `cchc` entry point: every command of CCHC answers --help on a machine with no secret key yet, and
the README documents each of them (docs stay true)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.cli import OWN_COMMANDS

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
