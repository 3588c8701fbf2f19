"""The order units are listed in in periodic reporting (cchc.units.services.unit_order): departments, then
districts, then communes, each in Vietnamese alphabetical order; any other kind last."""

from __future__ import annotations

from cchc.units.models import Unit
from cchc.units.services import unit_order


def test_reporting_order(province):
    names = [u.name for u in sorted(Unit.objects.all(), key=unit_order)]
    assert names == ["Sở Nội vụ", "Sở Tư pháp", "Huyện Phù Mỹ", "Huyện Vân Canh",
                     "Xã Canh Vinh", "Xã Mỹ Đức", "Xã Mỹ Lộc", "Tỉnh Thử Nghiệm"]
