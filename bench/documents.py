"""How long the province's periodic PAR report takes to generate: collect (database reads), the DOCX, the
XLSX annexes and the PDF (LibreOffice headless), for the demo province.

    CCHC_DATA_DIR=/tmp/c2-demo .venv/bin/cchc setup && CCHC_DATA_DIR=/tmp/c2-demo .venv/bin/cchc demo load
    .venv/bin/python bench/documents.py --data-dir /tmp/c2-demo [--repeat 3] [--bench-plan]

Reads a data directory where ``cchc demo load`` has run (100,000 dossiers and their KPI values, the three
seed plans of 2022–2024). Three reports are timed, each ``--repeat`` times (median and fastest shown):

- Tỉnh Gia Lai (the post-2025 province), quý III of the last complete year-quarter, plans by default (the
  demo has none after 2024, so the body has the seven standard areas);
- Tỉnh Bình Định, 6 tháng đầu năm 2025 (the last period before the 2025 reorganisation: 18 departments,
  11 districts, 155 communes), without a plan (``plans=[]``);
- the same with ``--bench-plan``: a copy of the 2022 seed plan (10 targets, 7 tasks) imported as a 2025
  plan "BD-2025-BENCH" into this throwaway directory, so that every target is evaluated for every unit
  and the annexes are full. The directory is changed (one plan added; idempotent).

The PDF step starts a fresh LibreOffice with its own profile each time (cchc.documents.pdf), as the
application does; that start is most of its time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--data-dir", required=True, help="a data directory where `cchc demo load` has run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per report (default 3)")
    parser.add_argument("--bench-plan", action="store_true",
                        help="import a 2025 copy of the 2022 seed plan and time the report with it too")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    os.environ["CCHC_DATA_DIR"] = str(Path(ARGS.data_dir).resolve())
os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"


def bench_plan():
    from cchc.plans.services import import_plan

    seed = Path(__file__).resolve().parent.parent / "cchc/plans/data/seed_plans/binh-dinh-2022-kh-122.yaml"
    text = seed.read_text(encoding="utf-8")
    text = text.replace("code: BD-2022", "code: BD-2025-BENCH").replace("year: 2022", "year: 2025")
    text = text.replace("2022-01-01", "2025-01-01").replace("2022-12-31", "2025-12-31")
    return import_plan(text.encode("utf-8"), "bench-2025.yaml").plan


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from rich.console import Console
    from rich.table import Table

    from cchc.core.kpis import periods_of
    from cchc.documents.annexes import render_annexes
    from cchc.documents.par_report import render_docx
    from cchc.documents.pdf import docx_to_pdf
    from cchc.dossiers.models import Dossier
    from cchc.reporting.content import collect
    from cchc.units.models import Unit

    console = Console(width=200)
    dossiers = Dossier.objects.count()
    if not dossiers:
        sys.exit(f"{ARGS.data_dir}: no dossiers; run `cchc setup` and `cchc demo load` there first")
    today = date.today()
    quarters = [p for p in periods_of(today.year, "quarter") if p[1] < today] or periods_of(today.year - 1, "quarter")
    q_start, q_end = quarters[-1]
    cases = [
        ("Tỉnh Gia Lai", "quarter", q_start, q_end, None),
        ("Tỉnh Bình Định", "half", date(2025, 1, 1), date(2025, 6, 30), []),
    ]
    if ARGS.bench_plan:
        cases.append(("Tỉnh Bình Định", "half", date(2025, 1, 1), date(2025, 6, 30), "bench"))

    table = Table(title=f"PAR report generation, {dossiers:,} dossiers, {connection.vendor}, median (fastest) "
                        f"of {ARGS.repeat} runs, seconds")
    for column in ("report", "units", "collect", "DOCX", "XLSX", "PDF", "total", "sizes DOCX/XLSX/PDF"):
        table.add_column(column, justify="left" if column in ("report", "sizes DOCX/XLSX/PDF") else "right")
    for name, kind, start, end, plans in cases:
        if plans == "bench":
            plans = [bench_plan()]
        scope = Unit.objects.get(kind="province", name=name)
        steps: dict[str, list[float]] = {"collect": [], "docx": [], "xlsx": [], "pdf": [], "total": []}
        sizes = ""
        units = 0
        for _run in range(ARGS.repeat):
            t0 = time.perf_counter()
            content = collect(scope=scope, kind=kind, start=start, end=end, plans=plans, number=None,
                              issued_on=end, place="Quy Nhơn", issuer="Sở Nội vụ",
                              issuer_parent=f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}",
                              signer_title="GIÁM ĐỐC", signer_name="Nguyễn Văn A")
            t1 = time.perf_counter()
            docx = render_docx(content)
            t2 = time.perf_counter()
            xlsx = render_annexes(content)
            t3 = time.perf_counter()
            pdf = docx_to_pdf(docx)
            t4 = time.perf_counter()
            for key, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0), strict=True):
                steps[key].append(seconds)
            sizes = f"{len(docx) // 1024} / {len(xlsx) // 1024} / {len(pdf) // 1024} KB"
            units = len(content.kpi_rows)
        label = f"{name}, {content.period_name}" + (" + BD-2025-BENCH" if plans else "")
        table.add_row(label, str(units),
                      *[f"{statistics.median(v):.2f} ({min(v):.2f})" for v in steps.values()], sizes)
    console.print(table)


if __name__ == "__main__":
    main()
