"""Page latency at two data sizes, against a trivial page measured in the same run.

    .venv/bin/python bench/pages.py [--plans 10] [--requests 40]

Builds a throwaway SQLite database (WAL, as `make run`) with the real units of Bình Định, then N synthetic
plans of 38 tasks led by every commune (38 × 155 assignments each, one progress update on each), and
times the pages a PAR officer and a focal point open most, in-process through Django's test client
(no network). The baseline is the login page (no data read). Reported: p50 and p95 in ms, and the ratio
of each page's p50 to the baseline's, at 1 plan and at N plans: if a page's cost grew with the data, its
ratio would grow N-fold.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import use_data_dir  # noqa: E402

use_data_dir(None, "cchc-bench-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_plan(n: int) -> bytes:
    tasks = "\n".join(
        f"  - {{code: NV{t:02d}, area: TTHC, title: \"Nhiệm vụ thử {t}\", lead_levels: [commune], deadline: 2099-12-31}}"
        for t in range(1, 39)
    )
    return (
        f'plan: {{code: BENCH-{n}, province_code: "52", year: 2024, document_number: "{n}/KH-UBND", '
        f'document_date: 2023-12-20, title: "Kế hoạch đo {n}"}}\n'
        'areas:\n  - {code: TTHC, name: "Cải cách thủ tục hành chính"}\n'
        f"tasks:\n{tasks}\n"
    ).encode()


def timed(client: Client, url: str, n: int) -> list[float]:
    client.get(url)  # warm
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    from bench.common import p95
    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user
    from cchc.plans.models import Assignment, Plan, ProgressUpdate
    from cchc.plans.services import import_plan
    from cchc.units.models import Unit
    from cchc.units.services import import_province

    call_command("migrate", verbosity=0)
    import_province("Bình Định")
    commune = Unit.objects.get(key="vn:legacy:commune:21550")
    officer = create_user(username="bench.officer", password="x", role=Role.PAR_OFFICER, check_password=False)
    focal = create_user(username="bench.focal", password="x", role=Role.FOCAL_POINT, unit=commune, check_password=False)
    officer_client, focal_client, anon = Client(), Client(), Client()
    officer_client.force_login(officer)
    focal_client.force_login(focal)

    rows = []

    def load(upto: int, done: int) -> None:
        for n in range(done + 1, upto + 1):
            plan = import_plan(make_plan(n), f"bench-{n}.yaml").plan
            assignments = list(Assignment.objects.filter(task__plan=plan))
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(assignment=a, author=officer, progress=40, note="đo") for a in assignments
            )
            Assignment.objects.filter(task__plan=plan).update(progress=40)

    done = 0
    for size in (1, args.plans):
        load(size, done)
        done = size
        plan = Plan.objects.get(code="BENCH-1")
        task = plan.tasks.first()
        assignment = Assignment.objects.get(task=task, unit=commune)
        pages = {
            "đăng nhập (mốc so sánh)": (anon, "/login/"),
            "tổng quan (chuyên viên)": (officer_client, "/"),
            "kế hoạch": (officer_client, f"/plans/{plan.code}/"),
            "nhiệm vụ (155 đơn vị)": (officer_client, f"/plans/tasks/{task.pk}/"),
            "phân công": (focal_client, f"/plans/assignments/{assignment.pk}/"),
            "nhiệm vụ của đơn vị": (focal_client, "/plans/my-tasks/"),
            "cây đơn vị": (officer_client, "/units/?as_of=30/06/2025"),
        }
        base = None
        for name, (client, url) in pages.items():
            samples = timed(client, url, args.requests)
            p50 = statistics.median(samples)
            base = base or p50
            rows.append((size, Assignment.objects.count(), name, p50, p95(samples), p50 / base))

    table = Table(title=f"Trang web, SQLite, {args.requests} lần mỗi trang (ms)")
    for col in ("kế hoạch", "phân công", "trang", "p50", "p95", "p50 / mốc"):
        table.add_column(col, justify="right")
    for size, count, name, p50, p95_, ratio in rows:
        table.add_row(str(size), f"{count:,}".replace(",", "."), name, f"{p50:.1f}", f"{p95_:.1f}", f"{ratio:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
