"""The leaders' dashboard (p50/p95 over N requests) on the demo data, against the login page measured in
the same run.

    .venv/bin/python bench/dashboard_page.py [--requests 100]           # a fresh throwaway demo install
    .venv/bin/python bench/dashboard_page.py --data-dir /tmp/cchc-demo  # reuse a directory (loaded if empty)

The data is what `make run` loads (cchc.demo.province.load: the real units of Bình Định and Bình Thuận, the
three seed plans, the procedure catalogue, 100,000 synthetic dossiers from 1/1/2025 to yesterday and their
KPI values for every kind of period), in a throwaway directory (CCHC_DATA_DIR in a temp dir; SQLite by
default, PostgreSQL when CCHC_DATABASE_URL is set). The seed plans are for 2022–2024 and the dossiers
start in 2025, so the demo load adds an illustrative plan of the current year to the province that took
over Bình Định (cchc.demo.province.DEMO_PLAN_YAML: four targets computed from the dossiers, one reported by
hand, two tasks for every commune); the script runs the corrective-action detection, so every part of
the page has something to read. ``--dossiers N`` adds N more dossiers first.

Times the pages in-process through Django's test client (no network): the dashboard as a leader (the
default view, the legacy province with its districts, the map coloured by 766 points), a unit's
drill-down, and the corrective actions list as the PAR officer. Reported: p50, p95, the ratio of p50 to
the login page's and the SQL queries per request. The pages read precomputed results only, so their
cost depends on the number of units and targets, not on the number of dossiers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--dossiers", type=int, default=0, help="more synthetic dossiers to add before measuring")
    parser.add_argument("--data-dir", help="a data directory to reuse (the demo is loaded into it if it is empty)")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    from bench.common import use_data_dir

    use_data_dir(ARGS.data_dir, "cchc-bench-dash-")


def main() -> None:
    from bench.common import ensure_postgres_database, p95

    ensure_postgres_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rich.console import Console
    from rich.table import Table

    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user
    from cchc.analytics.background import refresh_now
    from cchc.analytics.models import KpiValue
    from cchc.corrective.models import CorrectiveAction
    from cchc.dashboard import actions
    from cchc.demo import province as demo
    from cchc.dossiers.models import Dossier
    from cchc.units.models import Unit

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    args = ARGS
    console = Console(width=None if sys.stdout.isatty() else 160)
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    if not Dossier.objects.exists():
        began = time.perf_counter()
        demo.load(lambda step: console.print(f"[dim]{step}[/dim]"))
        console.print(f"Tỉnh mẫu nạp trong {time.perf_counter() - began:.1f} giây.")
    if args.dossiers:
        from datetime import date, timedelta

        from cchc.demo.dossiers import generate

        generate(count=args.dossiers, start=date(2025, 1, 1), end=today - timedelta(days=1))
        refresh_now(range(2025, today.year + 1))
    successor = Unit.objects.get(key="vn:2025:province:52")  # the province that took over Bình Định
    detected = actions.detect(today=today)
    legacy = Unit.objects.get(key="vn:legacy:province:52")
    commune = Unit.objects.filter(province=successor, kind="commune").order_by("pk").first()

    leader = create_user(username="bench.lanhdao", password="x", role=Role.LEADER, check_password=False)
    officer = create_user(username="bench.snv", password="x", role=Role.PAR_OFFICER, check_password=False)
    as_leader, as_officer, anon = Client(), Client(), Client()
    as_leader.force_login(leader)
    as_officer.force_login(officer)
    pages = {
        "đăng nhập (mốc so sánh)": (anon, "/login/"),
        f"bảng điều hành, {successor.name} {today.year} (mặc định)": (as_leader, "/dashboard/"),
        f"bảng điều hành, {successor.name}, tất cả các khối": (as_leader, "/dashboard/?block=all"),
        f"bảng điều hành, {legacy.name} 2025, khối huyện": (
            as_leader, f"/dashboard/?year=2025&province={legacy.pk}&block=district"),
        f"chi tiết đơn vị ({commune.name})": (as_leader, f"/dashboard/units/{commune.pk}/"),
        "danh sách biện pháp khắc phục (chuyên viên)": (as_officer, "/actions/"),
    }
    rows = []
    base = None
    for name, (client, url) in pages.items():
        response = client.get(url)  # warm (fills the ranking cache once, as the first visitor would)
        assert response.status_code == 200, (url, response.status_code)
        queries: list[str] = []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            client.get(url)
        samples = []
        for _ in range(args.requests):
            began = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50 = statistics.median(samples)
        base = base or p50
        rows.append((name, p50, p95(samples), p50 / base, len(queries), len(response.content)))

    table = Table(title=f"Bảng điều hành, {connection.vendor}, {Dossier.objects.count():,} hồ sơ, "
                        f"{KpiValue.objects.count():,} giá trị KPI, {CorrectiveAction.objects.count()} yêu cầu khắc phục "
                        f"({len(detected.created)} mới), {args.requests} lần mỗi trang (ms)")
    for col in ("trang", "p50", "p95", "p50 / mốc", "câu SQL", "KB"):
        table.add_column(col, justify="right")
    for name, p50, p95_, ratio, nq, size in rows:
        table.add_row(name, f"{p50:.1f}", f"{p95_:.1f}", f"{ratio:.1f}", str(nq), f"{size / 1024:.0f}")
    console.print(table)
    console.print(f"[dim]Dữ liệu: {os.environ['CCHC_DATA_DIR']}[/dim]")


if __name__ == "__main__":
    main()
