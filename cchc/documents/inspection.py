"""The inspection plan, the inspection record (biên bản kiểm tra) and the results notice (thông báo kết quả
kiểm tra) as DOCX in the NĐ 30/2020 format, through the one official-document writer (officialdoc).

No official template of the record or the notice was found (DOMAIN §12.5 [K]): their wording is
configuration, passed in as ``wording`` (cchc/inspections/data/wording.yaml, read by the inspections app),
and the content as plain data (no model is imported here). The documents are official Vietnamese texts,
whatever the reader's interface language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .officialdoc import DEFAULT_LAYOUT, Layout, OfficialDocument
from .packaging import package_time
from .vietnamese import format_date_long, format_date_short

__all__ = ["Issuer", "PlanDoc", "PlanRow", "RecordDoc", "FindingRow", "build_plan_docx", "build_record_docx",
           "build_notice_docx"]


@dataclass(frozen=True)
class Issuer:
    province: str  # "tỉnh Gia Lai"
    issued_on: date | None
    number: int | None = None
    signer_name: str = ""


@dataclass(frozen=True)
class PlanRow:
    unit: str
    how: str
    score: str
    mode: str


@dataclass(frozen=True)
class PlanDoc:
    year: int
    block: str
    share: str  # "30"
    total: int
    seed: str
    rows: Sequence[PlanRow]
    weights: Sequence[tuple[str, str]] = ()  # (input, weight)


@dataclass(frozen=True)
class FindingRow:
    area: str
    text: str
    severity: str
    deadline: date | None


@dataclass(frozen=True)
class RecordDoc:
    year: int
    unit: str
    held_on: date
    mode: str
    team: Sequence[str]
    participants: Sequence[str]
    content: Sequence[tuple[str, str]]  # (area, what was checked)
    findings: Sequence[FindingRow]
    recommendations: str = ""
    notice_actions: str = ""
    notice_deadline: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


def _fill(text: str, **values: object) -> str:
    return str(text).format(**values)


def _document(wording: Mapping, part: str, issuer: Issuer, subject: str, layout: Layout) -> OfficialDocument:
    w = wording[part]
    abbr = wording.get("issuer_abbr", "")
    symbol = f"{w['symbol']}-{abbr}" if abbr else w["symbol"]
    return OfficialDocument(_fill(wording["issuer_parent"], province=issuer.province), wording["issuer"], issuer.number,
                            symbol, wording.get("place", ""), issuer.issued_on, w["doc_type"], subject, layout=layout)


def _sign(doc: OfficialDocument, wording: Mapping, issuer: Issuer, recipients: Sequence[str]) -> bytes:
    doc.noi_nhan(recipients)
    doc.signature(list(wording["signer_authority"]), issuer.signer_name or wording.get("signer_name", ""))
    return doc.to_bytes(fixed_time=package_time(issuer.issued_on or date(2000, 1, 1)))


def build_plan_docx(plan: PlanDoc, issuer: Issuer, wording: Mapping, *, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """The inspection plan of one block: purpose, scope (the share, seed 000), the units drawn and why, the
    method (weights and the seed of the draw, so it can be checked)."""
    w, h = wording["plan"], wording["headings"]
    values = {"year": plan.year, "block": plan.block, "share": plan.share, "size": len(plan.rows),
              "total": plan.total, "seed": plan.seed}
    doc = _document(wording, "plan", issuer, _fill(w["subject"], **values), layout)
    doc.heading(h["purpose"], 1)
    doc.paragraph(_fill(w["purpose"], **values))
    doc.heading(h["scope"], 1)
    doc.paragraph(_fill(w["scope"], **values))
    doc.heading(h["units"], 1)
    doc.table(list(h["unit_table"]), [[i, r.unit, r.how, r.score, r.mode] for i, r in enumerate(plan.rows, start=1)],
              [12, 70, 40, 20, 23])
    doc.heading(h["method"], 1)
    doc.paragraph(_fill(w["method"], **values))
    for name, weight in plan.weights:
        doc.bullet(f"{name}: {weight}")
    return _sign(doc, wording, issuer, list(w["recipients"]))


def _lines(values: Sequence[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def build_record_docx(record: RecordDoc, issuer: Issuer, wording: Mapping, *,
                      layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """The record of one inspection: who took part, what was checked in each reform area, the findings with
    area, severity and deadline, the recommendations; signed by the team lead and the unit."""
    w, h = wording["record"], wording["headings"]
    values = {"unit": record.unit, "year": record.year, "date": format_date_long(record.held_on)}
    doc = _document(wording, "record", issuer, _fill(w["subject"], **values), layout)
    doc.paragraph(_fill(w["opening"], **values))
    doc.paragraph(record.mode, italic=True)
    doc.heading(h["team"], 1)
    doc.paragraph(h["team_members"], bold=True)
    for line in _lines(record.team):
        doc.bullet(line)
    doc.paragraph(h["unit_participants"], bold=True)
    for line in _lines(record.participants) or ["…………………………"]:
        doc.bullet(line)
    doc.heading(h["content"], 1)
    for area, text in record.content:
        doc.paragraph(f"{area}: {text}")
    doc.heading(h["findings"], 1)
    if record.findings:
        doc.table(list(h["findings_table"]),
                  [[i, f.area, f.text, f.severity, format_date_short(f.deadline) if f.deadline else ""]
                   for i, f in enumerate(record.findings, start=1)], [12, 40, 70, 20, 23])
    else:
        doc.paragraph(h["no_findings"])
    doc.heading(h["recommendations"], 1)
    doc.paragraph(record.recommendations or "—")
    doc.paragraph(w["closing"])
    return _sign(doc, {**wording, "signer_authority": [wording["team_lead_title"]]},
                 Issuer(issuer.province, issuer.issued_on, issuer.number, issuer.signer_name), [w["unit_signer"]])


def build_notice_docx(record: RecordDoc, issuer: Issuer, wording: Mapping, *,
                      layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """The results notice: the inspection's findings and the actions required of the unit, with the deadline
    for its report of the remediation."""
    w, h = wording["notice"], wording["headings"]
    values = {"unit": record.unit, "year": record.year, "date": format_date_short(record.held_on),
              "issuer": wording["issuer"],
              "deadline": format_date_short(record.notice_deadline) if record.notice_deadline else "…………"}
    doc = _document(wording, "notice", issuer, _fill(w["subject"], **values), layout)
    doc.paragraph(_fill(w["opening"], **values))
    doc.heading(h["result"], 1)
    if record.findings:
        for f in record.findings:
            doc.bullet(f"{f.area}: {f.text} ({f.severity})")
    else:
        doc.paragraph(h["no_findings"])
    doc.heading(h["required"], 1)
    for line in _lines(record.notice_actions.splitlines()):
        doc.bullet(line)
    doc.paragraph(_fill(w["request"], **values))
    return _sign(doc, wording, issuer, [_fill(r, **values) for r in w["recipients"]])
