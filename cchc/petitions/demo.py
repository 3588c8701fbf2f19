"""Illustrative petitions (PAKN) for the demo province: NOT real data (each is marked ``illustrative`` and its
title says so). A few units of today's Gia Lai, by their portal codes, receive one or two petitions a month
of last year and of the current year (from 1/7/2025, when today's units began); most are answered in time and liked, a few are answered late, left
unanswered past their limit, disliked or re-complained, so that the scorecard shows 6.1 and 6.2 below full
points for those units and "0 of 0" (full points) for the others. Written through the import's own checks (services.check)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cchc.core.transfers import REORGANISATION_DAY

from . import services

#: Portal codes of the units given petitions (Sở Xây dựng, Sở Nông nghiệp và Môi trường, Sở Y tế and
#: four wards and communes of Quy Nhơn and An Nhơn).
UNITS = ("H21.18", "H21.24", "H21.19", "H21.180", "H21.181", "H21.185", "H21.187")
TITLE = "PAKN minh họa (dữ liệu mẫu, không có thật) gửi {unit} ngày {day}"


def rows(today: date) -> list[dict]:
    """The illustrative petitions of last year and of this year up to ``today``: deterministic (each code is
    made of the unit, the day and the rank), so a reload changes nothing and a later one only adds."""
    out = []
    months = [(today.year - 1, m) for m in range(1, 13)] + [(today.year, m) for m in range(1, today.month + 1)]
    for year, month in months:
        for u, code in enumerate(UNITS):
            for k in range(1 + (u + month) % 2):
                received = date(year, month, min(3 + 7 * k + u, 28))
                if received > today or received < REORGANISATION_DAY:
                    continue  # today's units exist from 1/7/2025 (cchc.core.transfers.REORGANISATION_DAY)
                pattern = (received.toordinal() + 5 * u + 3 * k) % 13
                row = {"code": f"MH-PAKN-{code}-{received:%Y%m%d}-{k}", "unit": code,
                       "received_on": received.isoformat(), "title": TITLE.format(unit=code, day=f"{received:%d/%m/%Y}"), "likes": 2, "dislikes": 0,
                       "topic": "officials" if pattern == 4 else "rules"}
                if pattern == 0 and (today - received).days < 30:
                    pass  # still in progress (within time or not, as of today)
                elif pattern == 1:
                    row.update(action="processed", acted_on=(received + timedelta(days=30)).isoformat())  # late
                elif pattern == 2:
                    row.update(action="processed", acted_on=(received + timedelta(days=7)).isoformat(), likes=0,
                               dislikes=3)  # disliked
                elif pattern == 3:
                    row.update(action="rejected", acted_on=(received + timedelta(days=1)).isoformat(),
                               recomplained=1)
                elif pattern == 5:
                    row.update(action="supplement", acted_on=(received + timedelta(days=3)).isoformat())
                else:
                    row.update(action="processed", acted_on=(received + timedelta(days=10)).isoformat(),
                               handled_on=(received + timedelta(days=10)).isoformat())
                for field in ("acted_on", "handled_on"):
                    if field in row and date.fromisoformat(row[field]) > today:
                        row.pop(field)
                        row.pop("action", None)
                out.append(row)
    return out


def load() -> services.ImportResult | None:
    """Write the illustrative petitions of last year and this one (the portal's units must be aliased)."""
    today = timezone.localdate()
    records = rows(today)
    table = services.Table("minh-hoa-pakn.json", None, records, range(1, len(records) + 1))
    return services.write(services.check(table, as_of=today), source="minh-hoa-pakn (dữ liệu minh họa)",
                          illustrative=True)
