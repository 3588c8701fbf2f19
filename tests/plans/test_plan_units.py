"""A plan file's lead and cooperating units are found by the one rule (cchc.units.services.UnitResolver):
the province's short code, the full code, the key or the name, valid in the plan's year."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import InvalidInput
from cchc.plans.models import Task
from cchc.plans.services import import_plan
from tests import factories
from tests.factories import make_unit


def _import(lead: str, *, code: str = "TN-DV") -> object:
    text = factories.plan_yaml().decode().replace("code: TN-2022", f"code: {code}")
    return import_plan(text.replace("lead_units: [SNV]", f"lead_units: {lead}").encode(), "dv.yaml")


def _refusal(lead: str) -> str:
    with pytest.raises(InvalidInput) as exc:
        _import(lead)
    return "; ".join(i.message for i in exc.value.issues if i.field == "tasks: lead_units")


def test_short_code_full_code_key_and_name(province):
    _import('[SNV, "52.STP", "t:district:1", "  xã MỸ LỘC "]')
    task = Task.objects.get(plan__code="TN-DV", code="NV01")
    assert set(task.lead_units.all()) == {province.snv, province.stp, province.district, province.commune2}


def test_a_unit_not_valid_in_the_plans_year_is_refused(province):
    make_unit(key="t:commune:gone", code="90109", name="Xã Đã Sáp Nhập", kind="commune", parent=province.district,
              province=province.province, valid_to=date(2021, 12, 31))
    assert _refusal("[90109]") == "Không có đơn vị «90109» còn hiệu lực từ 01/01/2022 đến 31/12/2022."


def test_a_name_two_units_share_is_refused_naming_them(province):
    make_unit(key="t:commune:twin", code="90299", name="Xã Mỹ Lộc", kind="commune", parent=province.district2,
              province=province.province)
    message = _refusal('["Xã Mỹ Lộc"]')
    assert "ứng với 2 đơn vị" in message
    assert "Xã Mỹ Lộc (90102, t:commune:2); Xã Mỹ Lộc (90299, t:commune:twin)" in message


def test_another_provinces_unit_is_not_found(province):
    make_unit(key="t:province:60", code="60", name="Tỉnh Khác", kind="province")
    assert _refusal('["60"]') == "Không tìm thấy đơn vị «60» thuộc tỉnh của kế hoạch."


def test_the_plans_province_by_the_same_rule(province):
    text = factories.plan_yaml().decode().replace("code: TN-2022", "code: TN-TINH")
    plan = import_plan(text.replace('province_code: "52"', 'province_code: "t:province:52"').encode(), "tinh.yaml").plan
    assert plan.province == province.province
    with pytest.raises(InvalidInput, match="Không có tỉnh mã «90101» còn hiệu lực năm 2022"):
        import_plan(text.replace('province_code: "52"', 'province_code: "90101"').encode(), "tinh.yaml")  # a commune
