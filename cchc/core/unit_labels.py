"""How a unit is named where it is chosen among others: its name, its parent's, and its validity dates.

After the reorganisation of 1/7/2025 (Nghị quyết 202/2025/QH15 on the provinces, Nghị quyết 1664/NQ-UBTVQH15
and the Standing Committee's resolutions on the communes of each province) a province holds two
generations of units whose names repeat ("Xã Mỹ Đức" of the old Huyện Phù Mỹ, and a new "Xã Mỹ Đức"):
a list of bare names cannot tell them apart. A picker therefore names each unit with its parent and the
days it was valid (DOMAIN §12.1), one rule for every picker.
"""

from __future__ import annotations

from datetime import date

from cchc.core.i18n import N_, translate

#: Between a unit's name and its parent's.
PARENT_SEPARATOR = " — "


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def validity_note(valid_from: date | None, valid_to: date | None) -> str:
    """The days a unit was valid, as a picker shows them, in the reader's language: "từ 01/07/2025",
    "đến 30/06/2025", "từ 01/01/2020 đến 30/06/2025", or "" for a unit with open ends (its days are
    those of the province's units, nothing to tell). Source: the unit's effective dates (DOMAIN §12.1,
    Nghị quyết 202/2025/QH15: the new units take effect on 1/7/2025, the old ones end on 30/6/2025)."""
    if valid_from is not None and valid_to is not None:
        return translate(N_("từ {start} đến {end}")).format(start=_day(valid_from), end=_day(valid_to))
    if valid_to is not None:
        return translate(N_("đến {end}")).format(end=_day(valid_to))
    if valid_from is not None:
        return translate(N_("từ {start}")).format(start=_day(valid_from))
    return ""


def unit_label(name: str, parent: str | None = None, valid_from: date | None = None,
               valid_to: date | None = None) -> str:
    """A unit as a picker names it: "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)": its name, its parent's
    name when it has one, and its validity (``validity_note``) in brackets when it has any. Source: DOMAIN
    §12.1 (two generations of units with the same names, told apart by parent and dates)."""
    label = f"{name}{PARENT_SEPARATOR}{parent}" if parent else name
    note = validity_note(valid_from, valid_to)
    return f"{label} ({note})" if note else label
