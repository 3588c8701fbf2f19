"""A province's departments (sở, ban, ngành) from data/departments.yaml, effective-dated, with the two
steps of their 2025 lineage: the early-2025 consolidation of departments inside each province, then the
merger of provinces on 1/7/2025 (DOMAIN §12.1). The file's header explains its layout; every row carries
its source and confidence, and the import copies both onto the units and links it writes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from cchc.core import lineage
from cchc.core.errors import DomainError
from cchc.core.levels import UnitKind

from .models import LinkKind, Unit
from .upsert import Counters, new_counters, upsert_link, upsert_unit

DEPARTMENTS_FILE = Path(__file__).parent / "data" / "departments.yaml"
#: The day the 2025 arrangement of provinces took effect (Nghị quyết 202/2025/QH15).
MERGER_DAY = date(2025, 7, 1)
CONFIDENCE = {"C": "đã xác nhận theo nguồn", "K": "cần đối chiếu quyết định của tỉnh", "I": "suy luận"}


def load(path: Path | None = None) -> dict:
    """The department data (the shipped file unless ``path``), checked: clear Vietnamese errors."""
    path = path or DEPARTMENTS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "before_2025" not in data or "from_2025" not in data:
        raise DomainError(_("Tệp {file} thiếu mục before_2025 hoặc from_2025.").format(file=path.name))
    if not isinstance(data.get("consolidation_date"), date):
        raise DomainError(_("Tệp {file}: consolidation_date phải là một ngày (YYYY-MM-DD).").format(file=path.name))
    for section in ("before_2025", "from_2025"):
        for code, entry in data[section].items():
            for part in ("departments", "consolidation"):
                for row in entry.get(part) or ():
                    missing = [f for f in ("short", "name", "source", "confidence") if not row.get(f)]
                    if missing or row["confidence"] not in CONFIDENCE:
                        raise DomainError(_(
                            "Tệp {file}, {section}.{code}.{part}: dòng «{row}» thiếu hoặc sai trường {fields} "
                            "(confidence là C, K hoặc I).").format(
                                file=path.name, section=section, code=code, part=part, row=row.get("short", "?"),
                                fields=", ".join(missing) or "confidence"))
    return data


def _entry(data: dict, section: str, code: str) -> dict:
    return data[section].get(code) or data[section].get("default") or {}


def consolidation_date(province_code: str, data: dict | None = None) -> date:
    """When the consolidated departments of a province (by its pre-2025 code) took over: the province's
    ``consolidated_on`` in the file, else the file's ``consolidation_date`` (1/3/2025 as shipped) [K]."""
    data = data or load()
    return _entry(data, "before_2025", province_code).get("consolidated_on") or data["consolidation_date"]


def _source(row: dict, field: str = "source") -> str:
    text = f"{row.get(field) or row['source']} [{row['confidence']}: {CONFIDENCE[row['confidence']]}]"
    return f"{text}; {row['note']}" if row.get("note") else text


def _department(key: str, code: str, row: dict, province: Unit, counters: Counters, *,
                valid_from: date | None, valid_to: date | None) -> Unit:
    return upsert_unit(
        key, counters, code=code, name=row["name"], short_name=row["short"], kind=UnitKind.DEPARTMENT,
        type_label=_("Sở, ban, ngành"), parent=province, province=province, valid_from=valid_from,
        valid_to=valid_to, latitude=None, longitude=None,
        source=f"{DEPARTMENTS_FILE.name} [{row['confidence']}]",
    )


def import_departments(province: Unit, counters: Counters | None = None) -> list[Unit]:
    """The departments of a province as it was before 1/7/2025 (``province``: its pre-2025 unit) and
    those of the early-2025 consolidation, with the consolidation's lineage links. Idempotent."""
    counters = counters if counters is not None else new_counters()
    data = load()
    entry = _entry(data, "before_2025", province.code)
    before = {row["short"]: row for row in entry.get("departments") or ()}
    after = entry.get("consolidation") or []
    day = consolidation_date(province.code, data) if after else None
    kept = {row["short"] for row in after}
    units: dict[str, Unit] = {}
    for short, row in before.items():
        ends = province.valid_to if day is None or short in kept else day - timedelta(days=1)
        units[short] = _department(f"dept:{province.code}.{short}", f"{province.code}.{short}", row, province,
                                   counters, valid_from=None, valid_to=ends)
    feeds: dict[str, int] = {s: int(s in kept) for s in before}  # how many units each old one went into
    for row in after:
        for pred in row.get("from") or ():
            if pred in feeds and pred != row["short"]:
                feeds[pred] += 1
    result = list(units.values())
    for row in after:
        short = row["short"]
        if short not in units:
            units[short] = _department(f"dept:{province.code}.{short}", f"{province.code}.{short}", row, province,
                                       counters, valid_from=day, valid_to=province.valid_to)
            result.append(units[short])
        preds = [p for p in row.get("from") or () if p in before and p != short]
        for pred in preds:
            kind = lineage.classify_change(len(preds) + int(short in before), feeds[pred])
            upsert_link(units[pred], units[short], kind, counters, effective_date=day, source=_source(row))
    return result


def import_successor_departments(old_province: Unit, new_province: Unit, provinces_merged: int,
                                 counters: Counters | None = None) -> list[Unit]:
    """The departments of the province as it is since 1/7/2025 (``new_province``) and their links from
    ``old_province``'s departments of 30/6/2025 whose short code a row names in ``from``.
    ``provinces_merged``: how many old provinces went into the new one (the links are mergers when
    several did). Idempotent; importing each predecessor province adds its links."""
    counters = counters if counters is not None else new_counters()
    entry = _entry(load(), "from_2025", new_province.code)
    eve = MERGER_DAY - timedelta(days=1)
    old = {u.short_name: u for u in Unit.objects.filter(province=old_province, kind=UnitKind.DEPARTMENT).valid_on(eve)}
    units = []
    for row in entry.get("departments") or ():
        code = f"{new_province.code}.{row['short']}"
        unit = _department(f"dept:2025:{code}", code, row, new_province, counters, valid_from=MERGER_DAY,
                           valid_to=new_province.valid_to)
        units.append(unit)
        for pred in [old[s] for s in row.get("from") or () if s in old]:
            if provinces_merged > 1:
                kind = LinkKind.MERGED
            else:
                kind = LinkKind.CONTINUED if pred.name == unit.name else LinkKind.RENAMED
            upsert_link(pred, unit, kind, counters, effective_date=MERGER_DAY, source=_source(row, "link_source"))
    return units
