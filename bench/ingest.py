"""Dossier file import speed (rows/s), in our schema and in the national portal's field names, against a
plain write of the same rows measured in the same run.

    .venv/bin/python bench/ingest.py [--count 100000]                                   # SQLite
    PGPORT=55440 scripts/with-postgres.sh .venv/bin/python bench/ingest.py --count 100000  # PostgreSQL

Sets up a throwaway database (CCHC_DATA_DIR in a temp dir; SQLite by default, PostgreSQL when
CCHC_DATABASE_URL is set, the database being created if missing) with the real units of Bình Định and the
shipped procedure catalogue. ``--count`` plausible dossiers (tests/dossiers/helpers.generated_rows: about
60% returned, one in ten with a supplement, every one with its due date) become two CSV files: one in our
schema, one in the portal's names (MaHoSo, NgayTiepNhan, DanhSachHoSoBoSung as JSON, …). Each is
imported through ``import_dossier_file`` (wall clock, file bytes in → committed) three times: first (all
created), the same file again (all unchanged), and a file in which every row changed (all updated).

Baseline: the dossier rows the first import wrote, read back and written again (another source system)
with a plain ``executemany`` (SQLite, with the page cache the import uses) or ``COPY`` (PostgreSQL) in one
transaction: no parsing, no validation, no events. Bar (issue #3): ≥ 20,000 rows/s.

Besides the wall clock, each run reports the CPU time of this process (parsing, checking, adapting) and,
on PostgreSQL, of the server process serving the connection (read from /proc: the server must run on this
machine), which shows which side limits the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="rows per file (default 100,000)")
    parser.add_argument("--data-dir", help="data directory (default: a new temp one)")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    from bench.common import use_data_dir

    use_data_dir(ARGS.data_dir, "cchc-bench-ingest-")

PORTAL_HEADER = [
    "MaHoSo", "SoBienNhan", "MaTTHC", "TenTTHC", "MaDonVi", "ChuHoSo", "LoaiDoiTuong", "NgayTiepNhan",
    "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "TrangThaiHoSo", "KenhThucHien", "HinhThuc",
    "DuocThanhToanTrucTuyen", "DanhSachHoSoBoSung", "TongPhi", "CoKetQuaDienTu", "TaiLieuNop", "DuocSoHoa",
    "MucDoHaiLong",
]


def portal_row(row: dict) -> dict:
    """One of our rows in the portal's names and forms (supplements as the portal's JSON list)."""
    supplements = []
    for pair in filter(None, row["supplements"].split(";")):
        requested, _bar, completed = pair.partition("|")
        supplements.append({"NgayBoSung": requested, "NgayTiepNhanBoSung": completed})
    return {
        "MaHoSo": row["code"], "SoBienNhan": row["receipt_number"], "MaTTHC": row["procedure_code"],
        "TenTTHC": "Thủ tục hành chính", "MaDonVi": row["unit_code"], "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": row["applicant_kind"], "NgayTiepNhan": row["received_at"], "NgayHenTra": row["due_at"],
        "NgayKetThucXuLy": row["finished_at"], "NgayTra": row["returned_at"], "TrangThaiHoSo": row["status"],
        "KenhThucHien": row["channel"], "HinhThuc": row["return_by_post"], "DuocThanhToanTrucTuyen": row["paid_online"],
        "DanhSachHoSoBoSung": json.dumps(supplements, ensure_ascii=False), "TongPhi": row["fee_amount"],
        "CoKetQuaDienTu": row["result_digitised"], "TaiLieuNop": row["components_digitised"],
        "DuocSoHoa": row["reused_data"], "MucDoHaiLong": row["rating"],
    }


def move_on(rows: list[dict]) -> None:
    """Every dossier moves on: in progress → finished, finished → returned, others get a new receipt number."""
    for row in rows:
        if row["status"] == "4":
            row["status"], row["finished_at"] = "9", row["due_at"]
        elif row["status"] == "9":
            row["status"], row["returned_at"] = "10", row["finished_at"]
        else:
            row["receipt_number"] += "-2"


def main() -> None:
    from bench.common import ensure_postgres_database

    ensure_postgres_database()
    import django

    django.setup()
    import duckdb  # noqa: F401  (only for the versions line)
    from django.core.management import call_command
    from django.db import connection, transaction
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from cchc.dossiers.catalogue import import_demo_catalogue
    from cchc.dossiers.models import Dossier, DossierEvent, DossierSupplement
    from cchc.dossiers.services import import_dossier_file
    from cchc.units.models import Unit
    from cchc.units.services import import_province
    from tests.dossiers import helpers

    n = ARGS.count
    console = Console(width=None if sys.stdout.isatty() else 200)
    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    import_province("Bình Định")
    import_demo_catalogue()
    # Units existing in 2024 (the rows' receipt year) whose code no other unit reuses.
    legacy = Unit.objects.filter(valid_to__isnull=False, kind__in=["department", "district", "commune"])
    codes = [u.code for u in legacy if Unit.objects.filter(code=u.code).count() == 1]
    with console.status(f"tạo {n:,} dòng"):
        rows = helpers.generated_rows(n=n, unit_codes=codes, procedure_codes=list(helpers.PROCEDURES))
        files = {"ours": helpers.csv_bytes(rows, header=helpers.OUR_HEADER),
                 "portal": helpers.csv_bytes([portal_row(r) for r in rows], header=PORTAL_HEADER)}
        move_on(rows)
        changed = {"ours": helpers.csv_bytes(rows, header=helpers.OUR_HEADER),
                   "portal": helpers.csv_bytes([portal_row(r) for r in rows], header=PORTAL_HEADER)}
    console.print(f"[bold]{vendor}[/]: {n:,} dòng mỗi tệp, {len(codes)} đơn vị, {len(helpers.PROCEDURES)} thủ tục; "
                  f"CSV của ta {len(files['ours']) / 1e6:.1f} MB, CSV cổng quốc gia {len(files['portal']) / 1e6:.1f} MB")

    columns = [f.column for f in Dossier._meta.concrete_fields if f.column != "id"]
    table_name = Dossier._meta.db_table

    def server_cpu() -> float:
        """CPU seconds of the PostgreSQL process serving this connection (0 on SQLite or if unreadable)."""
        if vendor != "postgresql":
            return 0.0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def timed(work):
        """What ``work()`` returns and its (wall, this process's CPU, the server's CPU) seconds."""
        server, cpu, began = server_cpu(), time.process_time(), time.perf_counter()
        result = work()
        return result, (time.perf_counter() - began, time.process_time() - cpu, server_cpu() - server)

    def plain_write(source: str) -> tuple[float, float, float]:
        """The rows the import wrote, read back, then timed: one plain executemany / COPY."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table_name} WHERE source_system = %s", [source])
            data = cursor.fetchall()
        at = columns.index("source_system")
        data = [(*r[:at], "plain-" + source, *r[at + 1:]) for r in data]

        def write() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                if vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {table_name} ({', '.join(columns)}) FROM STDIN") as copy:
                        for r in data:
                            copy.write_row(r)
                else:
                    cursor.execute("PRAGMA cache_size = -65536")  # the import's 64 MiB (cchc.platform.db.bulk.Sql.page_cache)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {table_name} ({', '.join(columns)}) VALUES ({marks})", data)
                    cursor.execute("PRAGMA cache_size = -2000")

        return timed(write)[1]

    results = []
    progress_columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    for schema, label in (("ours", "lược đồ của ta"), ("portal", "tên trường cổng quốc gia")):
        source = f"bench-{schema}"
        for what, content in (("lần đầu (tạo mới)", files[schema]), ("cùng tệp lần nữa (không đổi)", files[schema]),
                              ("mọi dòng đã đổi (cập nhật)", changed[schema])):
            before = DossierEvent.objects.count() + DossierSupplement.objects.count()
            with Progress(*progress_columns, console=console, transient=True) as bar:
                task = bar.add_task(f"{label}: {what}", total=2 * n)

                def run(content=content, source=source, filename=f"bench-{schema}.csv", bar=bar, task=task):
                    return import_dossier_file(content, filename, source_system=source,
                                               progress=lambda done, total: bar.update(task, completed=done, total=total))

                s, took = timed(run)
            extra = DossierEvent.objects.count() + DossierSupplement.objects.count() - before
            results.append((label, what, took, f"tạo {s.created:,} · cập nhật {s.updated:,} · không đổi {s.unchanged:,}"
                            f" · +{extra:,} sự kiện/bổ sung"))
        took = plain_write(source)
        results.append((label, f"mốc: {'COPY' if vendor == 'postgresql' else 'executemany'} thuần cùng các dòng",
                        took, "không phân tích, không kiểm tra, không sự kiện"))

    table = Table(title=f"Nhập tệp hồ sơ, {vendor}, {n:,} dòng mỗi lần (ngưỡng ≥ 20.000 dòng/s)")
    for col in ("tệp", "lần", "giây", "dòng/s", "chậm hơn mốc", "đạt ngưỡng", "CPU Python", "CPU máy chủ", "kết quả"):
        table.add_column(col, justify="right")
    baseline = {label: took[0] for label, what, took, _r in results if what.startswith("mốc")}
    for label, what, (took, cpu, server), summary in results:
        is_base = what.startswith("mốc")
        table.add_row(label, what, f"{took:.2f}", f"{n / took:,.0f}", "" if is_base else f"{took / baseline[label]:.1f}×",
                      "" if is_base else ("có" if n / took >= 20_000 else "KHÔNG"), f"{cpu:.2f}",
                      f"{server:.2f}" if vendor == "postgresql" else "", summary)
    console.print(table)


if __name__ == "__main__":
    main()
