"""The plan, the record and the notice as DOCX: the inspections' data turned into the plain data the
renderer takes (cchc.documents.inspection), with the wording of data/wording.yaml ([K] configuration,
DOMAIN §12.5). Documents are Vietnamese whatever the reader's language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from django.utils import timezone, translation

from cchc.core.inspection import INPUT_NAMES, PAR_AREAS
from cchc.documents import inspection as doc

from .models import Inspection, InspectionPlan

WORDING = Path(__file__).resolve().parent / "data" / "wording.yaml"


@cache
def wording() -> dict:
    """The wording of the three documents (data/wording.yaml)."""
    return yaml.safe_load(WORDING.read_text(encoding="utf-8"))


def _province_name(unit) -> str:
    name = unit.name
    return name[0].lower() + name[1:] if name.startswith("Tỉnh") else name


def _issuer(province, day, number=None) -> doc.Issuer:
    return doc.Issuer(_province_name(province), day, number)


def plan_docx(plan: InspectionPlan) -> bytes:
    with translation.override("vi"):
        rows = [doc.PlanRow(r.unit.name, str(r.get_chosen_by_display()),
                            "" if r.risk_score is None else f"{r.risk_score:.2f}".replace(".", ","),
                            str(r.inspection.get_mode_display()))
                for r in plan.units.filter(withdrawn=False).select_related("unit", "inspection")
                .order_by("chosen_by", "-risk_score", "unit__name")]
        from .services import block_units

        data = doc.PlanDoc(plan.year, str(plan.get_block_display()), f"{plan.share_percent}", len(
            block_units(plan.province, plan.block, plan.year)), plan.seed, rows,
            [(INPUT_NAMES.get(k, k), v) for k, v in plan.weights.items()])
        return doc.build_plan_docx(data, _issuer(plan.province, timezone.localtime(plan.drawn_at).date(), plan.number),
                                   wording())


def _record(inspection: Inspection) -> doc.RecordDoc:
    areas = dict(PAR_AREAS)
    findings = [doc.FindingRow(areas.get(f.area, f.area), f.text, str(f.get_severity_display()),
                               getattr(getattr(f, "remediation", None), "deadline", None))
                for f in inspection.findings.select_related("remediation").order_by("pk")]
    return doc.RecordDoc(
        inspection.plan_unit.plan.year, inspection.unit.name, inspection.held_on, str(inspection.get_mode_display()),
        inspection.team.splitlines(), inspection.participants.splitlines(),
        [(areas.get(k, k), v) for k, v in inspection.content.items()], findings, inspection.recommendations,
        inspection.notice_actions, inspection.notice_deadline)


def record_docx(inspection: Inspection) -> bytes:
    with translation.override("vi"):
        return doc.build_record_docx(_record(inspection), _issuer(inspection.plan_unit.plan.province,
                                                                  inspection.held_on, inspection.record_number),
                                     wording())


def notice_docx(inspection: Inspection) -> bytes:
    with translation.override("vi"):
        return doc.build_notice_docx(_record(inspection), _issuer(inspection.plan_unit.plan.province,
                                                                  inspection.notice_issued_on,
                                                                  inspection.notice_number), wording())
