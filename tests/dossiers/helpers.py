"""Test data for the dossier ledger, made by keyword-only functions: a catalogue of real procedures taken
from the shipped catalogue, dossier rows in our schema, files in CSV/JSON/XLSX, and table counts."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from cchc.core.parsing import LOCAL_TZ
from cchc.dossiers.catalogue import DEMO_CATALOGUE, import_catalogue
from cchc.dossiers.models import Dossier, DossierEvent, DossierSupplement, Procedure

DATA = Path(__file__).parent / "data"

#: Real procedures of the shipped catalogue used by the tests, with what the catalogue says of them.
PROCEDURES = {
    "1.001193": "Thủ tục đăng ký khai sinh (1, no unit → 1 working day)",
    "1.000894": "Thủ tục đăng ký kết hôn (1, no unit)",
    "1.003583": "Thủ tục đăng ký khai sinh lưu động (5 ngày làm việc)",
    "2.001023": "Liên thông khai sinh, BHYT trẻ em dưới 6 tuổi (15 ngày)",
    "1.002010": "Đăng ký hoạt động của tổ chức hành nghề luật sư (7 ngày làm việc, tỉnh)",
    "2.000815": "Chứng thực bản sao từ bản chính (no time limit)",
}

OUR_HEADER = [
    "code", "receipt_number", "unit_code", "procedure_code", "status", "channel", "applicant_kind",
    "received_at", "due_at", "finished_at", "returned_at", "return_by_post", "supplements", "fee_amount",
    "paid_online", "components_digitised", "result_digitised", "reused_data", "rating",
]


def make_catalogue(*, codes=tuple(PROCEDURES)) -> list[Procedure]:
    """Import the given rows of the shipped catalogue (real data), through the catalogue import."""
    with DEMO_CATALOGUE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["code"] in codes]
        header = reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    import_catalogue(out.getvalue().encode("utf-8"), "catalogue-subset.csv")
    return list(Procedure.objects.filter(code__in=codes))


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def dossier_row(**overrides) -> dict:
    """One finished, returned dossier of Xã Mỹ Đức (unit 90101) in our schema; override any column."""
    row = {
        "code": "HS-0001", "receipt_number": "BN-0001", "unit_code": "90101", "procedure_code": "1.001193",
        "status": "10", "channel": "2", "applicant_kind": "1",
        "received_at": "2024-03-04T08:15:00", "due_at": "2024-03-05T08:15:00",
        "finished_at": "2024-03-04T15:30:00", "returned_at": "2024-03-05T09:00:00", "return_by_post": "0",
        "supplements": "", "fee_amount": "0", "paid_online": "0", "components_digitised": "1",
        "result_digitised": "1", "reused_data": "0", "rating": "1",
    }
    row.update({k: ("" if v is None else v) for k, v in overrides.items()})
    return row


def csv_bytes(rows: list[dict], *, header: list[str] | None = None) -> bytes:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def json_bytes(records: list[dict], *, wrapped: bool = False) -> bytes:
    return json.dumps({"records": records} if wrapped else records, ensure_ascii=False).encode("utf-8")


def xlsx_bytes(rows: list[dict], *, header: list[str] | None = None) -> bytes:
    header = header or list(rows[0])
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([row.get(h) for h in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Dossier, DossierSupplement, DossierEvent, Procedure)}


def generated_rows(*, n: int, unit_codes: list[str], procedure_codes: list[str], seed: int = 2024,
                   start: datetime | None = None) -> list[dict]:
    """``n`` plausible dossiers in our schema (for the speed measurement and volume tests).

    About 60% returned, 15% finished, 15% in progress, 5% waiting for a supplement, 5% withdrawn; one in
    ten has had a supplement request; every one has its due date.
    """
    rng = random.Random(seed)
    start = start or datetime(2024, 1, 2, 7, 0)
    rows = []
    for i in range(n):
        received = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 300))
        due = received + timedelta(days=rng.choice((1, 3, 5, 7, 15)))
        roll = rng.random()
        status, finished, returned, supplements = 4, None, None, ""
        if rng.random() < 0.1:
            asked = received + timedelta(hours=rng.randrange(1, 48))
            done = asked + timedelta(hours=rng.randrange(2, 96))
            supplements = f"{asked:%d/%m/%Y %H:%M:%S}|{done:%d/%m/%Y %H:%M:%S}"
            received_back = done
        else:
            received_back = received
        if roll < 0.6:
            status = 10
            finished = received_back + timedelta(hours=rng.randrange(1, 200))
            returned = finished + timedelta(hours=rng.randrange(0, 48))
        elif roll < 0.75:
            status, finished = 9, received_back + timedelta(hours=rng.randrange(1, 200))
        elif roll < 0.8:
            status, finished = 7, received_back + timedelta(hours=rng.randrange(1, 50))
        elif roll < 0.85:
            status = 5
        rows.append({
            "code": f"000.00.20.H52-{i:07d}", "receipt_number": f"BN{i:07d}",
            "unit_code": unit_codes[i % len(unit_codes)], "procedure_code": procedure_codes[i % len(procedure_codes)],
            "status": str(status), "channel": str(1 + i % 3), "applicant_kind": str(1 + (i % 7 == 0)),
            "received_at": f"{received:%Y%m%d%H%M%S}", "due_at": f"{due:%Y-%m-%dT%H:%M:%S}",
            "finished_at": f"{finished:%d/%m/%Y %H:%M:%S}" if finished else "",
            "returned_at": f"{returned:%Y%m%d%H%M%S}" if returned else "",
            "return_by_post": "1" if i % 11 == 0 else "0", "supplements": supplements,
            "fee_amount": str(rng.choice((0, 0, 0, 8000, 50000))), "paid_online": str(int(i % 5 == 0)),
            "components_digitised": str(int(rng.random() < 0.7)), "result_digitised": str(int(status == 10)),
            "reused_data": str(int(rng.random() < 0.2)), "rating": str(rng.choice((1, 1, 2, 3))) if status == 10 else "",
        })
    return rows
