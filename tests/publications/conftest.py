"""A small file of publication records for the test province (tests.factories.make_province_tree), worked
by hand with the real calendar (cchc.core.workdays; Tết 2026 = Mon 16/02 … Fri 20/02):

row 2  P1 QĐ 1   decided Mon 08/06/2026, in force Mon 15/06 (deadline Mon 08/06: on time), published Mon
       15/06 (deadline 08/06 + 5 working days = 15/06: on time), every part.
row 3  P1 QĐ 2   decided Tue 09/06 (late), published Tue 16/06 (09/06 + 5 = 16/06: on time), every part.
row 4  P2 QĐ 1   decided 08/06 (on time), published Tue 16/06 (late), no «cơ quan thực hiện».
row 5  P3 QĐ 3   decided Thu 12/02/2026, in force Wed 25/02 (deadline Wed 11/02 across Tết: late), published
       Thu 26/02 (12/02 + 5 = 26/02 across Tết: on time), every part.
row 6  P4 QĐ 5   scoped to Xã Mỹ Đức: decided Wed 01/04, in force Fri 01/05, published Thu 02/04, every part.

Q2 2026, the province (and each unit of it but Xã Mỹ Đức): P1 (late once: not on time; published on time
both times; complete) and P2 (on time; published late; incomplete) → 1.1 1/2, 1.2 1/2, 1.3 1/2.
Q2 2026, Xã Mỹ Đức: its own P4 → 1/1 each. Year 2026, the province: P1, P2, P3 → 1.1 1/3 (P2), 1.2 2/3
(P1, P3), 1.3 2/3 (P1, P3). Q1 2026, the province: P3 → 0/1, 1/1, 1/1.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_procedure

Q1, Q2, YEAR = date(2026, 1, 1), date(2026, 4, 1), date(2026, 1, 1)
HEADER = "procedure_code,unit,decision_number,decision_date,effective_date,published_on,parts,level\n"
SIX = "name;steps;channels;documents;time_limit;applicants"


def rows(province) -> list[str]:
    return [
        "P1,52,1/QĐ-UBND,08/06/2026,15/06/2026,15/06/2026,đủ,tỉnh",
        "P1,52,2/QĐ-UBND,09/06/2026,15/06/2026,16/06/2026,đủ,tỉnh",
        f"P2,52,1/QĐ-UBND,08/06/2026,15/06/2026,16/06/2026,{SIX},province",
        "P3,52,3/QĐ-UBND,2026-02-12,2026-02-25,2026-02-26,đủ,",
        f"P4,{province.commune.code},5/QĐ-UBND,01/04/2026,01/05/2026,02/04/2026,đủ,tỉnh",
    ]


def csv_of(lines: list[str]) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def procedures(db):
    return {code: make_procedure(code=code, name=f"Thủ tục {code}") for code in ("P1", "P2", "P3", "P4")}


@pytest.fixture
def good_file(province, procedures) -> bytes:
    return csv_of(rows(province))
