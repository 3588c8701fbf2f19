"""The worker as `make run` starts it (issue 14, item 4): `cchc serve` starts `cchc worker` beside gunicorn;
a job queued while nothing ran (before a restart) is run once the server is up; stopping the server stops
the worker too. Real processes on a database file of their own; the only wait is a generous bound."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BOUND = 120  # seconds: far above what starting the processes takes, even on a busy machine


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_"))}
    env.update(CCHC_DATA_DIR=str(data_dir), CCHC_SECRET_KEY="worker-process-test-" + "k" * 40, CCHC_HTTPS="0",
               CCHC_JOB_WORKERS="1", PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return env


def _cchc(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=BOUND * 3)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _family(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    return [pid, *(p for child in _children(pid) for p in _family(child))]


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {BOUND} s"
        time.sleep(0.5)


def test_a_job_queued_before_the_server_starts_is_run_by_its_worker_which_stops_with_it(tmp_path):
    env = _env(tmp_path / "data")
    marker = tmp_path / "ran.txt"
    _cchc("setup", "--no-static", env=env)
    _cchc("shell", "-c", "from cchc.platform.jobs import in_background; from tests.platform.job_targets import write; "
          f"in_background(write, {str(marker)!r}, 'ran', name='before-restart')", env=env)
    database = tmp_path / "data" / "cchc.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from django_q_ormq").fetchone() == (1,)  # a row, nothing running

    server = subprocess.Popen([sys.executable, "-m", "cchc.cli", "serve", "--bind", f"127.0.0.1:{_free_port()}",
                               "--workers", "1", "--threads", "1"], env=env, cwd=ROOT, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / "server.log", "w"))
    try:
        _wait_for(marker.exists, "the queued job ran")
        assert marker.read_text(encoding="utf-8") == "ran"
        with sqlite3.connect(database) as db:
            _wait_for(lambda: db.execute("select name, success from django_q_task").fetchall()
                      == [("before-restart", 1)], "the job recorded as done")
            assert db.execute("select count(*) from django_q_ormq").fetchone() == (0,)
            assert ({name for (name,) in db.execute("select name from django_q_schedule")}
                    == {f"cchc:{name}" for name in settings.CCHC_SCHEDULE})
        shown = _cchc("shell", "-c", "from cchc.platform.jobs import overview; print(overview().worker_running)",
                      env=env)
        assert shown.split()[-1] == "True", "the administrator's page sees the worker running"
        workers = [pid for pid in _children(server.pid)
                   if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:4] == [b"-m", b"cchc.cli", b"worker"]]
        assert len(workers) == 1, "serve started one `cchc worker`"
        family = _family(workers[0])
        assert len(family) > 1, "the worker runs django-q2's cluster (its own processes)"
        # The jobs yield the CPU to the pages: the worker and every job process run niced, gunicorn not.
        assert {pid: _niceness(pid) for pid in family} == {pid: max(settings.JOB_NICENESS, os.nice(0)) for pid in family}
        assert _niceness(server.pid) == os.nice(0)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=BOUND)
        _wait_for(lambda: not any(_running(pid) for pid in family), "the worker and its processes stopped")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
