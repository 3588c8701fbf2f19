"""Illustrative petitions (PAKN) for the demo province: NOT real data (each is marked ``illustrative`` and its
title says so). A few units of today's Gia Lai, by their portal codes, receive one or two petitions a month of
the current year; most are answered in time and liked, a few are answered late, left unanswered past their
limit, disliked or re-complained, so that the scorecard shows 6.1 and 6.2 below full points for those units
and "0 of 0" (full points) for the others. Written through the import's own checks (services.check)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from . import services

#: Portal codes of the units given petitions (Sở Xây dựng, Sở Nông nghiệp và Môi trường, Sở Y tế and
#: four wards and communes of Quy Nhơn and An Nhơn).
UNITS = ("H21.18", "H21.24", "H21.19", "H21.180", "H21.181", "H21.185", "H21.187")
TITLE = "PAKN minh họa (dữ liệu mẫu, không có thật) số {n}"


def rows(today: date) -> list[dict]:
    """The illustrative petitions up to ``today``: deterministic, so a reload changes nothing."""
    out = []
    n = 0
    for month in range(1, today.month + 1):
        for u, code in enumerate(UNITS):
            for k in range(1 + (u + month) % 2):
                received = date(today.year, month, min(3 + 7 * k + u, 28))
                if received > today:
                    continue
                n += 1
                pattern = (n * 7 + u) % 13
                row = {"code": f"MH-PAKN-{today.year}-{n:04d}", "unit": code, "received_on": received.isoformat(),
                       "title": TITLE.format(n=n), "likes": 2, "dislikes": 0,
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
    """Write the illustrative petitions of the current year (none before the portal's units are aliased)."""
    today = timezone.localdate()
    table = services.Table("minh-hoa-pakn.json", None, rows(today), range(1, len(rows(today)) + 1))
    return services.write(services.check(table, as_of=today), source="minh-hoa-pakn (dữ liệu minh họa)",
                          illustrative=True)
