"""The dashboard map's areas: one cell per unit, drawn from the units' coordinates (docs/dashboard.md, "The map").

No package or public data set reachable from this project carries the boundaries of the communes and wards
made on 1/7/2025: ``vietnamadminunits`` (the unit import's source) and ``vietnam-provinces`` give names,
codes and (the former) one point per unit, not polygons. So each unit gets the part of the province nearest
to its point (a Voronoi cell), clipped to the province's outline drawn around every unit's point (the convex
hull, widened a little). The cells are not legal boundaries and the page says so; they give each unit a
named, coloured area of about its size and place, next to its neighbours.

Plane geometry only (no GIS library): longitudes are scaled by the cosine of the province's mean latitude so
that distances are about right across a province (a few hundred kilometres), then cells go back to degrees.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

from django.core.cache import cache

Point = tuple[float, float]
Polygon = list[Point]

#: How far the outline is widened around the outermost units' points, as a share of its size.
MARGIN = 0.06


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: list[Point]) -> Polygon:
    """The convex hull of ``points``, counter-clockwise, without repeating the first point (Andrew's
    monotone chain); fewer than three distinct points give what there is."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts
    lower: Polygon = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: Polygon = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def widened(polygon: Polygon, margin: float = MARGIN, minimum: float = 0.02) -> Polygon:
    """``polygon`` pushed away from its centre by ``margin`` of its width (at least ``minimum``), so the
    outermost units' points are inside their cells, not on the edge. A point or a segment becomes a box."""
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    pad = max(margin * max(max(xs) - min(xs), max(ys) - min(ys)), minimum)
    if len(polygon) < 3:
        return [(min(xs) - pad, min(ys) - pad), (max(xs) + pad, min(ys) - pad), (max(xs) + pad, max(ys) + pad),
                (min(xs) - pad, max(ys) + pad)]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    out = []
    for x, y in polygon:
        d = math.hypot(x - cx, y - cy) or 1.0
        out.append((x + (x - cx) / d * pad, y + (y - cy) / d * pad))
    return out


def _clip(polygon: Polygon, site: Point, other: Point) -> Polygon:
    """The part of convex ``polygon`` nearer to ``site`` than to ``other`` (one Sutherland–Hodgman step
    against their perpendicular bisector)."""
    mx, my = (site[0] + other[0]) / 2, (site[1] + other[1]) / 2
    nx, ny = other[0] - site[0], other[1] - site[1]

    def side(p: Point) -> float:  # < 0: on the site's side
        return (p[0] - mx) * nx + (p[1] - my) * ny

    out: Polygon = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        sc, sp = side(current), side(previous)
        if sc <= 0:
            if sp > 0:
                out.append(_meet(previous, current, sp, sc))
            out.append(current)
        elif sp <= 0:
            out.append(_meet(previous, current, sp, sc))
    return out


def _meet(a: Point, b: Point, sa: float, sb: float) -> Point:
    t = sa / (sa - sb)
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def area(polygon: Polygon) -> float:
    """The polygon's area (shoelace formula), whatever its orientation."""
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(polygon, polygon[1:] + polygon[:1], strict=True))) / 2


def contains(polygon, point: Point) -> bool:
    """Whether ``point`` is inside ``polygon`` (corners as pairs; the first may be repeated at the end)."""
    x, y = point
    inside = False
    corners = [tuple(p) for p in polygon]
    for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def voronoi_cells(sites: Mapping[int, Point], boundary: Polygon) -> dict[int, Polygon]:
    """Each site's cell: the points of convex ``boundary`` nearer to it than to any other site. Sites on
    the same spot share nothing: the later one (by key) gets no cell. Neighbours are taken nearest first,
    and the clipping stops once the next one is further than twice the cell's farthest corner (it can no
    longer cut the cell), so a province's 135 communes take a few milliseconds."""
    keys = sorted(sites)
    cells: dict[int, Polygon] = {}
    for key in keys:
        site = sites[key]
        others = sorted((math.dist(site, sites[k]), k) for k in keys if k != key)
        cell = list(boundary)
        for distance, other in others:
            if distance == 0:
                if other < key:
                    cell = []
                    break
                continue
            reach = max((math.dist(site, p) for p in cell), default=0.0)
            if distance > 2 * reach:
                break
            cell = _clip(cell, site, sites[other])
            if not cell:
                break
        if len(cell) >= 3:
            cells[key] = cell
    return cells


def unit_cells(points: Mapping[int, tuple[float, float]], outline_points: list[tuple[float, float]]) -> dict[int, Polygon]:
    """Unit id → its cell as (longitude, latitude) corners, from units' (latitude, longitude) ``points``,
    inside the outline drawn around ``outline_points`` (every unit of the province with a place, so a
    block's cells fill the same province). Kept in the cache for a day under a digest of the points."""
    if not points:
        return {}
    digest = hashlib.sha256(repr((sorted(points.items()), sorted(outline_points))).encode()).hexdigest()[:20]
    key = f"dashboard:cells:{digest}"
    found = cache.get(key)
    if found is not None:
        return found
    everything = list(points.values()) + list(outline_points)
    scale = math.cos(math.radians(sum(lat for lat, _lon in everything) / len(everything)))

    def plane(lat: float, lon: float) -> Point:
        return (lon * scale, lat)

    boundary = widened(convex_hull([plane(*p) for p in everything]))
    cells = voronoi_cells({pk: plane(*p) for pk, p in points.items()}, boundary)
    found = {pk: [(round(x / scale, 5), round(y, 5)) for x, y in cell] for pk, cell in cells.items()}
    cache.set(key, found, timeout=24 * 3600)
    return found


def feature_collection(cells: Mapping[int, Polygon]) -> dict:
    """The cells as GeoJSON features named by unit id (the chart registers them as its map)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": str(pk)},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in cell + cell[:1]]]}}
        for pk, cell in cells.items()
    ]}
