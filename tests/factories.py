"""Test data made by keyword-only functions (no fixtures files): a small province, a plan, users per role."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.test import Client

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.plans.services import import_plan
from cchc.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2026"


@dataclass
class Tree:
    province: Unit
    snv: Unit
    stp: Unit
    district: Unit
    district2: Unit
    commune: Unit
    commune2: Unit
    other_district_commune: Unit


def make_unit(*, key: str, code: str, name: str, kind: str, parent: Unit | None = None, province: Unit | None = None,
              **extra) -> Unit:
    unit = Unit(key=key, code=code, name=name, short_name=name.split(" ", 1)[-1], kind=kind, parent=parent,
                province=province, **extra)
    unit.save()
    if kind == "province" and unit.province_id is None:
        unit.province = unit
        unit.save()
    return unit


def make_province_tree(*, code: str = "52") -> Tree:
    p = make_unit(key=f"t:province:{code}", code=code, name="Tỉnh Thử Nghiệm", kind="province")
    snv = make_unit(key=f"t:{code}.SNV", code=f"{code}.SNV", name="Sở Nội vụ", kind="department", parent=p, province=p)
    stp = make_unit(key=f"t:{code}.STP", code=f"{code}.STP", name="Sở Tư pháp", kind="department", parent=p, province=p)
    d1 = make_unit(key="t:district:1", code="901", name="Huyện Phù Mỹ", kind="district", parent=p, province=p)
    d2 = make_unit(key="t:district:2", code="902", name="Huyện Vân Canh", kind="district", parent=p, province=p)
    c1 = make_unit(key="t:commune:1", code="90101", name="Xã Mỹ Đức", kind="commune", parent=d1, province=p)
    c2 = make_unit(key="t:commune:2", code="90102", name="Xã Mỹ Lộc", kind="commune", parent=d1, province=p)
    c3 = make_unit(key="t:commune:3", code="90201", name="Xã Canh Vinh", kind="commune", parent=d2, province=p)
    return Tree(p, snv, stp, d1, d2, c1, c2, c3)


PLAN_YAML = textwrap.dedent(
    """\
    plan:
      code: TN-2022
      province_code: "{code}"
      year: 2022
      document_number: "999/KH-UBND"
      document_date: 2021-12-20
      title: "Kế hoạch CCHC thử nghiệm năm 2022"
      transcription: complete
    areas:
      - {{code: CDDH, name: "Công tác chỉ đạo, điều hành"}}
      - {{code: TTHC, name: "Cải cách thủ tục hành chính"}}
    targets:
      - code: CT01
        area: TTHC
        text: "Số hóa kết quả giải quyết TTHC"
        measure: kpi
        kpi_code: digitised_results_rate
        unit_of_measure: "%"
        comparator: ">="
        thresholds:
          - {{level: province, value: 50}}
          - {{level: district, value: 40}}
          - {{level: commune, value: 35}}
        applies_to: [province, district, commune]
      - code: CT02
        area: TTHC
        text: "Thời gian chờ đợi trung bình"
        measure: manual
        unit_of_measure: "phút"
        comparator: "<="
        thresholds:
          - {{level: all, value: 30}}
        applies_to: [province, district, commune]
    tasks:
      - code: NV01
        area: CDDH
        title: "Kiểm tra CCHC"
        lead_units: [SNV]
        cooperating_units: [STP]
        deadline: 2022-12-31
        targets: [CT01]
      - code: NV02
        area: TTHC
        title: "Số hóa kết quả ở cấp xã"
        lead_levels: [commune]
        deadline: 2099-12-31
    """
)


def plan_yaml(*, code: str = "52") -> bytes:
    return PLAN_YAML.format(code=code).encode("utf-8")


def make_plan(tree: Tree):
    return import_plan(plan_yaml(code=tree.province.code), "thu-nghiem.yaml").plan


def make_users(tree: Tree) -> dict:
    spec = {
        "admin": (Role.ADMIN, None),
        "officer": (Role.PAR_OFFICER, tree.snv),
        "leader": (Role.LEADER, None),
        "inspector": (Role.INSPECTOR, None),
        "focal_snv": (Role.FOCAL_POINT, tree.snv),
        "focal_district": (Role.FOCAL_POINT, tree.district),
        "focal_commune": (Role.FOCAL_POINT, tree.commune),
        "focal_commune2": (Role.FOCAL_POINT, tree.commune2),
    }
    return {
        name: create_user(username=name.replace("_", "."), password=PASSWORD, role=role, unit=unit, full_name=f"Người {name}")
        for name, (role, unit) in spec.items()
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_kpi_value(*, unit: Unit, code: str, start, kind: str = "quarter", value=None, numerator: int | None = None,
                   denominator: int | None = None, as_of, end=None, definition_version: int = 1):
    """One stored KPI figure as the engine writes it (a KpiValue row), for tests of the pages and reports
    that read figures; ``end`` defaults to the period's last day (cchc.core.kpis.periods_of)."""
    from decimal import Decimal

    from cchc.analytics.models import KpiValue
    from cchc.core import kpis

    if end is None:
        end = next(e for s, e in kpis.periods_of(start.year, kind) if s == start)
    return KpiValue.objects.create(
        kpi_code=code, definition_version=definition_version, unit=unit, period_kind=kind, period_start=start,
        period_end=end, numerator=numerator, denominator=denominator,
        value=None if value is None else Decimal(str(value)), as_of=as_of,
    )
