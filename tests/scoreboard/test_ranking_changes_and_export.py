"""The 766 ranking people can use (issue #12 item 3): each unit's rank and its change against the previous
period, optional bands from configuration, the points CCHC cannot compute shown as such, full group
headers, and the table as an Excel file holding the page's rows; the page, the file and the API alike.

Stored figures written by hand (only the on-time rate, so only indicator 2.1 scores: 20 × rate), commune
block, n of 10 handled on time:

    Q2 2025: Xã Mỹ Lộc 9 → rank 1, Xã Mỹ Đức 8 → rank 2 (Xã Canh Vinh handled nothing)
    Q3 2025: Xã Mỹ Đức 9 → 1 (↑ 1), Xã Mỹ Lộc 8 → 2 (↓ 1), Xã Canh Vinh 7 → 3 (mới)

No agency handled anything in Q2, so the agency block of Q3 has nothing to compare with ("—", not "mới").
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from cchc.core.score766 import parse_bands
from cchc.scoreboard import services
from tests.factories import client_for, make_integration_user, make_kpi_value
from tests.scoreboard.test_ranking_page import row_of

Q2, Q3 = date(2025, 4, 1), date(2025, 7, 1)
AS_OF = datetime(2025, 10, 2, tzinfo=UTC)


def handled(unit, start, on_time):
    make_kpi_value(unit=unit, code="ontime_rate", start=start, numerator=on_time, denominator=10,
                   value=10 * on_time, as_of=AS_OF)


@pytest.fixture
def two_quarters(province):
    handled(province.commune2, Q2, 9)
    handled(province.commune, Q2, 8)
    handled(province.commune, Q3, 9)
    handled(province.commune2, Q3, 8)
    handled(province.other_district_commune, Q3, 7)
    handled(province.snv, Q3, 9)
    return province


def page(client, **params) -> str:
    response = client.get("/scoreboard/", {"kind": "quarter", "start": Q3.isoformat(), **params})
    assert response.status_code == 200
    return response.content.decode()


def workbook(client, **params) -> list[list]:
    response = client.get("/scoreboard/ranking.xlsx", {"kind": "quarter", "start": Q3.isoformat(), **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def number(text: str) -> Decimal | None:
    return None if text in {"—", ""} else Decimal(text.rstrip("%").replace(".", "").replace(",", "."))


def test_each_rank_with_its_change_against_the_previous_period(two_quarters):
    t = two_quarters
    got = {r.unit.name: (r.rank, tuple(r.change)) for r in services.ranked("quarter", Q3, block="commune")}
    assert got == {"Xã Mỹ Đức": (1, (2, 1, False)), "Xã Mỹ Lộc": (2, (1, -1, False)),
                   "Xã Canh Vinh": (3, (None, None, True))}
    assert [tuple(r.change) for r in services.ranked("quarter", Q3, block="agency")] == [(None, None, False)]
    # The page and the API say the same.
    client = client_for(user=make_leader(t))
    html = page(client)
    assert row_of(html, t.commune.pk)[:4] == ["1", "↑ 1", "1", "Xã Mỹ Đức"]
    assert row_of(html, t.commune2.pk)[1] == "↓ 1" and row_of(html, t.other_district_commune.pk)[1] == "mới"
    assert 'title="Kỳ trước hạng 2"' in html
    body = client.get("/api/v1/scoreboard/ranking", {"kind": "quarter", "start": Q3.isoformat()}).json()
    assert [(u["unit_name"], u["previous_rank"], u["rank_change"], u["new"]) for u in body["units"]] == [
        ("Xã Mỹ Đức", 2, 1, False), ("Xã Mỹ Lộc", 1, -1, False), ("Xã Canh Vinh", None, None, True)]
    assert row_of(page(client, block="agency"), t.snv.pk)[1] == "—"


def make_leader(tree):
    from cchc.accounts.models import Role
    from tests.factories import make_user

    return make_user(username="lanhdao", role=Role.LEADER, unit=tree.province)


def test_full_group_headers_and_the_points_cchc_cannot_compute(two_quarters):
    client = client_for(user=make_leader(two_quarters))
    html = page(client)
    for header in ("1. Công khai, minh bạch (/18)", "2. Tiến độ giải quyết (/20)", "5. Số hóa hồ sơ (/22)",
                   "6. Mức độ hài lòng (/18)"):
        assert f">{header}</th>" in html, header
    assert "…" not in re.search(r"<thead>.*?</thead>", html, re.S).group(0), "no header is cut"
    # 2.1, 3.1, 4.3, 5.1, 5.2, 5.4 and 6.3 are scored from stored figures; 1.1–1.3 from publication records
    # (cchc.publications), 6.1–6.2 from petitions (cchc.petitions), 1.4, 4.1, 4.2, 5.3, 5.5–5.7 from the counts
    # taken in (cchc.portalcounts): every indicator has its input.
    assert "cả 19 chỉ số đều có nguồn số liệu" in html
    assert services.never_scored() == []
    # This unit has data for 2.1 only: 18 of the 20 points available; the rest shown as not computed.
    assert row_of(html, two_quarters.commune.pk)[10:13] == ["18,00", "20", "90,00%"]
    card = client.get(f"/scoreboard/units/{two_quarters.commune.pk}/", {"kind": "quarter", "start": Q3.isoformat()})
    assert "/ 20 điểm tính được; 80 điểm chưa tính được (thang điểm 100)" in card.content.decode()
    body = client.get("/api/v1/scoreboard/ranking", {"kind": "quarter", "start": Q3.isoformat()}).json()
    assert body["units"][0]["total"] == {"points": "18.00", "available": "20", "max": "100", "share": "90.00",
                                         "uncomputed": "80", "band": None}


def test_no_band_column_by_default_and_bands_when_configured(two_quarters):
    client = client_for(user=make_leader(two_quarters))
    assert "Xếp loại" not in page(client)
    with override_settings(SCORE766_BANDS=parse_bands("Tốt:17; Khá:15")):
        html = page(client, start=Q3.isoformat())
        # Mỹ Đức 18 → Tốt, Mỹ Lộc 16 → Khá, Canh Vinh 14 → no band.
        assert ">Xếp loại</th>" in html and "Xếp loại theo cấu hình của tỉnh: Tốt ≥ 17; Khá ≥ 15." in html
        assert [row_of(html, u.pk)[-2] for u in (two_quarters.commune, two_quarters.commune2,
                                                  two_quarters.other_district_commune)] == ["Tốt", "Khá", ""]
        body = client.get("/api/v1/scoreboard/ranking", {"kind": "quarter", "start": Q3.isoformat()}).json()
        assert [u["total"]["band"] for u in body["units"]] == ["Tốt", "Khá", None]
        assert workbook(client)[1][-2] == "Xếp loại"
        card = client.get(f"/scoreboard/units/{two_quarters.commune.pk}/", {"kind": "quarter", "start": Q3.isoformat()})
        assert "Xếp loại: <b>Tốt</b>" in card.content.decode()


@pytest.mark.parametrize("block", ["commune", "agency", "all"])
def test_the_excel_file_holds_the_pages_rows(two_quarters, block):
    client = client_for(user=make_leader(two_quarters))
    html = page(client, block=block)
    rows = workbook(client, block=block)
    assert "Quý III/2025" in rows[0][0]
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", html)]
    assert rows[1] == headers
    page_rows = [row_of(html, int(pk)) for pk in re.findall(r'<tr data-unit="(\d+)">', html)]
    assert len(rows) - 2 == len(page_rows) > 0
    for got, shown in zip(rows[2:], page_rows, strict=True):
        for value, text in zip(got, shown, strict=True):
            if isinstance(value, str) or value is None:
                assert (value or "—" if text == "—" else value or "") == text
            else:
                assert Decimal(str(value)) == number(text)


def test_the_excel_file_follows_the_pages_permission_and_never_fails_on_hostile_values(two_quarters):
    assert client_for(user=make_integration_user()).get("/scoreboard/ranking.xlsx").status_code == 403
    client = client_for(user=make_leader(two_quarters))
    for params in ({"kind": "<script>", "start": "x"}, {"block": "=1+1"}, {"start": "2025-02-30"},
                   {"start": "9999-12-31"}, {"kind": "month", "start": ""}, {"unit_kind": "\u202e"}):
        response = client.get("/scoreboard/ranking.xlsx", params)
        assert response.status_code == 200, params
        load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    # A quarter without figures is an empty table, still a valid file.
    assert len(workbook(client, start="2019-01-01")) == 2


def test_in_english_the_page_and_the_file_speak_english(two_quarters):
    from django.conf import settings

    client = client_for(user=make_leader(two_quarters))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client)
    assert ">Against the previous period</th>" in html and ">new</td>" in html.replace('title="Not ranked in the previous period">', ">")
    assert "all 19 indicators have a source of figures" in html
    rows = workbook(client)
    assert rows[1][:4] == ["Rank", "Against the previous period", "Overall rank", "Units"]
    assert rows[0][0].startswith("Decision 766 ranking · ") and "Quý" not in rows[0][0], rows[0][0]
