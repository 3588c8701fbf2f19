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


# pi-docs ------------------------------------------------------------------------------------------
# A small PAR index (issue 13) built directly with the ORM, for the documents' tests: a version as a
# compact spec, its season, and a unit's assessment with its scores, evidence and stored results.

#: (area code, name, applies_to, [(criterion code, name, [(component code, name, max, method)])])
PAR_DOCS_STRUCTURE = (
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "all", [
        ("1.1", "Kế hoạch cải cách hành chính năm", [
            ("1.1.1", "Ban hành kế hoạch đúng thời hạn", "2.00", "evidence"),
            ("1.1.2", "Mức độ hoàn thành kế hoạch", "3.00", "computed"),
        ]),
        ("1.2", "Công tác tuyên truyền cải cách hành chính", [
            ("1.2.1", "Ban hành kế hoạch tuyên truyền", "1.00", "evidence"),
        ]),
    ]),
    ("3", "Cải cách thủ tục hành chính", "handles_procedures", [
        ("3.1", "Giải quyết thủ tục hành chính", [
            ("3.1.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2.50", "evidence"),
        ]),
    ]),
    ("8", "Tác động của cải cách hành chính", "all", [
        ("8.1", "Sự hài lòng của người dân", [
            ("8.1.1", "Mức độ hài lòng", "1.50", "survey"),
        ]),
    ]),
)


def make_par_docs_version(*, year: int = 2026, block: str = "commune", code: str | None = None,
                          structure=PAR_DOCS_STRUCTURE, **fields):
    """An index version with its areas, criteria and components from ``structure`` (maxima add up)."""
    from cchc.parindex.models import Area, Component, Criterion, IndexVersion

    version = IndexVersion.objects.create(
        code=code or f"tn-{block}-{year}", name=fields.pop("name", f"Bộ chỉ số thử nghiệm {block} {year}"),
        issuer=fields.pop("issuer", "Ủy ban nhân dân tỉnh Thử Nghiệm"), year=year, block=block, **fields)
    for a_order, (a_code, a_name, applies, criteria) in enumerate(structure):
        a_max = sum(Decimal(m) for _c, _n, comps in criteria for _cc, _cn, m, _me in comps)
        area = Area.objects.create(version=version, code=a_code, name=a_name, order=a_order, max_points=a_max,
                                   applies_to=applies)
        for c_order, (c_code, c_name, components) in enumerate(criteria):
            criterion = Criterion.objects.create(area=area, code=c_code, name=c_name, order=c_order,
                                                 max_points=sum(Decimal(m) for _cc, _cn, m, _me in components))
            for order, (code_, name, max_points, method) in enumerate(components):
                Component.objects.create(criterion=criterion, code=code_, name=name, order=order,
                                         max_points=Decimal(max_points), method=method)
    return version


def make_par_docs_season(*, version, status: str = "self", **fields):
    """The version's season, opened on 10/11 of its year (DOMAIN §12.3), in ``status``."""
    from datetime import date

    from cchc.parindex.models import Season

    year = version.year
    return Season.objects.create(version=version, year=year, opens_on=date(year, 11, 10),
                                 self_due=date(year, 11, 30), appraisal_due=date(year, 12, 20), status=status,
                                 **fields)


def make_par_docs_assessment(*, season, unit, scores=None, evidence=None, **fields):
    """A unit's assessment with one Score per component (``scores``: component code → Score fields) and
    evidence (``evidence``: component code → [(document number, locator)]); ``fields``: the assessment's
    own (status, stored totals, ranks, band, masked, difficulties…)."""
    from django.core.files.base import ContentFile

    from cchc.parindex.models import Assessment, Component, Evidence, Score

    assessment = Assessment.objects.create(season=season, unit=unit, **fields)
    given = scores or {}
    for component in Component.objects.filter(criterion__area__version=season.version_id):
        score = Score.objects.create(assessment=assessment, component=component, **given.get(component.code, {}))
        for number, locator in (evidence or {}).get(component.code, ()):
            Evidence.objects.create(score=score, file=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"),
                                    document_number=number, locator=locator)
    return assessment


# pi-appraise ---------------------------------------------------------------------------------------------
# A small PAR index (three areas; area 3, procedures, applies to units that handle them), its season, and
# assessments created directly (opening a season is cchc.parindex.services.open_season's), self-scored and
# submitted unless told.


def make_par_version(*, code: str = "tn-2026-xa", year: int = 2026, block: str = "commune"):
    """Areas 1–3, one criterion each: 1.1.1 evidence (2 points); 2.1.1 evidence (3), 2.1.2 computed from a
    figure (thresholds: ≥ 90 → 2, ≥ 70 → 1); 3.1.1 evidence (4) and 3.1.2 survey (1), area 3 for units that
    handle procedures. Marked illustrative."""
    from cchc.parindex.models import Area, Component, Criterion, IndexVersion

    version = IndexVersion.objects.create(code=code, name=f"Bộ chỉ số thử nghiệm {year} (minh họa)", issuer="UBND tỉnh",
                                          year=year, block=block, illustrative=True)
    spec = (
        ("1", "Chỉ đạo, điều hành CCHC", "all", [("1.1.1", "evidence", "2", {})]),
        ("2", "Cải cách thể chế", "all", [("2.1.1", "evidence", "3", {}),
                                          ("2.1.2", "computed", "2", {"source": "kpi", "kpi": "on_time_rate",
                                                                       "scale": "thresholds",
                                                                       "thresholds": [[90, 2], [70, 1]]})]),
        ("3", "Cải cách TTHC", "handles_procedures", [("3.1.1", "evidence", "4", {}), ("3.1.2", "survey", "1", {})]),
    )
    for order, (area_code, name, applies, components) in enumerate(spec, start=1):
        total = sum(Decimal(p) for _c, _m, p, _r in components)
        area = Area.objects.create(version=version, code=area_code, name=name, order=order, max_points=total,
                                   applies_to=applies)
        criterion = Criterion.objects.create(area=area, code=f"{area_code}.1", name=f"Tiêu chí {area_code}.1", order=1,
                                             max_points=total)
        for n, (comp_code, method, points, rule) in enumerate(components, start=1):
            Component.objects.create(criterion=criterion, code=comp_code, name=f"Tiêu chí thành phần {comp_code}",
                                     order=n, max_points=Decimal(points), method=method, rule=rule)
    return version


def make_par_season(*, version, opens_on=None, self_due=None, appraisal_due=None, response_days: int = 5,
                    status: str = "self"):
    """The season of ``version``: opened 10/11 of its year, self-assessment due 30/11, appraisal 31/12."""
    from datetime import date

    from cchc.parindex.models import Season

    y = version.year
    return Season.objects.create(version=version, year=y, opens_on=opens_on or date(y, 11, 10),
                                 self_due=self_due or date(y, 11, 30), appraisal_due=appraisal_due or date(y, 12, 31),
                                 response_days=response_days, status=status)


def make_par_assessment(*, season, unit, status: str = "submitted", self_points=None, handles_procedures: bool = True,
                        computed_value: Decimal | int | None = 80):
    """``unit``'s assessment with a Score per component: evidence self-scored at full points with full
    evidence (or ``self_points``: component code → points), the computed one's figure ``computed_value``."""
    from cchc.parindex.models import Assessment, Component, Score

    assessment = Assessment.objects.create(season=season, unit=unit, status=status,
                                           handles_procedures=handles_procedures,
                                           submitted_at=timezone.now() if status != "draft" else None)
    wanted = self_points or {}
    for component in Component.objects.filter(criterion__area__version=season.version):
        score = Score(assessment=assessment, component=component)
        if component.method == "evidence":
            score.self_points = Decimal(str(wanted.get(component.code, component.max_points)))
            score.evidence_state = "full"
        elif component.method == "computed":
            score.computed_value = None if computed_value is None else Decimal(computed_value)
            score.computed_as_of = season.self_due
            score.computed_source = "Tỷ lệ hồ sơ giải quyết đúng hạn"
        score.save()
    return assessment


def make_appraiser(*, username: str = "thamdinh", season=None, areas=(), full_name: str = "Người thẩm định"):
    """An account with the appraiser role; with a ``season``, a member of its Tổ thẩm định for ``areas``
    (area codes; none: every area)."""
    from cchc.parindex.models import AppraiserScope

    user = make_user(username=username, role=Role.APPRAISER, full_name=full_name)
    if season is not None:
        scope = AppraiserScope.objects.create(season=season, user=user)
        scope.areas.set(season.version.areas.filter(code__in=list(areas)))
    return user


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


def make_par_result_version(*, year: int = 2026, block: str = "commune", code: str | None = None, bands=None,
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


def make_par_result_season(*, version, units, status: str = "appraisal"):
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


# pi-season ---------------------------------------------------------------------------------------------
# A small PAR index version (every method, an area applying only to units that handle procedures) and its
# season opened through the service, for the tests of the season, the self-assessment and the results.


def make_index_version(*, code: str = "tn-xa-2026", year: int = 2026, block: str = "commune", **extra):
    """An index version of 4 areas, 20 points: area 1 (evidence: 1.1.1 of 2, 1.1.2 of 3; computed 1.2.1
    reporting timeliness, 1.2.2 task completion, 2 each), area 3 for units that handle procedures (computed
    3.1.1 on-time rate by thresholds, 4; evidence 3.1.2, 2), area 5 (computed 5.1.1 the 766 total, linear,
    2; computed 5.1.2 inspection remediation rate, 1) and area 8 (survey 8.1.1, 2)."""
    from cchc.parindex.models import Area, Component, Criterion, IndexVersion

    version = IndexVersion.objects.create(code=code, name=f"Bộ chỉ số thử nghiệm {year} (minh họa)",
                                          issuer="UBND tỉnh Thử Nghiệm", year=year, block=block, **extra)
    tree = [
        ("1", "Công tác chỉ đạo, điều hành", "all", [
            ("1.1", "Kế hoạch CCHC", [("1.1.1", "evidence", 2, {}), ("1.1.2", "evidence", 3, {})]),
            ("1.2", "Báo cáo, nhiệm vụ", [
                ("1.2.1", "computed", 2, {"source": "reporting_timeliness", "scale": "linear", "target": 100}),
                ("1.2.2", "computed", 2, {"source": "task_completion", "scale": "linear", "target": 100})]),
        ]),
        ("3", "Cải cách thủ tục hành chính", "handles_procedures", [
            ("3.1", "Giải quyết TTHC", [
                ("3.1.1", "computed", 4, {"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds",
                                          "thresholds": [[95, 4], [80, 2], [0, 0]]}),
                ("3.1.2", "evidence", 2, {})]),
        ]),
        ("5", "Hiện đại hóa", "all", [
            ("5.1", "Chỉ số 766 và kiểm tra", [
                ("5.1.1", "computed", 2, {"source": "score766", "scale": "linear", "target": 100}),
                ("5.1.2", "computed", 1, {"source": "kpi", "kpi": "inspection_remediation_rate", "scale": "linear",
                                          "target": 100})]),
        ]),
        ("8", "Mức độ hài lòng", "all", [("8.1", "Điều tra xã hội học", [("8.1.1", "survey", 2, {})])]),
    ]
    for a_order, (a_code, a_name, applies, criteria) in enumerate(tree):
        a_max = sum(c[2] for _k, _n, comps in criteria for c in comps)
        area = Area.objects.create(version=version, code=a_code, name=a_name, order=a_order, max_points=a_max,
                                   applies_to=applies)
        for c_order, (c_code, c_name, comps) in enumerate(criteria):
            criterion = Criterion.objects.create(area=area, code=c_code, name=c_name, order=c_order,
                                                 max_points=sum(c[2] for c in comps))
            for order, (code_, method, points, rule) in enumerate(comps):
                Component.objects.create(criterion=criterion, code=code_, name=f"Tiêu chí thành phần {code_}",
                                         order=order, max_points=points, method=method, rule=rule,
                                         guidance=f"Minh chứng của {code_}")
    return version


def make_season(*, by, version=None, opens_on=None, self_due=None, appraisal_due=None, response_days: int = 5,
                publish_on=None):
    """A season opened through cchc.parindex.services.open_season (a new make_index_version if none): opens
    10/11, self-assessment due 30/11, appraisal due 20/12 of the version's year unless told."""
    from datetime import date

    from cchc.parindex import services

    version = version or make_index_version()
    y = version.year
    return services.open_season(version, opens_on=opens_on or date(y, 11, 10), self_due=self_due or date(y, 11, 30),
                                appraisal_due=appraisal_due or date(y, 12, 20), response_days=response_days,
                                publish_on=publish_on, by=by)
