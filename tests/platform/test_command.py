"""The CLI maps a refusal once (cchc.platform.command.CchcCommand): each issue on stderr, then the count or
the message, exit code 1, and no traceback, for every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class

from cchc.cli import OWN_COMMANDS
from cchc.platform.command import CchcCommand

ROOT = Path(__file__).resolve().parents[2]


def test_every_cchc_command_subclasses_the_one_base():
    ours = {name: app for name, app in get_commands().items() if app.startswith("cchc.")}
    assert set(OWN_COMMANDS) <= set(ours), "every command `cchc --help` lists is one of ours"
    # makemessages (cchc.web) only adds the core's N_ keyword to Django's own command: not a use case.
    overrides = {"makemessages"}
    for name, app in ours.items():
        if name in overrides:
            assert not isinstance(load_command_class(app, name), CchcCommand)
            continue
        assert isinstance(load_command_class(app, name), CchcCommand), name


def test_a_refused_file_exits_1_with_each_issue_and_the_count_and_no_traceback(tmp_path):
    # A plan file that is not text: refused while reading, before any database access.
    bad = tmp_path / "ke-hoach.yaml"
    bad.write_bytes(b"\xff\xfe\x00plan")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(CCHC_DATA_DIR=str(tmp_path), CCHC_SECRET_KEY="only-for-this-test")
    result = subprocess.run([sys.executable, "-m", "cchc.cli", "plans", "import", str(bad)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "ke-hoach.yaml: Tệp không phải văn bản UTF-8.",
        "Có 1 lỗi, không ghi dữ liệu nào.",
    ]
    assert "Traceback" not in result.stderr + result.stdout


def test_a_rule_refusal_from_the_command_line_is_its_message_and_exit_1(db, capsys):
    command = load_command_class("cchc.units", "units")
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["cchc", "units", "import", "--province", "Atlantis"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy tỉnh «Atlantis»" in err
    assert "CommandError" not in err and "Traceback" not in err


def test_under_call_command_a_refusal_is_a_command_error_with_exit_code_1(db, tmp_path, capsys):
    bad = tmp_path / "ke-hoach.yaml"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(CommandError) as refused:
        call_command("plans", "import", str(bad))
    assert refused.value.returncode == 1
    assert str(refused.value) == "Có 1 lỗi, không ghi dữ liệu nào."
    assert capsys.readouterr().err.splitlines() == ["ke-hoach.yaml: Tệp không phải văn bản UTF-8."]


def test_the_commands_own_usage_errors_keep_their_message_without_the_class_name(db, capsys):
    command = load_command_class("cchc.corrective", "actions")
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["cchc", "actions", "detect", "--times", "0"])
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == "Số kỳ liên tiếp phải từ 1 trở lên."
