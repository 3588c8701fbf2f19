"""The 766 ranking page: cached per period, block and language until the KPI values are recomputed, with
the user's own parts rendered per request. KPI values come from the real engine (dossiers → DuckDB fact
store → KpiValue), so "recomputed" means what it means in production."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import number_format

from cchc.analytics import services as analytics_services
from cchc.analytics.choices import group_name
from cchc.analytics.models import KpiValue
from cchc.analytics.store import FactStore
from cchc.core import score766
from cchc.scoreboard import views
from tests.analytics.helpers import at
from tests.factories import client_for, make_dossier, make_kpi_value, make_procedure

Q1 = "2025-01-01"


def on_time(unit, procedure, day: int) -> None:
    """Received on a January Monday … (day), due a week later at 17:00, finished two days after receipt."""
    make_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 1, day),
                 due_at=at(2025, 1, day + 7, 17), finished_at=at(2025, 1, day + 2))


def late(unit, procedure, day: int) -> None:
    """Received in February, due a week later at 17:00, finished two days after the due date."""
    make_dossier(unit=unit, procedure=procedure, status=9, received_at=at(2025, 2, day),
                 due_at=at(2025, 2, day + 7, 17), finished_at=at(2025, 2, day + 9))


def recompute() -> None:
    store = FactStore()
    store.sync()
    store.compute("quarter", 2025)


@pytest.fixture
def computed(province):
    """Q1 2025: Xã Mỹ Đức handles two dossiers on time, Xã Mỹ Lộc one."""
    procedure = make_procedure(time_limit=5)
    on_time(province.commune, procedure, 6)
    on_time(province.commune, procedure, 7)
    on_time(province.commune2, procedure, 8)
    recompute()
    return procedure


def row_of(page: str, unit_pk: int) -> list[str]:
    """The cells of a unit's row in the ranking table, as text."""
    row = re.search(rf'<tr data-unit="{unit_pk}">(.*?)</tr>', page, re.S)
    assert row, f"no row for unit {unit_pk}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def get(client, **params) -> str:
    response = client.get("/scoreboard/", {"kind": "quarter", "start": Q1, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_the_cached_page_follows_a_recompute(computed, province, users):
    client = client_for(user=users["leader"])
    # Indicator 2.1 (group 2): 20 points × on-time rate. Before: 2 of 2 handled on time → 20,00.
    cells = row_of(get(client), province.commune.pk)
    assert cells[3] == "Xã Mỹ Đức" and cells[5] == "20,00" and cells[-1] == "2"
    with CaptureQueriesContext(connection) as ctx:
        again = get(client)
    kpi_reads = [q["sql"] for q in ctx.captured_queries if "analytics_kpivalue" in q["sql"]]
    assert len(kpi_reads) == 1, "a second request reads only the values' stamp, the rest comes from the cache"
    assert row_of(again, province.commune.pk) == cells

    # Two late dossiers more for Xã Mỹ Đức, then the engine recomputes: 2 of 4 on time → 10,00.
    late(province.commune, computed, 3)
    late(province.commune, computed, 4)
    recompute()
    cells = row_of(get(client), province.commune.pk)
    assert cells[5] == "10,00" and cells[-1] == "4"
    # Xã Mỹ Lộc (1 of 1 on time, 20,00) now ranks above it.
    page = get(client)
    assert page.index("Xã Mỹ Lộc") < page.index("Xã Mỹ Đức")
    assert row_of(page, province.commune2.pk)[0] == "1"


def test_two_languages_do_not_share_a_cached_body(computed, province, users):
    client = client_for(user=users["leader"])
    vi = get(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = get(client)
    # The same figure in each language's format, and the page's own language (cached after Vietnamese).
    assert row_of(vi, province.commune.pk)[5] == "20,00"
    assert row_of(en, province.commune.pk)[5] == "20.00"
    assert '<html lang="en">' in en
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert row_of(get(client), province.commune.pk)[5] == "20,00", "English did not overwrite the Vietnamese body"


def test_each_user_sees_their_own_unit_on_a_shared_cached_table(computed, province, users):
    mine = get(client_for(user=users["focal_commune"]))
    theirs = get(client_for(user=users["focal_commune2"]))
    officer = get(client_for(user=users["officer"]))  # the Department of Home Affairs: not a commune, not ranked here
    assert "Xã Mỹ Đức, xếp hạng 1/2" in mine and f'tr[data-unit="{province.commune.pk}"]' in mine
    assert "Xã Mỹ Lộc, xếp hạng 1/2" in theirs, "the same rates: a tie shares the rank"
    assert f'tr[data-unit="{province.commune2.pk}"]' in theirs and f'tr[data-unit="{province.commune.pk}"]' not in theirs
    assert 'id="my-rank"' not in officer and "tr[data-unit=" not in officer
    assert "Người focal_commune2" in theirs and "Người focal_commune2" not in mine + officer  # the header
    # The table itself is the same bytes for all three.
    table = re.compile(r'<table id="ranking">.*</table>', re.S)
    assert table.search(mine).group(0) == table.search(theirs).group(0) == table.search(officer).group(0)


def test_a_unit_id_above_999_is_written_plainly(province):
    """Template variables are localised: an id 12345 written through one would read "12.345"."""
    from cchc.accounts.models import Role
    from tests.factories import make_unit, make_user

    commune = make_unit(pk=12345, key="t:commune:12345", code="90199", name="Xã Số Lớn", kind="commune",
                        parent=province.district, province=province.province)
    make_kpi_value(unit=commune, code="ontime_rate", start=date(2025, 1, 1), numerator=1, denominator=1, value=100,
                   as_of=datetime(2025, 4, 1, tzinfo=UTC))
    focal = make_user(username="dm.solon", role=Role.FOCAL_POINT, unit=commune)
    page = get(client_for(user=focal))
    assert row_of(page, 12345)[:4] == ["1", "—", "1", "Xã Số Lớn"]
    assert 'tr[data-unit="12345"]' in page and "/scoreboard/units/12345/" in page


def test_drill_down_links_open_the_units_scorecard(computed, province, users):
    client = client_for(user=users["focal_commune"])
    page = get(client)
    link = re.search(rf'<tr data-unit="{province.commune.pk}">.*?<a href="([^"]+)"', page, re.S).group(1)
    assert link == f"/scoreboard/units/{province.commune.pk}/?kind=quarter&amp;start={Q1}"
    card = client.get(link.replace("&amp;", "&"))
    assert card.status_code == 200 and "Xã Mỹ Đức" in card.content.decode()


def test_the_block_filter(computed, province, users):
    client = client_for(user=users["leader"])
    communes = get(client)  # the default block: xã, phường
    assert re.search(r'<option value="commune" selected>', communes)
    assert "Huyện Phù Mỹ" not in communes and "Xã Mỹ Đức" in communes
    every = get(client, block="all")
    assert f'data-unit="{province.district.pk}"' in every and f'data-unit="{province.commune.pk}"' in every
    assert f'data-unit="{province.province.pk}"' not in every, "the province is the whole, not a unit ranked"
    # The older parameter still works: "" was the form's "Tất cả", a kind of unit stands for its block.
    assert row_of(get(client, unit_kind=""), province.district.pk) == row_of(every, province.district.pk)
    districts = get(client, unit_kind="district")
    assert f'data-unit="{province.district.pk}"' in districts and "Xã Mỹ Đức" not in districts
    # An unknown value is the default block, not an error or an empty page.
    for bogus in ({"block": "bogus"}, {"block": "province"}, {"unit_kind": "bogus kind"}):
        assert row_of(get(client, **bogus), province.commune.pk) == row_of(communes, province.commune.pk)
        assert f'data-unit="{province.district.pk}"' not in get(client, **bogus)
    # The district rolls its communes up: 3 of 3 on time (no "Hạng chung" column when every block is ranked).
    assert row_of(every, province.district.pk)[4] == "20,00" and row_of(every, province.district.pk)[-1] == "3"


def test_a_period_without_values_says_so(computed, users):
    page = get(client_for(user=users["leader"]), start="2024-01-01")
    assert "Chưa có số liệu cho kỳ này" in page and 'id="ranking"' not in page


def test_a_scorecard_for_a_day_that_starts_no_period_does_not_fail(computed, province, users):
    response = client_for(user=users["officer"]).get(f"/scoreboard/units/{province.commune.pk}/",
                                                {"kind": "quarter", "start": "2025-01-02"})
    assert response.status_code == 200


def test_the_stamp_changes_when_values_are_removed(province):
    for unit in (province.commune, province.commune2):
        make_kpi_value(unit=unit, code="ontime_rate", start=date(2025, 1, 1), numerator=1, denominator=1, value=100,
                       as_of=datetime(2025, 4, 1, tzinfo=UTC))
    both = analytics_services.values_stamp("quarter")
    first_quarter = analytics_services.values_stamp("quarter", date(2025, 1, 1))
    KpiValue.objects.filter(unit=province.commune2).delete()
    assert analytics_services.values_stamp("quarter") != both
    assert analytics_services.values_stamp("quarter", date(2025, 1, 1)) != first_quarter
    assert analytics_services.values_stamp("quarter", date(2025, 4, 1)) == "0-0"
    assert analytics_services.values_stamp("month") == "0-0"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_written_as_number_format_writes_them(language):
    values = [(0, 0), (7, 0), (1234567, 0), (Decimal("18"), 0), (Decimal("0"), 2), (Decimal("-0.00"), 2),
              (Decimal("0.01"), 2), (Decimal("9.6"), 2), (Decimal("1234.56"), 2), (Decimal("-12.50"), 2),
              (Decimal("99.999"), 2), (Decimal("18.00"), 0), (2.5, 2)]
    with translation.override(language):
        fmt = views.Numbers()
        assert [fmt(v, d) for v, d in values] == [number_format(v, d) if v != 0 else number_format(0, d)
                                                  for v, d in values]
        assert fmt(None) == "—"
    with translation.override("vi"):
        assert views.Numbers()(Decimal("1234.5"), 2) == "1.234,50"


def test_group_names_are_the_cores():
    with translation.override("vi"):
        assert {n: group_name(n) for n in score766.GROUPS} == {n: name for n, (name, _top) in score766.GROUPS.items()}
    with translation.override("en"):
        assert group_name(2) == "Processing timeliness"
        assert all(group_name(n) != name for n, (name, _top) in score766.GROUPS.items())
