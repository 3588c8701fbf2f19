"""The 766 ranking by block (khối, DOMAIN §12.1): within the agency or the commune block (the default),
each unit also with its overall rank among every block, the same on the page and in the API.

Stored figures written by hand (tests.factories.make_kpi_value): only the on-time rate, so only indicator
2.1 scores, 20 × rate. Q3 2025 (after the 2025 reorganisation, no district), n of 10 handled on time:

    Sở Nội vụ 9 → 18,00     Xã Mỹ Đức 9 → 18,00
    Sở Tư pháp 7 → 14,00    Xã Mỹ Lộc 8 → 16,00     Xã Canh Vinh 7 → 14,00
    (the province, 40 of 50, is the whole and not ranked)

Overall: Sở Nội vụ and Xã Mỹ Đức share rank 1; Xã Mỹ Lộc 3; Sở Tư pháp and Xã Canh Vinh share rank 4.
Commune block: Mỹ Đức 1 (overall 1), Mỹ Lộc 2 (overall 3), Canh Vinh 3 (overall 4).
Agency block: Sở Nội vụ 1 (overall 1), Sở Tư pháp 2 (overall 4).
Q1 2025 (before it): Huyện Phù Mỹ 10 of 10 and Xã Mỹ Đức 5 of 10, so a district block that period only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from cchc.scoreboard import services
from tests.factories import client_for, make_kpi_value
from tests.scoreboard.test_ranking_page import row_of

Q1, Q2, Q3 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)
AS_OF = datetime(2025, 10, 2, tzinfo=UTC)


def _handled(unit, start, on_time, handled=10, late=None):
    make_kpi_value(unit=unit, code="ontime_rate", start=start, numerator=on_time, denominator=handled,
                   value=100 * on_time / handled, as_of=AS_OF)
    if late is not None:
        make_kpi_value(unit=unit, code="late", start=start, numerator=late, value=late, as_of=AS_OF)


@pytest.fixture
def blocks(province):
    for unit, n in ((province.snv, 9), (province.stp, 7), (province.commune, 9), (province.commune2, 8),
                    (province.other_district_commune, 7)):
        _handled(unit, Q3, n)
    _handled(province.province, Q3, 40, 50)
    _handled(province.district, Q1, 10)
    _handled(province.commune, Q1, 5)
    return province


def unit_names() -> dict[int, str]:
    from cchc.units.models import Unit

    return dict(Unit.objects.values_list("pk", "name"))


def ranks(rows) -> list[tuple[str, int, int]]:
    return [(r.unit.name, r.rank, r.overall) for r in rows]


COMMUNES = [("Xã Mỹ Đức", 1, 1), ("Xã Mỹ Lộc", 2, 3), ("Xã Canh Vinh", 3, 4)]
AGENCIES = [("Sở Nội vụ", 1, 1), ("Sở Tư pháp", 2, 4)]
EVERY = [("Sở Nội vụ", 1, 1), ("Xã Mỹ Đức", 1, 1), ("Xã Mỹ Lộc", 3, 3), ("Sở Tư pháp", 4, 4), ("Xã Canh Vinh", 4, 4)]


def test_a_block_ranking_holds_its_units_with_their_block_and_overall_ranks(blocks):
    assert ranks(services.ranking("quarter", Q3, block="commune")) == COMMUNES
    assert ranks(services.ranking("quarter", Q3, block="agency")) == AGENCIES
    assert ranks(services.ranking("quarter", Q3, block="all")) == EVERY  # the province itself is not ranked
    assert services.ranking("quarter", Q3, block="district") == []
    assert ranks(services.ranking("quarter", Q3, block="commune", province=blocks.province)) == COMMUNES
    # Before the reorganisation the district block ranks too, and counts in the overall ranks.
    assert ranks(services.ranking("quarter", Q1, block="district")) == [("Huyện Phù Mỹ", 1, 1)]
    assert ranks(services.ranking("quarter", Q1, block="commune")) == [("Xã Mỹ Đức", 1, 2)]


def api(client, **params):
    return client.get("/api/v1/scoreboard/ranking", {"kind": "quarter", **params})


def page(client, **params) -> str:
    response = client.get("/scoreboard/", {"kind": "quarter", **params})
    assert response.status_code == 200
    return response.content.decode()


def page_ranks(html: str, names: dict[int, str]) -> list[tuple[str, int, int]]:
    """(unit, rank, overall rank) of the page's table, in its order ("Tất cả" has one rank column)."""
    out = []
    for pk in re.findall(r'<tr data-unit="(\d+)">', html):
        cells = row_of(html, int(pk))
        # Hạng, so với kỳ trước, then "Hạng chung" unless every block is ranked (then the name).
        rank, overall = (cells[0], cells[2]) if cells[2].isdigit() else (cells[0], cells[0])
        out.append((names[int(pk)], int(rank), int(overall)))
    return out


def test_the_default_is_the_commune_block(blocks, users):
    client = client_for(user=users["leader"])
    body = api(client).json()
    assert (body["block"], body["start"], body["unit_kind"]) == ("commune", "2025-07-01", "commune")
    assert [(u["unit_name"], u["rank"], u["overall_rank"]) for u in body["units"]] == COMMUNES
    html = page(client)
    assert '<option value="commune" selected>' in html and "Khối xã, phường" in html
    assert "Sở Nội vụ" not in re.search(r'<table id="ranking">.*?</table>', html, re.S).group(0)


def test_the_page_and_the_api_give_the_same_ranks(blocks, users):
    client = client_for(user=users["leader"])
    names = unit_names()
    for block, expected in (("commune", COMMUNES), ("agency", AGENCIES), ("all", EVERY)):
        body = api(client, start=Q3.isoformat(), block=block).json()
        from_api = [(u["unit_name"], u["rank"], u["overall_rank"]) for u in body["units"]]
        assert from_api == expected == page_ranks(page(client, start=Q3.isoformat(), block=block), names), block
        assert {u["block"] for u in body["units"]} <= ({block} if block != "all" else {"agency", "commune"})


def test_the_district_block_is_offered_only_for_periods_with_district_figures(blocks, users):
    client = client_for(user=users["leader"])
    assert api(client, start=Q3.isoformat()).json()["blocks"] == ["agency", "commune", "all"]
    assert api(client, start=Q1.isoformat()).json()["blocks"] == ["agency", "commune", "district", "all"]
    assert '<option value="district"' not in page(client, start=Q3.isoformat())
    assert '<option value="district"' in page(client, start=Q1.isoformat())
    # Asked for without a period, the district block shows its newest period with figures.
    body = api(client, block="district").json()
    assert (body["start"], body["periods"], [u["unit_name"] for u in body["units"]]) == (
        "2025-01-01", ["2025-01-01"], ["Huyện Phù Mỹ"])
    html = page(client, block="district")
    assert '<option value="district" selected>' in html and f'data-unit="{blocks.district.pk}"' in html


def test_unit_kind_still_chooses_the_block(blocks, users):
    client = client_for(user=users["leader"])
    names = unit_names()
    q3 = {"start": Q3.isoformat()}
    for unit_kind, block in (("department", "agency"), ("commune", "commune"), ("all", "all"), ("", "all")):
        body = api(client, unit_kind=unit_kind, **q3).json()
        assert (body["block"], body["unit_kind"]) == (block, "department" if block == "agency" else unit_kind or "all")
        assert body["units"] == api(client, block=block, **q3).json()["units"]
        assert page_ranks(page(client, unit_kind=unit_kind, **q3), names) == page_ranks(
            page(client, block=block, **q3), names), unit_kind
    # ``block`` wins over the older parameter, which the API's description marks deprecated.
    assert api(client, block="agency", unit_kind="commune", **q3).json()["block"] == "agency"
    spec = client.get("/api/v1/openapi.json").json()
    (operation,) = [p["get"] for path, p in spec["paths"].items() if path.endswith("/scoreboard/ranking")]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["unit_kind"]["schema"]["deprecated"] is True and "block" in parameters


def test_a_bad_block_is_refused_by_the_api_and_ignored_by_the_page(blocks, users):
    client = client_for(user=users["leader"])
    names = unit_names()
    for params, field in (({"block": "bogus"}, "block"), ({"block": "province"}, "block"),
                          ({"unit_kind": "province"}, "unit_kind"), ({"unit_kind": "xã"}, "unit_kind")):
        response = api(client, **params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["code"] == "invalid_input"
        assert body["detail"].endswith("Khối xếp hạng phải là một trong: agency, commune, district, all.")
        assert [i["field"] for i in body["issues"]] == [field]
        assert page_ranks(page(client, start=Q3.isoformat(), **params), names) == COMMUNES, params


def test_repeat_offenders_by_block(province, users):
    """Late over 5% in Q2 and Q3 2025: Sở Tư pháp (3 of 10 each) and Xã Mỹ Lộc (2 of 10 each); Xã Mỹ Đức
    1 of 10 (10%) only in Q3, not twice in a row."""
    for start in (Q2, Q3):
        _handled(province.stp, start, 7, late=3)
        _handled(province.commune2, start, 8, late=2)
    _handled(province.commune, Q2, 10, late=0)
    _handled(province.commune, Q3, 9, late=1)

    def offenders(block):
        return [u.name for u, _shares in services.repeat_offenders("quarter", Q3, block=block)]

    assert offenders("commune") == ["Xã Mỹ Lộc"]
    assert offenders("agency") == ["Sở Tư pháp"]
    assert offenders("all") == ["Sở Tư pháp", "Xã Mỹ Lộc"]
    client = client_for(user=users["leader"])
    for block, expected in (("commune", ["Xã Mỹ Lộc"]), ("agency", ["Sở Tư pháp"])):
        table = re.search(r'<table id="repeat-offenders">.*?</table>', page(client, start=Q3.isoformat(), block=block),
                          re.S).group(0)
        assert re.findall(r'<a href="[^"]+">([^<]+)</a>', table) == expected, block
