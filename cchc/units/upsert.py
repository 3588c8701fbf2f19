"""Idempotent writes of imported units and lineage links, matched on the unit's ``key`` (shared by the
territorial import, the departments and the portal's unit list)."""

from __future__ import annotations

from datetime import date

from .models import Unit, UnitLink

Counters = dict[str, int]


def new_counters() -> Counters:
    return {"created": 0, "updated": 0, "links": 0}


def upsert_unit(key: str, counters: Counters, **fields) -> Unit:
    """The unit with ``key``, created or brought up to ``fields`` (saved only when something differs)."""
    unit = Unit.objects.filter(key=key).first()
    if unit is None:
        unit = Unit(key=key, **fields)
        unit.save()
        counters["created"] += 1
        return unit
    changed = False
    for attr, value in fields.items():
        if getattr(unit, attr) != value:
            setattr(unit, attr, value)
            changed = True
    if changed:
        unit.save()
        counters["updated"] += 1
    return unit


def upsert_link(pred: Unit, succ: Unit, kind: str, counters: Counters, *, effective_date: date, source: str) -> UnitLink:
    """The lineage link ``pred`` → ``succ``, created or brought up to ``kind``, date and source."""
    link, created = UnitLink.objects.get_or_create(
        predecessor=pred, successor=succ,
        defaults={"kind": kind, "effective_date": effective_date, "source": source[:255]},
    )
    if not created and (link.kind, link.effective_date, link.source) != (kind, effective_date, source[:255]):
        link.kind, link.effective_date, link.source = kind, effective_date, source[:255]
        link.save()
    counters["links"] += 1
    return link
