"""How a picker names a unit (cchc.core.unit_labels): name, parent, validity, hand-worked."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.unit_labels import unit_label, validity_note


@pytest.mark.parametrize(("args", "expected"), [
    # an old commune with its district, ended with the districts on 30/6/2025
    (("Xã Mỹ Đức", "Huyện Phù Mỹ", None, date(2025, 6, 30)), "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)"),
    # a new commune of the reorganised province, valid from 1/7/2025
    (("Xã Phù Mỹ", "Tỉnh Gia Lai", date(2025, 7, 1), None), "Xã Phù Mỹ — Tỉnh Gia Lai (từ 01/07/2025)"),
    # both ends
    (("Phường Cũ", "Thị xã A", date(2020, 1, 1), date(2025, 6, 30)),
     "Phường Cũ — Thị xã A (từ 01/01/2020 đến 30/06/2025)"),
    # a department with its province, open ends: nothing in brackets
    (("Sở Nội vụ", "Tỉnh Gia Lai", None, None), "Sở Nội vụ — Tỉnh Gia Lai"),
    # the province itself: no parent
    (("Tỉnh Gia Lai", None, date(2025, 7, 1), None), "Tỉnh Gia Lai (từ 01/07/2025)"),
    (("Tỉnh Bình Định", "", None, None), "Tỉnh Bình Định"),
])
def test_unit_label(args, expected):
    assert unit_label(*args) == expected


def test_validity_note_of_open_ends_is_empty():
    assert validity_note(None, None) == ""
    assert validity_note(date(2025, 7, 1), date(2025, 7, 1)) == "từ 01/07/2025 đến 01/07/2025"
