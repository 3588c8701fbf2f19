"""The rules of a count taken in for the 766 index (cchc.core.portal_counts), hand-worked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core import score766
from cchc.core.portal_counts import ACCEPTED, Counts, denominator_of, indicator_code, parse_period, problems


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("2026", "", ("year", date(2026, 1, 1))),
    ("Năm 2026", "", ("year", date(2026, 1, 1))),
    ("Q3/2026", "", ("quarter", date(2026, 7, 1))),
    ("q1-2025", "", ("quarter", date(2025, 1, 1))),
    ("Quý III/2026", "", ("quarter", date(2026, 7, 1))),
    ("quý iv/2026", "quarter", ("quarter", date(2026, 10, 1))),
    ("2026-Q2", "", ("quarter", date(2026, 4, 1))),
    ("10/2026", "", ("month", date(2026, 10, 1))),
    ("Tháng 3/2026", "", ("month", date(2026, 3, 1))),
    ("2026-03", "", ("month", date(2026, 3, 1))),
    ("2026-07-01", "quarter", ("quarter", date(2026, 7, 1))),
    ("01/10/2026", "month", ("month", date(2026, 10, 1))),
])
def test_periods_as_they_are_written(text, kind, expected):
    assert parse_period(text, kind) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("", ""), ("Q5/2026", ""), ("13/2026", ""), ("2026-07-01", ""),  # a day needs its kind
    ("2026-08-01", "quarter"),  # not a quarter's first day
    ("2026-07-02", "month"), ("Q3/2026", "month"),  # the kind contradicts the text
    ("2026", "week"), ("hôm qua", ""),
])
def test_periods_refused(text, kind):
    with pytest.raises(ValueError):
        parse_period(text, kind)


def test_indicator_codes_ours_and_the_portals():
    assert indicator_code("1.4") == "1.4"
    assert indicator_code("DOSSIER_SYNC") == "1.4"
    assert indicator_code("synced_with_dvcqg_personal_storage") == "5.5"
    assert indicator_code("CITIZEN_DATA_CONNECTED_FORMALITY") == "5.6"
    assert indicator_code("ELECTRONIC_CERTIFIED_COPY") == "5.3"
    assert indicator_code("2.1") is None  # computed from dossiers, not taken in
    assert indicator_code("PUBLISH_ON_TIME") is None  # a publication figure (another input)
    assert indicator_code("x") is None
    assert set(ACCEPTED) <= set(score766.INDICATORS_BY_CODE)


def test_the_sync_denominator_follows_the_received_counts():
    # Hand-worked: max(547, 530) = 547; both 0 with 1,200 last year ⇒ 1,200 / 12 = 100 a month, / 4 = 300.
    assert denominator_of("1.4", "year", Counts(540, None, 547, 530)) == Decimal(547)
    assert denominator_of("1.4", "month", Counts(0, None, 0, 0, 1200)) == Decimal(100)
    assert denominator_of("1.4", "quarter", Counts(0, None, 0, 0, 1200)) == Decimal(300)
    assert denominator_of("1.4", "year", Counts(5, 9)) == Decimal(9)  # given directly
    assert denominator_of("5.5", "year", Counts(20, 741)) == Decimal(741)
    assert denominator_of("5.3", "year", Counts(None, None)) is None


@pytest.mark.parametrize(("code", "counts", "expected"), [
    ("5.5", Counts(20, 741), []),
    ("1.4", Counts(547, None, 547, 530), []),
    ("1.4", Counts(547, 547, 547, 530), []),
    ("5.3", Counts(None, None), []),  # the portal's null/null
    ("5.3", Counts(1, 1), []),
    ("5.5", Counts(-1, 10), ["numerator"]),
    ("5.5", Counts(1, 10**13), ["denominator"]),
    ("5.5", Counts(1, -10), ["denominator"]),
    ("5.5", Counts(11, 10), ["numerator"]),
    ("5.5", Counts(None, None), ["numerator"]),
    ("5.5", Counts(None, 10), ["numerator"]),
    ("5.5", Counts(3, None), ["denominator"]),
    ("5.5", Counts(3, 10, 10, 10), ["received_national"]),  # received counts are 1.4's only
    ("1.4", Counts(3, None, 10, None), ["received_dvcqg"]),
    ("1.4", Counts(3, 9, 10, 8), ["denominator"]),  # 9 is not max(10, 8)
    ("1.4", Counts(11, None, 10, 8), ["numerator"]),
])
def test_problems_of_a_figure(code, counts, expected):
    assert [field for field, _message in problems(code, "year", counts)] == expected


def test_the_snapshot_figures_score_as_published():
    # GitHub duynghiaqn/Crawler-766, data/gia_lai/agencies_detail_GiaLai_10102026.json, Sở Khoa học và Công
    # nghệ (H21.09): 5.5 20/741 → 0.11, 5.7 741/741 → 2, 5.6 21/99 → 0.42, 5.3 null/null → 2, 1.4 608/608 → 6.
    by_code = score766.INDICATORS_BY_CODE
    assert score766.points(by_code["5.5"], 20, 741).points == Decimal("0.11")
    assert score766.points(by_code["5.7"], 741, 741).points == Decimal(2)
    assert score766.points(by_code["5.6"], 21, 99).points == Decimal("0.42")
    assert score766.points(by_code["5.3"], 0, 0).points == Decimal(2)
    assert score766.points(by_code["1.4"], 608, denominator_of("1.4", "year", Counts(608, 608))).points == Decimal(6)
