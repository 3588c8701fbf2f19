"""The Decision 766 ranking page (p50/p95 over N requests) with KPI values computed from many dossiers,
against the login page measured in the same run.

    .venv/bin/python bench/scoreboard_page.py --data-dir /tmp/cchc-bench-10m   # reuse bench/kpi_engine.py's data
    .venv/bin/python bench/scoreboard_page.py [--count 100000] [--requests 100]  # a fresh throwaway database

With ``--data-dir`` pointing at a directory made by bench/kpi_engine.py, the KpiValue rows it computed are
read as they are (dossiers are generated, synced and computed only if the directory has fewer than
``--count``). Without it, a throwaway database (CCHC_DATA_DIR in a temp dir; SQLite by default, PostgreSQL
when CCHC_DATABASE_URL is set) gets the real units of Bình Định, the shipped catalogue and ``--count``
synthetic dossiers, synced and computed for the year's quarters.

Times the pages in-process through Django's test client (no network), signed in as a PAR officer:
/scoreboard/?kind=quarter&start=… (communes, the default; and every kind of unit) for the first and the
last quarter (units before and after the 2025 reorganisation), and one unit's scorecard. Reported: p50,
p95, the ratio of p50 to the login page's, and the SQL queries per request. Bar (issue #3): ≤ 100 ms p95.
The page reads KpiValue only, so its cost depends on units × KPIs, not on the number of dossiers.

The ranking is cached until the KPI values are recomputed, so each page is timed twice: "warm" (the
requests after the first, what nearly every visitor gets) and "cold" (``--cold`` requests each made
right after emptying the cache, as the first request after a recompute is; the server process itself
is warm: its first request ever also loads templates and translations, ≈ 1 s, on every page).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--count", type=int, default=100_000,
                        help="dossiers to have in the database (generated only if fewer are there)")
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--cold", type=int, default=20,
                        help="requests per page made right after emptying the cache (default 20)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--data-dir", help="an existing data directory (e.g. bench/kpi_engine.py's) to reuse")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    from bench.common import use_data_dir

    use_data_dir(ARGS.data_dir, "cchc-bench-766-")



def main() -> None:
    from bench.common import ensure_postgres_database, p95

    ensure_postgres_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user
    from cchc.analytics.models import KpiValue
    from cchc.analytics.store import FactStore
    from cchc.core import kpis
    from cchc.demo.dossiers import generate
    from cchc.dossiers.catalogue import import_demo_catalogue
    from cchc.dossiers.models import Dossier, Procedure
    from cchc.units.models import Unit
    from cchc.units.services import import_province

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    args = ARGS
    console = Console(width=None if sys.stdout.isatty() else 150)
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        import_province("Bình Định")
    if not Procedure.objects.exists():
        import_demo_catalogue()
    quarters = kpis.periods_of(args.year, "quarter")
    have = Dossier.objects.count()
    stored = KpiValue.objects.filter(period_kind="quarter", period_start__in=[s for s, _e in quarters]).count()
    if have < args.count or not stored:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            if have < args.count:
                task = bar.add_task(f"sinh {args.count - have:,} hồ sơ", total=args.count - have)
                generate(count=args.count - have, start=date(args.year, 1, 1), end=date(args.year, 12, 31),
                         progress=lambda done, total: bar.update(task, completed=done))
            task = bar.add_task("đồng bộ và tính KPI", total=None)
            store = FactStore()
            store.sync()
            store.compute("quarter", args.year)
    count = Dossier.objects.count()
    values = KpiValue.objects.count()

    officer = create_user(username="bench.766", password="x", role=Role.PAR_OFFICER, check_password=False)
    client, anon = Client(), Client()
    client.force_login(officer)
    first, last = quarters[0][0], quarters[-1][0]
    district = Unit.objects.filter(kind="district").order_by("pk").first()
    pages = {
        "đăng nhập (mốc so sánh)": (anon, "/login/"),
        f"xếp hạng 766, xã, quý I/{args.year}": (client, f"/scoreboard/?kind=quarter&start={first}"),
        f"xếp hạng 766, xã, quý IV/{args.year}": (client, f"/scoreboard/?kind=quarter&start={last}"),
        f"xếp hạng 766, mọi khối, quý I/{args.year}": (client, f"/scoreboard/?kind=quarter&start={first}&block=all"),
        f"phiếu điểm một đơn vị ({district.name}), quý I": (client, f"/scoreboard/units/{district.pk}/?kind=quarter&start={first}"),
    }
    def count_queries(c, url) -> int:
        queries: list[str] = []  # request_started resets connection.queries: count through a wrapper

        def counted(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            c.get(url)
        return len(queries)

    rows = []
    base = None
    for name, (c, url) in pages.items():
        response = c.get(url)  # the process's first request of this page
        assert response.status_code == 200, (url, response.status_code)
        cold = []
        for _ in range(args.cold):
            cache.clear()
            began = time.perf_counter()
            response = c.get(url)
            cold.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        cache.clear()
        cold_queries = count_queries(c, url)
        warm_queries = count_queries(c, url)
        ranked = response.content.count(b"<tr") - 1
        samples = []
        for _ in range(args.requests):
            began = time.perf_counter()
            response = c.get(url)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50 = statistics.median(samples)
        base = base or p50
        cold_figures = (statistics.median(cold), p95(cold)) if cold else (None, None)
        rows.append((name, url, p50, p95(samples), *cold_figures, p50 / base, warm_queries, cold_queries, ranked,
                     len(response.content)))

    table = Table(title=f"Trang xếp hạng 766, {connection.vendor}, {count:,} hồ sơ, {values:,} giá trị KPI lưu sẵn, "
                        f"{args.requests} lần mỗi trang đã có bộ đệm, {args.cold} lần ngay sau khi xoá bộ đệm "
                        f"(ms; ngưỡng p95 ≤ 100 ms)")
    for col in ("trang", "p50", "p95", "lạnh p50", "lạnh p95", "p50 / mốc", "câu SQL (lạnh)", "dòng <tr>", "KB",
                "đạt"):
        table.add_column(col, justify="right")
    for name, _url, p50, p95_, cold50, cold95, ratio, nq, cold_nq, ranked, size in rows:
        ok = "" if name.startswith("đăng nhập") else ("có" if p95_ <= 100 else "KHÔNG")
        table.add_row(name, f"{p50:.1f}", f"{p95_:.1f}", "" if cold50 is None else f"{cold50:.1f}",
                      "" if cold95 is None else f"{cold95:.1f}", f"{ratio:.1f}", f"{nq} ({cold_nq})",
                      str(max(ranked, 0)), f"{size / 1024:.0f}", ok)
    console.print(table)


if __name__ == "__main__":
    main()
