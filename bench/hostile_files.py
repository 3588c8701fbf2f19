"""Hostile files (issue #10) at full size: the verdict, seconds to refusal and peak memory of each.

The files of the issue are built here (tests/dossiers/hostile.py): a 0.4 MB .xlsx of 3,000,000 one-cell rows
(with and without a declared dimension), a 1 MB .xlsx of 1 GiB of blanks (in a cell, and between rows), a
3 MB JSON ``[{},{},…]``, a CSV of 1,000,000 bad rows (past the row limit) and one of 150,000 bad rows (within
it: every row refused, the printed list capped). Each is imported by the command line, ``python -m cchc.cli
dossiers import FILE`` (the path the page's background job shares: ``import_dossier_file``), in a process of
its own, whose peak RSS (``VmHWM``) and printed lines are reported. The 3 MB JSON is also
posted to ``/api/v1/dossiers/batch`` (Django's test client, in a process of its own).

Baseline, in the same run: the same command on a CSV with a header and no row (start-up, Django, a refusal);
and, for scale, the largest file the limits let through, ``IMPORT_MAX_ROWS`` valid dossiers, imported.
Bar (issue #10): every import ≤ 500 MB peak whatever the file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--data-dir", help="data directory (default: a new temp one)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes (default 1)")
    parser.add_argument("--only", help="run only the files whose label contains this text (e.g. valid)")
    parser.add_argument("--api-child", help=argparse.SUPPRESS)  # internal: post this file as an API batch
    return parser.parse_args()


def api_child(path: str) -> None:
    """Post the file as the records of one batch with an integration token; print status and code."""
    import django

    django.setup()
    from django.test import Client

    from cchc.accounts.models import ApiToken
    from tests.factories import make_integration_user

    token = ApiToken.issue(name="bench", user=make_integration_user(username=f"bench-{os.getpid()}"))[1]
    body = b'{"source_system": "bench", "records": ' + Path(path).read_bytes() + b"}"
    response = Client(headers={"Authorization": f"Bearer {token}"}).post(
        "/api/v1/dossiers/batch", body, content_type="application/json", SERVER_NAME="localhost")
    write_peak()
    sys.stdout.write(f"{response.status_code} {response.json().get('code')} {str(response.json().get('detail'))[:160]}\n")


#: ``python -c`` this, then the command line of ``cchc``: the CLI, then its own peak RSS written where
#: HOSTILE_HWM says. (A child's ``ru_maxrss`` would include the parent's memory at the fork; ``VmHWM`` is the
#: executed program's own.)
CLI = ("import os, runpy, sys\n"
       "sys.argv = ['cchc', *sys.argv[1:]]\n"
       "try:\n"
       "    runpy.run_module('cchc.cli', run_name='__main__')\n"
       "finally:\n"
       "    from bench.hostile_files import write_peak\n"
       "    write_peak()\n")


def write_peak() -> None:
    """Write this process's peak RSS (VmHWM, KiB) to the file HOSTILE_HWM names."""
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    Path(os.environ["HOSTILE_HWM"]).write_text(peak)


def measure(command: list[str], env: dict) -> tuple[float, int, int, str, str]:
    """(seconds, peak RSS in MiB, exit code, last line printed, line count) of ``command``."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as peak:
        started = time.monotonic()
        completed = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env={**env, "HOSTILE_HWM": peak.name},
                                   cwd=ROOT, check=False)
        seconds = time.monotonic() - started
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").splitlines()
        rss = int(Path(peak.name).read_text() or 0) // 1024
    last = lines[-1] if lines else ""
    return seconds, rss, completed.returncode, last, len(lines)


def _valid_rows(n: int) -> bytes:
    """``n`` plausible dossiers of Bình Định's units and the shipped catalogue (as bench/ingest.py makes them),
    in CCHC's CSV schema: the largest file the limits let through, imported for real."""
    from cchc.dossiers.catalogue import import_demo_catalogue
    from cchc.units.models import Unit
    from cchc.units.services import import_province
    from tests.dossiers import helpers

    import_province("Bình Định")
    import_demo_catalogue()
    legacy = Unit.objects.filter(valid_to__isnull=False, kind__in=["department", "district", "commune"])
    codes = [u.code for u in legacy if Unit.objects.filter(code=u.code).count() == 1]
    rows = helpers.generated_rows(n=n, unit_codes=codes, procedure_codes=list(helpers.PROCEDURES))
    return helpers.csv_bytes(rows, header=helpers.OUR_HEADER)


def main(args: argparse.Namespace) -> None:
    from bench.common import use_data_dir

    data_dir = use_data_dir(args.data_dir, "cchc-bench-hostile-")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from rich.console import Console
    from rich.table import Table

    from tests.dossiers import hostile

    call_command("migrate", verbosity=0)
    console = Console(width=None if sys.stdout.isatty() else 220)
    s = args.scale
    valid = _valid_rows(int(settings.IMPORT_MAX_ROWS * s))
    files = {
        "baseline: header only (.csv)": ("vide.csv", lambda: b"code,unit_code,procedure_code,status,received_at\n"),
        "3,000,000 one-cell rows (.xlsx)": ("rows.xlsx", lambda: hostile.many_rows_xlsx(int(3_000_000 * s))),
        "3,000,000 rows, dimension declared (.xlsx)": (
            "rows-declared.xlsx", lambda: hostile.many_rows_xlsx(int(3_000_000 * s), declare=True)),
        "1 GiB of blanks in a cell (.xlsx)": ("blank-cell.xlsx", lambda: hostile.blank_xlsx(int(2**30 * s))),
        "1 GiB of blanks between rows (.xlsx)": (
            "blank-rows.xlsx", lambda: hostile.blank_xlsx(int(2**30 * s), inside_cell=False)),
        "3 MB [{},{},…] (.json)": ("empty.json", lambda: hostile.empty_objects_json(int(1_000_000 * s))),
        "1,000,000 bad rows (.csv)": ("bad-1m.csv", lambda: hostile.many_rows_csv(int(1_000_000 * s))),
        "150,000 bad rows, within the row limit (.csv)": ("bad-150k.csv", lambda: hostile.many_rows_csv(int(150_000 * s))),
        "not hostile: the row limit of valid dossiers (.csv, written)": ("valid.csv", lambda: valid),
    }
    folder = Path(tempfile.mkdtemp(prefix="cchc-hostile-files-"))
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    table = Table(title=f"Hostile files (limits: {settings.IMPORT_MAX_ROWS:,} rows, "
                        f"{settings.IMPORT_MAX_BYTES // 2**20} MB, {settings.IMPORT_MAX_UNZIPPED_BYTES // 2**20} MB "
                        f"unpacked, {settings.IMPORT_MAX_CELL_CHARS:,} characters a cell, "
                        f"{settings.IMPORT_MAX_ISSUES} issues listed)")
    for column in ("file", "size", "channel", "seconds", "peak RSS MiB", "exit", "lines printed", "last line"):
        table.add_column(column, overflow="fold")
    for label, (name, build) in files.items():
        if args.only and args.only not in label:
            continue
        path = folder / name
        path.write_bytes(build())
        size = f"{path.stat().st_size / 2**20:.2f} MB"
        command = [sys.executable, "-c", CLI, "dossiers", "import", str(path), "--source", "bench"]
        seconds, rss, code, last, count = measure(command, env)
        table.add_row(label, size, "CLI", f"{seconds:.1f}", str(rss), str(code), f"{count:,}", last[:150])
        if name == "empty.json":
            command = [sys.executable, str(Path(__file__).resolve()), "--data-dir", str(data_dir), "--api-child", str(path)]
            seconds, rss, code, last, count = measure(command, env)
            table.add_row(label, size, "API batch", f"{seconds:.1f}", str(rss), str(code), f"{count:,}", last[:150])
        if name == "valid.csv":
            # As a province imports: the fact store already holds dossiers, so the refresh that follows is an
            # incremental copy (committed every COMMIT_ROWS) rather than the store's first load. The same rows
            # from another source system are new dossiers.
            command = [sys.executable, "-c", CLI, "dossiers", "import", str(path), "--source", "bench-2"]
            seconds, rss, code, last, count = measure(command, env)
            table.add_row(label + ", again from another source (into a fact store of that many)", size, "CLI",
                          f"{seconds:.1f}", str(rss), str(code), f"{count:,}", last[:150])
        path.unlink()
    console.print(table)
    console.print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; database in {data_dir}")


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.api_child:
        from bench.common import use_data_dir

        use_data_dir(ARGS.data_dir, "cchc-bench-hostile-")
        api_child(ARGS.api_child)
    else:
        main(ARGS)
