"""Where a unit is on the map: the latitude and longitude of the ``vietnamadminunits`` package.

The unit import (cchc.units.services.import_province) already copies the package's ``provinceLat/Lon``,
``districtLat/Lon`` and ``wardLat/Lon`` onto each unit, so the map reads them from the unit. A unit
without coordinates (made by hand in the admin with a package key) is looked up in the package by its
key, in a table read once per process. Departments (sở, ban, ngành) have no place of their own in the
package and stay off the map.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from vietnamadminunits.database import query as vau_query

from cchc.units.models import Unit
from cchc.units.services import package_key

Point = tuple[float, float]  # (latitude, longitude)


@functools.lru_cache(maxsize=1)
def package_coordinates() -> dict[str, Point]:
    """Unit key (cchc.units.services.package_key, as the import gives them) → (latitude, longitude)."""
    table: dict[str, Point] = {}

    def put(key: str, lat, lon) -> None:
        if lat is not None and lon is not None:
            table.setdefault(key, (float(lat), float(lon)))

    for r in vau_query(
        "SELECT provinceCode, provinceLat, provinceLon, districtCode, districtLat, districtLon, "
        "wardCode, wardLat, wardLon FROM admin_units_legacy"
    ):
        put(package_key("legacy", "province", r["provinceCode"]), r["provinceLat"], r["provinceLon"])
        put(package_key("legacy", "district", r["districtCode"]), r["districtLat"], r["districtLon"])
        if r["wardCode"]:
            put(package_key("legacy", "commune", r["wardCode"]), r["wardLat"], r["wardLon"])
    for r in vau_query("SELECT provinceCode, provinceLat, provinceLon, wardCode, wardLat, wardLon FROM admin_units"):
        put(package_key("2025", "province", r["provinceCode"]), r["provinceLat"], r["provinceLon"])
        if r["wardCode"]:
            put(package_key("2025", "commune", r["wardCode"]), r["wardLat"], r["wardLon"])
    return table


def coordinates_of(units: Iterable[Unit]) -> dict[int, Point]:
    """Unit id → (latitude, longitude) for the units that have a place on the map."""
    found: dict[int, Point] = {}
    missing: list[Unit] = []
    for unit in units:
        if unit.latitude is not None and unit.longitude is not None:
            found[unit.pk] = (unit.latitude, unit.longitude)
        elif unit.key.startswith("vn:"):
            missing.append(unit)
    if missing:
        table = package_coordinates()
        for unit in missing:
            if unit.key in table:
                found[unit.pk] = table[unit.key]
    return found
