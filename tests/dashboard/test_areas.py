"""The map's areas (cchc.dashboard.areas): cells of the units' points inside the province's outline,
worked out by hand on squares."""

from __future__ import annotations

import pytest

from cchc.dashboard import areas

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]


def test_convex_hull_drops_inner_and_collinear_points():
    hull = areas.convex_hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 0)])
    assert sorted(hull) == sorted([(0, 0), (2, 0), (2, 2), (0, 2)])
    assert areas.convex_hull([(1, 1), (1, 1)]) == [(1, 1)]


def test_widened_pushes_the_outline_out_and_boxes_a_single_point():
    assert areas.area(areas.widened(SQUARE, margin=0.1)) > areas.area(SQUARE)
    box = areas.widened([(5.0, 5.0)], minimum=0.5)
    assert sorted(box) == [(4.5, 4.5), (4.5, 5.5), (5.5, 4.5), (5.5, 5.5)]


def test_two_sites_split_the_square_at_their_bisector():
    cells = areas.voronoi_cells({1: (0.5, 1.0), 2: (1.5, 1.0)}, SQUARE)
    assert areas.area(cells[1]) == pytest.approx(2.0) and areas.area(cells[2]) == pytest.approx(2.0)
    assert max(x for x, _y in cells[1]) == pytest.approx(1.0)  # x ≤ 1: nearer to (0.5, 1)
    assert min(x for x, _y in cells[2]) == pytest.approx(1.0)


def test_four_sites_make_four_quadrants_and_a_fifth_in_the_middle_a_diamond():
    corners = {1: (0.5, 0.5), 2: (1.5, 0.5), 3: (1.5, 1.5), 4: (0.5, 1.5)}
    cells = areas.voronoi_cells(corners, SQUARE)
    assert [areas.area(cells[k]) for k in corners] == pytest.approx([1.0] * 4)
    # A site at the centre takes the diamond |x−1| + |y−1| ≤ 1/2 (bisectors at distance 1/√2·1/2·√2): area 1/2.
    cells = areas.voronoi_cells({**corners, 5: (1.0, 1.0)}, SQUARE)
    assert areas.area(cells[5]) == pytest.approx(0.5)
    assert sum(areas.area(c) for c in cells.values()) == pytest.approx(4.0)


def test_sites_on_the_same_spot_leave_one_cell():
    cells = areas.voronoi_cells({1: (1.0, 1.0), 2: (1.0, 1.0)}, SQUARE)
    assert list(cells) == [1] and areas.area(cells[1]) == pytest.approx(4.0)


def test_contains():
    assert areas.contains(SQUARE, (1, 1)) and not areas.contains(SQUARE, (3, 1))


def test_unit_cells_are_in_degrees_and_hold_their_unit(db):
    points = {1: (14.0, 108.0), 2: (14.0, 109.0), 3: (13.0, 108.5)}  # (latitude, longitude)
    cells = areas.unit_cells(points, list(points.values()))
    assert set(cells) == {1, 2, 3}
    for pk, (lat, lon) in points.items():
        assert areas.contains(cells[pk], (lon, lat))
    assert areas.unit_cells(points, list(points.values())) == cells  # the second read is the cached one
    geo = areas.feature_collection(cells)
    assert [f["properties"]["name"] for f in geo["features"]] == ["1", "2", "3"]
    ring = geo["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]  # GeoJSON rings are closed
