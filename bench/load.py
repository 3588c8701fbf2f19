"""Fifty officers at once (issue #10): the server as `make run` starts it, under locust, headless.

    .venv/bin/python bench/load.py [--data-dir DIR] [--dossiers 1000000] [--users 50] [--seconds 60]
                                   [--workers 2] [--threads 4] [--batches 5]

Needs locust (`make bench` installs the `bench` extra). Steps, each printed:
1. a data directory (a new temp one, or --data-dir to reuse one): `cchc setup`, `cchc demo load`, then
   `cchc demo dossiers` until it holds --dossiers dossiers (a run at 1,000,000 takes several minutes the
   first time; reuse the directory after) and `cchc kpi refresh`;
2. an integration account with an API token, and one batch of 1,000 dossiers in CCHC's schema;
3. `cchc serve` on 127.0.0.1 (a free port), with --workers and --threads, as `make run` serves;
4. locust headless for --seconds: --users signed-in users of every demo role (sessions made beforehand,
   so the run measures pages, not password hashing; think time 0.5–1.5 s)
   browsing home, plans, dossiers, the 766 ranking and the dashboard; the one-stop system pushing
   --batches API batches; a PAR officer uploading a file of 5,000 dossiers on the upload page once (imported
   by the background worker); an anonymous user opening the login page, the baseline of the same run.
Prints per page: requests, errors, p50/p95/p99 (ms), and the p50 ratio to the baseline; and requests/s.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import use_data_dir  # noqa: E402


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cchc(*args: str, env: dict) -> str:
    """Run the `cchc` command of this checkout and return its output; stop on failure."""
    done = subprocess.run([sys.executable, "-m", "cchc.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"cchc {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(data_dir: Path, dossiers: int, env: dict) -> None:
    say("· cchc setup (migrations, static files: a reused directory may be older than the code)")
    cchc("setup", env=env)
    if not (data_dir / "demo_logins.txt").exists() and not any(data_dir.glob("**/demo_logins.txt")):
        say("· cchc demo load")
        cchc("demo", "load", env=env)
    import django

    django.setup()
    from cchc.dossiers.models import Dossier

    have = Dossier.objects.count()
    if have < dossiers:
        say(f"· cchc demo dossiers --count {dossiers - have} (have {have:,})")
        cchc("demo", "dossiers", "--count", str(dossiers - have), "--seed", str(have + 1), "--from", "2024-01-01",
             env=env)
        for year in range(2024, date.today().year + 1):
            say(f"· cchc kpi refresh --year {year}")
            cchc("kpi", "refresh", "--year", str(year), env=env)


def integration(env: dict, batch_file: Path) -> str:
    """An integration account, its token and one batch of 1,000 new dossiers in CCHC's schema."""
    from django.contrib.auth import get_user_model

    from cchc.accounts.choices import Role
    from cchc.accounts.models import ApiToken
    from cchc.accounts.services import create_user
    from cchc.dossiers.models import Procedure
    from cchc.units.models import Unit

    user = get_user_model().objects.filter(username="load.motcua").first() or create_user(
        username="load.motcua", password=secrets.token_urlsafe(16), role=Role.INTEGRATION, full_name="Máy đo tải",
        check_password=False)
    _record, token = ApiToken.issue(name="bench/load.py", user=user)
    procedure = Procedure.objects.order_by("code").values_list("code", flat=True).first()
    units = list(Unit.objects.filter(valid_to__isnull=True, kind="commune").exclude(code="")
                 .values_list("code", flat=True)[:50])
    rng = random.Random(10)
    stamp = int(time.time())
    records = [{"code": f"LOAD-{stamp}-{i}", "unit_code": rng.choice(units), "procedure_code": procedure,
                "status": 4, "received_at": "2026-11-02T08:00:00+07:00", "due_at": "2026-11-20T17:00:00+07:00"}
               for i in range(1000)]
    batch_file.write_text(json.dumps({"source_system": "load", "records": records}), encoding="utf-8")
    return token


def sessions(logins: Path, n: int, out: Path) -> str:
    """``n`` signed-in sessions of the demo's accounts, round robin over every role, written to ``out`` (one
    session key a line): the users start signed in, so the run measures the pages, not 50 password hashes
    (PBKDF2, about a third of a second of CPU each) at once. Returns one more session, of the PAR officer (the
    first account with the role), for the user who uploads a file."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    names = [line.split("\t")[0] for line in logins.read_text(encoding="utf-8").splitlines() if "\t" in line]
    users = list(get_user_model().objects.filter(username__in=names).order_by("username"))
    keys = []
    for i in range(n):
        user = users[i % len(users)]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    out.write_text("\n".join(keys), encoding="ascii")
    from cchc.accounts.choices import Role

    officer = next(u for u in users if getattr(getattr(u, "profile", None), "role", "") == Role.PAR_OFFICER)
    store = SessionStore()
    store[SESSION_KEY] = str(officer.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    store.create()
    return store.session_key


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server did not answer {url} within {seconds:.0f} s")


def report(prefix: Path, seconds: int) -> None:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    base = next((r for r in rows if r["Name"].startswith("baseline")), None)
    base_p50 = float(base["50%"]) if base and base["50%"] not in ("", "N/A") else None
    say(f"\n{'page':32} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'×base':>6}")
    for r in rows:
        p50 = float(r["50%"]) if r["50%"] not in ("", "N/A") else 0.0
        ratio = f"{p50 / base_p50:.1f}" if base_p50 else "—"
        say(f"{r['Name'][:32]:32} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>6} {r['95%']:>6} "
              f"{r['99%']:>6} {ratio:>6}")
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    if total:
        say(f"\nrequests/s over the run: {float(total['Requests/s']):.1f} ({seconds} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="reuse this data directory (default: a new temp directory, kept)")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args()
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if not locust:
        sys.exit("locust is missing: `make bench` installs it (the `bench` extra)")
    data_dir = use_data_dir(args.data_dir, "cchc-load-")
    os.environ["CCHC_HTTPS"] = "0"
    # The pages are measured, not the sign-in: the demo's officer and administrator sign in with a password
    # only (two-step sign-in, required of them by default, is tested in tests/accounts/test_two_factor.py).
    os.environ.setdefault("CCHC_2FA_REQUIRED_ROLES", "")
    os.environ.pop("CCHC_TESTING", None)  # the server runs as `make run` runs it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    say(f"data: {data_dir}")
    prepare(data_dir, args.dossiers, env)
    work = Path(tempfile.mkdtemp(prefix="cchc-load-run-"))
    token = integration(env, work / "batch.json")
    logins = next(iter(data_dir.glob("**/demo_logins.txt")))
    uploader = sessions(logins, args.users, work / "sessions.txt")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cchc.cli", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(args.workers), "--threads", str(args.threads)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
    try:
        wait_for(f"http://127.0.0.1:{port}/login/")
        say(f"· locust: {args.users} users, {args.seconds} s, server {args.workers} workers × {args.threads} threads")
        subprocess.run([locust, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
                        "-u", str(args.users + 3), "-r", "10", "-t", f"{args.seconds}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(work / "load"), "--stop-timeout", "5"],
                       env={**env, "CCHC_LOAD_SESSIONS": str(work / "sessions.txt"), "CCHC_LOAD_TOKEN": token,
                            "CCHC_LOAD_UPLOADER": uploader,
                            "CCHC_LOAD_BATCH": str(work / "batch.json"), "CCHC_LOAD_BATCHES": str(args.batches)},
                       stdout=subprocess.DEVNULL, check=False)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(work / "load", args.seconds)
    say(f"\nlocust's CSV and the server's log: {work}")


if __name__ == "__main__":
    main()
