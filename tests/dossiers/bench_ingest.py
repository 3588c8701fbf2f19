"""Speed of the dossier import: a 100k-row CSV in our schema, into the database the settings point at.

    CCHC_DATA_DIR=$(mktemp -d) .venv/bin/python -m tests.dossiers.bench_ingest            # SQLite
    PGPORT=55436 scripts/with-postgres.sh bash -c 'createdb cchc && .venv/bin/python -m tests.dossiers.bench_ingest'

It migrates an empty database, loads the test province and six real procedures, then times (wall clock,
file bytes in → committed) three imports of the same rows: the first (all created), the same file again
(all unchanged, nothing written) and a file where every row changed status (all updated).
"""

from __future__ import annotations

import os
import sys
import time


def main(n: int = 100_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("CCHC_TESTING", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cchc.dossiers.services import import_dossier_file
    from tests import factories
    from tests.dossiers import helpers

    call_command("migrate", verbosity=0)
    tree = factories.make_province_tree()
    helpers.make_catalogue()
    units = [tree.commune.code, tree.commune2.code, tree.other_district_commune.code, tree.stp.code]
    rows = helpers.generated_rows(n=n, unit_codes=units, procedure_codes=list(helpers.PROCEDURES))
    first = helpers.csv_bytes(rows, header=helpers.OUR_HEADER)
    for row in rows:  # every dossier moves on: in progress → finished, finished → returned, …
        if row["status"] == "4":
            row["status"], row["finished_at"] = "9", row["due_at"]
        elif row["status"] == "9":
            row["status"], row["returned_at"] = "10", row["finished_at"]
        else:
            row["receipt_number"] += "-2"
    changed = helpers.csv_bytes(rows, header=helpers.OUR_HEADER)
    print(f"{connection.vendor}: {n} rows, {len(first) / 1e6:.1f} MB")  # noqa: T201
    for label, content in (("first import", first), ("same file again", first), ("every row changed", changed)):
        began = time.perf_counter()
        s = import_dossier_file(content, "bench.csv", source_system="bench")
        took = time.perf_counter() - began
        print(f"  {label:<18} {took:6.2f} s  {n / took:9,.0f} rows/s  "  # noqa: T201
              f"(created {s.created}, updated {s.updated}, unchanged {s.unchanged})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
