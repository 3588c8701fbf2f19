"""Test data made by keyword-only functions (no fixtures files): a small province, a plan, users per role,
procedures, dossiers and stored KPI figures. Every creator takes keywords only and has defaults for all but
what identifies the object, so a test states only what matters to it (tests/test_factories.py keeps it so).
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.dossiers.models import Dossier, Procedure
from cchc.plans.services import import_plan
from cchc.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2026"
_serial = itertools.count(1)  # unique procedure and dossier codes across a test session


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


def plan_yaml(*, code: str = "52", year: int = 2022) -> bytes:
    """The test plan of ``year`` (its code, year and deadlines; NV02's far deadline stays) for the province."""
    text = PLAN_YAML.format(code=code)
    if year != 2022:
        text = text.replace("2022", str(year))
    return text.encode("utf-8")


def make_plan(*, tree: Tree, year: int = 2022):
    return import_plan(plan_yaml(code=tree.province.code, year=year), "thu-nghiem.yaml").plan


def make_user(*, username: str, role: str, unit: Unit | None = None, password: str = PASSWORD, **extra):
    """One account (cchc.accounts.services.create_user); ``extra``: full_name, email, check_password."""
    return create_user(username=username, password=password, role=role, unit=unit, **extra)


def make_integration_user(*, username: str = "motcua"):
    """A one-stop system's account: it pushes dossiers through the API and reads nothing."""
    return make_user(username=username, role=Role.INTEGRATION)


def make_users(*, tree: Tree) -> dict:
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
        name: make_user(username=name.replace("_", "."), role=role, unit=unit, full_name=f"Người {name}")
        for name, (role, unit) in spec.items()
    }


def client_for(*, user) -> Client:
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


def make_procedure(*, code: str | None = None, name: str | None = None, time_limit: Decimal | int | None = 5,
                   time_limit_kind: str = "working_days", online_level: str = "full", has_fee: bool = False,
                   result_is_document: bool = True, **extra) -> Procedure:
    """A stored procedure: five working days, fully online, no fee unless told; a fresh code if none."""
    code = code or f"1.{next(_serial):06d}"
    return Procedure.objects.create(
        code=code, name=name or f"Thủ tục {code}", time_limit=None if time_limit is None else Decimal(time_limit),
        time_limit_kind=time_limit_kind, online_level=online_level, has_fee=has_fee,
        result_is_document=result_is_document, **extra,
    )


def build_dossier(*, unit: Unit | None, procedure: Procedure, code: str | None = None, source_system: str = "motcua",
                  status: int = 4, received_at: datetime | None = None, due_at: datetime | None = None,
                  finished_at: datetime | None = None, returned_at: datetime | None = None, channel: int = 1,
                  online_full: bool = False, supplement_count: int = 0, supplement_wait_seconds: int = 0,
                  apology_at: datetime | None = None, apology_new_due_at: datetime | None = None,
                  **extra) -> Dossier:
    """An unsaved dossier (for ``bulk_create``, or a document that needs no database): in progress
    (status 4), received ten days ago, no due date, direct channel, unless told. ``extra``: the model's other
    fields (receipt_number, fee_amount, paid_online, the digitised flags, rating...)."""
    return Dossier(
        source_system=source_system, code=code or f"HS-{next(_serial):07d}", unit=unit, procedure=procedure,
        status=status, received_at=received_at or timezone.now() - timedelta(days=10), due_at=due_at,
        finished_at=finished_at, returned_at=returned_at, channel=channel, online_full=online_full,
        supplement_count=supplement_count, supplement_wait_seconds=supplement_wait_seconds,
        apology_at=apology_at, apology_new_due_at=apology_new_due_at, **extra,
    )


def make_dossier(*, unit: Unit, procedure: Procedure | None = None, **fields) -> Dossier:
    """A stored dossier (``fields`` as build_dossier's); a procedure of its own (make_procedure) if none."""
    dossier = build_dossier(unit=unit, procedure=procedure or make_procedure(), **fields)
    dossier.save()
    return dossier


# pi-results
# A PAR index version, season and assessments for the results' tests (the structure and the season's own
# services are pi-structure's and pi-season's; these write the rows directly, as a decided season is).

#: (area code, applies_to, [(criterion code, [(component code, max, method)])]); 30 points in all.
PAR_STRUCTURE = (
    ("1", "all", [("1.1", [("1.1.1", "10", "evidence"), ("1.1.2", "5", "evidence")]),
                  ("1.2", [("1.2.1", "5", "computed")])]),
    ("3", "handles_procedures", [("3.1", [("3.1.1", "6", "evidence")])]),
    ("8", "all", [("8.1", [("8.1.1", "4", "survey")])]),
)


def make_par_version(*, year: int = 2026, block: str = "commune", code: str | None = None, bands=None,
                     survey_optional: bool = False, structure=PAR_STRUCTURE):
    """An index version of ``structure`` (areas → criteria → components, each criterion and area worth
    its components' sum); the computed component's rule: thresholds 90 → 5, 70 → 3."""
    from cchc.parindex.models import Area, Component, Criterion, IndexVersion

    version = IndexVersion.objects.create(
        code=code or f"tn-{block}-{year}-{next(_serial)}", name=f"Bộ chỉ số thử nghiệm {block} {year}",
        issuer="UBND tỉnh", year=year, block=block, bands=bands or [], survey_optional=survey_optional)
    for a_order, (a_code, applies, criteria) in enumerate(structure):
        a_max = sum(Decimal(m) for _c, comps in criteria for _k, m, _m in comps)
        area = Area.objects.create(version=version, code=a_code, name=f"Lĩnh vực {a_code}", order=a_order,
                                   max_points=a_max, applies_to=applies)
        for c_order, (c_code, comps) in enumerate(criteria):
            crit = Criterion.objects.create(area=area, code=c_code, name=f"Tiêu chí {c_code}", order=c_order,
                                            max_points=sum(Decimal(m) for _k, m, _m in comps))
            for k_order, (k_code, k_max, method) in enumerate(comps):
                rule = {"scale": "thresholds", "thresholds": [[90, 5], [70, 3]]} if method == "computed" else {}
                Component.objects.create(criterion=crit, code=k_code, name=f"Tiêu chí thành phần {k_code}",
                                         order=k_order, max_points=Decimal(k_max), method=method, rule=rule,
                                         guidance=f"Minh chứng cho {k_code}")
    return version


def make_par_season(*, version, units, status: str = "appraisal"):
    """A season of ``version`` with one assessment (DRAFT) per unit and one empty score per component."""
    from datetime import date

    from cchc.parindex.models import Assessment, Component, Score, Season

    season = Season.objects.create(version=version, year=version.year, opens_on=date(version.year, 11, 10),
                                   self_due=date(version.year, 11, 30), appraisal_due=date(version.year, 12, 20),
                                   status=status)
    components = list(Component.objects.filter(criterion__area__version=version))
    for unit in units:
        a = Assessment.objects.create(season=season, unit=unit)
        Score.objects.bulk_create([Score(assessment=a, component=c) for c in components])
    return season


def score_par(*, assessment, points: dict, status: str | None = "decided"):
    """Write scores as a finished appraisal leaves them: ``points`` maps a component code to the self
    points (evidence), the figure (computed: ``computed_value``), the survey points (survey), or a tuple
    (self, appraised) for an adjusted one; then refresh the totals and set ``status``."""
    from cchc.parindex import results
    from cchc.parindex.models import Score

    for score in Score.objects.filter(assessment=assessment).select_related("component"):
        value = points.get(score.component.code)
        if value is None:
            continue
        own, appraised = value if isinstance(value, tuple) else (value, None)
        field = {"evidence": "self_points", "computed": "computed_value", "survey": "survey_points"}[
            score.component.method]
        setattr(score, field, Decimal(str(own)))
        score.appraised_points = None if appraised is None else Decimal(str(appraised))
        score.save()
    results.refresh(assessment)
    if status:
        assessment.status = status
        assessment.save(update_fields=["status"])
    return assessment
