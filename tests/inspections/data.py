"""The inspections' test world: the factories' province with seven more communes (ten in the commune
block, two agencies), this year's plan with the seed's two inspection targets, and stored figures of the
previous year that make some communes riskier than others."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from django.utils import timezone

from cchc.plans.services import import_plan
from tests import factories

TARGETS_YAML = textwrap.dedent("""\
    plan:
      code: KT-{year}
      province_code: "{code}"
      year: {year}
      document_number: "1/KH-UBND"
      document_date: {previous}-12-20
      title: "Kế hoạch CCHC thử nghiệm"
      transcription: complete
    areas:
      - {{code: CDDH, name: "Công tác chỉ đạo, điều hành"}}
    targets:
      - code: KT01
        area: CDDH
        text: "Kiểm tra CCHC ít nhất 30% đơn vị mỗi khối"
        measure: kpi
        kpi_code: inspection_coverage_rate
        unit_of_measure: "%"
        comparator: ">="
        thresholds: [{{level: all, value: 30}}]
        applies_to: [province, commune]
      - code: KT02
        area: CDDH
        text: "100% tồn tại qua kiểm tra được khắc phục trong năm"
        measure: kpi
        kpi_code: inspection_remediation_rate
        unit_of_measure: "%"
        comparator: ">="
        thresholds: [{{level: all, value: 100}}]
        applies_to: [province, commune]
    """)


def year() -> int:
    return timezone.localdate().year


def world():
    tree = factories.make_province_tree()
    extra = [factories.make_unit(key=f"t:commune:x{i}", code=f"9019{i}", name=f"Xã Thử {i}", kind="commune",
                                 parent=tree.district, province=tree.province) for i in range(1, 8)]
    plan = import_plan(TARGETS_YAML.format(code=tree.province.code, year=year(), previous=year() - 1).encode(),
                       "kt.yaml").plan
    users = factories.make_users(tree=tree)
    as_of = timezone.now() - timedelta(days=1)
    last = date(year() - 1, 1, 1)
    # Last year's on-time rates: Xã Thử 1 worst, then Xã Thử 2; the rest at 100%.
    rates = {extra[0]: 50, extra[1]: 70}
    for unit in [tree.commune, tree.commune2, tree.other_district_commune, *extra]:
        factories.make_kpi_value(unit=unit, code="ontime_rate", start=last, kind="year",
                                 value=rates.get(unit, 100), numerator=rates.get(unit, 100), denominator=100,
                                 as_of=as_of)
    return tree, extra, plan, users


def communes(tree, extra):
    return [tree.commune, tree.commune2, tree.other_district_commune, *extra]
