"""ILLUSTRATIVE DATA, NOT FACTS: publication records for the demo province, so that its units show 766
indicators 1.1–1.3.

No public source lists today's Gia Lai's decisions announcing procedures with their dates. The demo makes
some up, the same on every install (a seeded generator): for each quarter from 1/7/2025 to today, about a
dozen procedures of the demo catalogue announced province-wide by "QĐ số …/QĐ-UBND (minh họa)", most of
them late against the 5 working days before their legal basis takes effect (as the portal's Gia Lai of
2026 is: 1 of 47 on time), nearly all published on the CSDLQG within 5 working days, a few missing a part;
and two records scoped to the demo commune (Xã Phù Mỹ), so it shows a figure of its own. Every record is
marked ``illustrative`` and its source says so; the pages show "(minh họa)" beside it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from cchc.core import kpis
from cchc.core import publication766 as rules
from cchc.dossiers.models import Procedure
from cchc.units.models import Unit

from . import services

SOURCE = "Dữ liệu minh họa do lệnh «cchc demo load» tạo"
PROVINCE_KEY = "vn:2025:province:52"  # today's Gia Lai (the province that took over Bình Định)
COMMUNE_KEY = "vn:2025:commune:21730"  # Xã Phù Mỹ, the demo's commune account
FIRST = date(2025, 7, 1)
PER_QUARTER = 12


def _records(province: Unit, commune: Unit | None, codes: list[str], today: date) -> list[dict]:
    rng = random.Random(766)
    cal = services._calendar(set(range(FIRST.year, today.year + 1)))
    out = []
    year, serial = FIRST.year, 0
    while date(year, 1, 1) <= today:
        for start, end in kpis.periods_of(year, "quarter"):
            if start < FIRST or start > today:
                continue
            for _n in range(PER_QUARTER):
                serial += 1
                decision = start + timedelta(days=rng.randrange(min((end - start).days, (today - start).days) + 1))
                if not cal.is_working_day(decision):
                    decision = cal.next_working_day(decision)
                if decision > today:
                    continue
                # working days from the decision to the effective date: on time from 5 on (rules.MARGINS)
                effective = cal.add_working_days(decision, rng.randrange(5, 15) if rng.random() < 0.3 else rng.randrange(0, 5))
                delay = rng.randrange(0, 5) if rng.random() < 0.9 else rng.randrange(6, 12)
                published = cal.add_working_days(decision, delay)
                parts = list(rules.PARTS) if rng.random() < 0.95 else [p for p in rules.PARTS if p != "agency"]
                out.append({"procedure_code": rng.choice(codes), "unit": province.key,
                            "decision_number": f"{serial}/QĐ-UBND (minh họa)", "decision_date": decision.isoformat(),
                            "effective_date": effective.isoformat(),
                            "published_on": published.isoformat() if published <= today else "",
                            "parts": ";".join(parts), "level": "province"})
        year += 1
    if commune is not None and out:
        for n, code in enumerate(codes[-2:], start=1):
            first = out[-n]
            out.append({**first, "procedure_code": code, "unit": commune.key,
                        "decision_number": f"{serial + n}/QĐ-UBND (minh họa)"})
    return out


def load() -> services.ImportSummary | None:
    """Import the illustrative records (idempotent: the same records each time); None without the province
    or the catalogue."""
    province = Unit.objects.filter(key=PROVINCE_KEY).first()
    codes = [code for code, levels in Procedure.objects.order_by("code").values_list("code", "levels")
             if "province" in (levels or [])][:200]
    if province is None or not codes:
        return None
    commune = Unit.objects.filter(key=COMMUNE_KEY).first()
    records = _records(province, commune, codes, timezone.localdate())
    rows = services.check(list(enumerate(records, start=1)), SOURCE)
    return services.write(rows, source=SOURCE, illustrative=True)
