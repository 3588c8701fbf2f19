"""cchc.units.services.resolve / UnitResolver: the one rule (cchc.core.unit_refs) over the database."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.core.errors import NotFound
from cchc.units.models import Unit
from cchc.units.services import AmbiguousUnit, UnitNotFound, UnitResolver, resolve
from tests.factories import make_unit


@pytest.fixture
def reorganised(province):
    """The commune 90101 ends on 30/6/2025 and its code is given to a new commune from 1/7/2025."""
    province.commune.valid_to = date(2025, 6, 30)
    province.commune.save()
    new = make_unit(key="t:2025:commune:x", code=province.commune.code, name="Xã Mới", kind="commune",
                    parent=province.province, province=province.province, valid_from=date(2025, 7, 1))
    return province.commune, new


def test_find_unit_by_code_across_the_reorganisation(reorganised):
    # Moved from tests/analytics (analytics.services.find_unit): the same code before and after
    # 1/7/2025, the day chooses, the key always works.
    old, new = reorganised
    assert resolve(old.code, on=date(2026, 12, 31)) == new
    assert resolve(old.code, on=date(2024, 12, 31)) == old
    assert resolve(new.key) == new
    # Changed: without a day, find_unit refused; the one rule takes the newer of two successive units
    # (as createuser did).
    assert resolve(old.code) == new
    with pytest.raises(NotFound):
        resolve("nope")


def test_two_units_valid_together_are_refused_naming_both(province):
    other = make_unit(key="t:commune:twin", code="90199", name="Xã  MỸ ĐỨC", kind="commune",
                      parent=province.district2, province=province.province)
    with pytest.raises(AmbiguousUnit) as exc:
        resolve("xã mỹ đức")
    assert exc.value.message == (
        "«xã mỹ đức» ứng với 2 đơn vị cùng còn hiệu lực: Xã Mỹ Đức (90101, t:commune:1); "
        "Xã  MỸ ĐỨC (90199, t:commune:twin); hãy dùng mã hoặc khóa định danh của đơn vị.")
    assert resolve("90199") == other  # the code is unambiguous


def test_a_unit_outside_the_window_is_not_valid_there(reorganised):
    old, _new = reorganised
    with pytest.raises(UnitNotFound, match="Không có đơn vị «t:commune:1» còn hiệu lực ngày 01/07/2025") as exc:
        resolve(old.key, on=date(2025, 7, 1))
    assert exc.value.valid_elsewhere
    with pytest.raises(UnitNotFound) as unknown:
        resolve("t:khong-co")
    assert not unknown.value.valid_elsewhere


def test_province_scoped_short_codes(province):
    other = make_unit(key="t:province:60", code="60", name="Tỉnh Khác", kind="province")
    make_unit(key="t:60.SNV", code="60.SNV", name="Sở Nội vụ", kind="department", parent=other, province=other)
    assert resolve("SNV", province=province.province) == province.snv
    assert resolve("52.SNV") == province.snv
    with pytest.raises(UnitNotFound):
        resolve("SNV")  # a short code means nothing outside a province
    with pytest.raises(UnitNotFound):
        resolve("60.SNV", province=province.province)  # another province's unit
    with pytest.raises(AmbiguousUnit):
        resolve("Sở Nội vụ")  # two provinces' departments
    assert resolve("sở nội vụ", province=province.province) == province.snv


def test_the_queryset_offers_the_same_rule(province):
    assert Unit.objects.resolve("SNV", province=province.province) == province.snv
    with pytest.raises(UnitNotFound):
        Unit.objects.filter(kind="commune").resolve("52.SNV")


def test_a_batch_costs_one_query(province):
    with CaptureQueriesContext(connection) as queries:
        resolver = UnitResolver()
        ids = [resolver.resolve_id(ref, on=date(2026, 1, 1)) for ref in ("52.SNV", "t:commune:3", "Huyện Phù Mỹ", "90102")]
    assert ids == [province.snv.pk, province.other_district_commune.pk, province.district.pk, province.commune2.pk]
    assert len(queries) == 1


@pytest.mark.parametrize(("stored", "typed"), [
    ("Xã Thanh Hòa", "Xã Thanh Hoà"), ("Xã Thanh Hoà", "xã thanh hòa"),
    ("Phường Thủy Xuân", "Phường Thuỷ Xuân"), ("Phường Thuỷ Xuân", "PHƯỜNG THỦY XUÂN"),
    ("Xã Quý Lộc", "Xã Qúy Lộc"), ("Xã Hòa Bình", unicodedata.normalize("NFD", "Xã Hoà Bình")),
])
def test_a_name_in_the_other_tone_mark_placement_is_the_same_unit(province, stored, typed):
    unit = make_unit(key="t:commune:tone", code="90188", name=stored, kind="commune",
                     parent=province.district2, province=province.province)
    assert resolve(typed) == unit
    assert resolve(typed, province=province.province) == unit
    assert UnitResolver(province=province.province).resolve_id(typed) == unit.pk


def test_two_placements_of_one_name_are_one_name_twice_valid(province):
    """Two units valid together whose names differ only in the placement are ambiguous, not two names."""
    make_unit(key="t:commune:hoa1", code="90188", name="Xã Thanh Hòa", kind="commune",
              parent=province.district2, province=province.province)
    make_unit(key="t:commune:hoa2", code="90189", name="Xã Thanh Hoà", kind="commune",
              parent=province.district, province=province.province)
    with pytest.raises(AmbiguousUnit):
        resolve("Xã Thanh Hoà")
