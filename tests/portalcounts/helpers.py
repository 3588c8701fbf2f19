"""Files of counts for the tests of cchc.portalcounts."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

HEADER = ["unit", "period", "indicator", "numerator", "denominator", "received_national", "received_dvcqg"]


def csv_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: Good rows for the test province (tests/factories.make_province_tree): the department by its code, the
#: commune by its name, the department again by the portal's code (an alias the tests add).
GOOD = [
    ["52.SNV", "Q3/2026", "1.4", "540", "", "547", "530"],
    ["52.SNV", "Q3/2026", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "20", "741", "", ""],
    ["Xã Mỹ Đức", "Q3/2026", "5.3", "1", "1", "", ""],
    ["H21.17", "Q3/2026", "5.6", "21", "99", "", ""],
]
