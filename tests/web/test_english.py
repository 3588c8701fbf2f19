"""English is complete (issue #12, item 5): every page, opened in English by every role that may see it,
shows no Vietnamese text but data (unit names, plan titles, people's names typed by users).

The walk takes every named URL of the project from the URL resolver (a page added later is walked too,
and ``test_every_page_is_walked`` fails on one it cannot build an address for), fills its arguments from a
small world made with the factories (a plan, dossiers, an import with errors, a reporting period with its
reports, stored KPI figures, corrective actions), and opens it as each role. From each HTML answer it
takes what a reader sees (the text, and the attributes read aloud or shown: title, aria-label,
placeholder, alt, the label of a button), removes the data listed in ``DATA_FIELDS`` (each a model field
that holds what users or the sources typed, with why) and the numbers of legal documents ("766/QĐ-TTg"),
and fails on any word left that holds a letter only Vietnamese uses (ă â đ ê ô ơ ư and the tone-marked
vowels). The strings of the charts' JSON data are searched too, and refused input (forms, imports) is
posted in English and its answer searched the same way.

Item 7 of the same issue: no KPI code (``ontime_rate``) is shown raw on any page; pages, the API and the
documents name a KPI with cchc.analytics.choices.kpi_name_of (tests/documents/test_par_report.py checks the
report and its annexes). The English catalogue must be compiled (``make test`` does it).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.classification import services as classification
from cchc.classification.models import Proposal
from cchc.core import kpis
from cchc.dossiers import jobs
from cchc.dossiers.apologies import issue_apology
from cchc.dossiers.forms import ApologyForm
from cchc.dossiers.models import ImportJob
from cchc.parindex.models import Evidence
from cchc.parindex.structure import load_illustrative
from cchc.plans.models import Assignment, Task
from cchc.plans.services import report_progress
from cchc.portal766.services import import_snapshot
from cchc.publications.services import import_file as import_publications
from cchc.reporting import services as reporting
from cchc.reporting.models import GeneratedDocument
from cchc.units.aliases import PORTAL_SOURCE
from cchc.units.models import UnitAlias
from tests import factories
from tests.classification import test_services as classification_data
from tests.corrective import data as corrective_data
from tests.factories import client_for, make_dossier, make_procedure
from tests.permission_matrix import ROLES, url_names
from tests.reporting.conftest import DEADLINE, OPENED, fill
from tests.reporting.conftest import kpi as reporting_kpi
from tests.web.test_upload_job import PORTAL_CSV

PORTAL766_DETAIL = Path(__file__).resolve().parents[1] / "portal766" / "data" / "agencies_detail_small.json"

#: The fields whose values are data, not interface: removed from a page before it is searched. Each is
#: (model label, field, why it stays as typed).
DATA_FIELDS = (
    ("units.Unit", "name", "a unit's official name (a legal name: 'Xã Mỹ Đức' is not translated)"),
    ("units.Unit", "short_name", "the same name without its kind"),
    ("units.Unit", "type_label", "the kind of unit as the source names it (Phường, Xã, Thị xã)"),
    ("plans.Plan", "title", "the title of the province's plan, as its decision is titled"),
    ("plans.Plan", "source_quote", "a quotation of the plan's document"),
    ("plans.Plan", "transcription_note", "what the officer who typed the plan noted"),
    ("plans.PlanArea", "name", "the plan's areas, named by the plan"),
    ("plans.Target", "text", "a target as the plan words it"),
    ("plans.Target", "source_quote", "a quotation of the plan's document"),
    ("plans.Target", "unit_of_measure", "the target's unit as the plan writes it ('phút', 'hồ sơ')"),
    ("plans.Task", "title", "a task as the plan words it"),
    ("plans.Task", "expected_output", "the task's product, as the plan words it"),
    ("plans.Task", "source_quote", "a quotation of the plan's document"),
    ("plans.ProgressUpdate", "note", "what the focal point wrote"),
    ("auth.User", "first_name", "a person's name"),
    ("auth.User", "last_name", "a person's name"),
    ("dossiers.Procedure", "name", "the procedure's name in the national TTHC database"),
    ("dossiers.Procedure", "field", "the procedure's field in the national TTHC database"),
    ("dossiers.Apology", "reason", "what the officer wrote"),
    ("dossiers.Apology", "signer_title", "the signer's title, as typed for the letter"),
    ("dossiers.Apology", "signer_name", "a person's name"),
    ("dossiers.Apology", "form_version", "the form the letter was issued on, as recorded on the letter"),
    ("reporting.UnitReport", "narratives", "what the focal point wrote (area: part: text)"),
    ("reporting.ManualMeasure", "target_text", "a target as the plan words it (copied into the report)"),
    ("reporting.ManualMeasure", "note", "what the focal point wrote"),
    ("reporting.ManualMeasure", "unit_of_measure", "the target's unit as the plan writes it (copied)"),
    ("reporting.TaskRow", "task_title", "a task as the plan words it (copied into the report)"),
    ("reporting.TaskRow", "note", "what the focal point wrote"),
    ("corrective.CorrectiveAction", "explanation", "what the unit wrote"),
    ("portal766.PublishedFigure", "portal_name", "a unit's name as the national portal publishes it"),
    ("portal766.PublishedSnapshot", "period_label", "the period as the national portal names it ('Năm 2026')"),
    ("portal766.PublishedSnapshot", "file_name", "the name of the file imported"),
    ("corrective.CorrectiveAction", "action", "what the unit wrote"),
    ("corrective.CorrectiveAction", "responsible", "what the unit wrote"),
    ("classification.Reminder", "text", "what the PAR officer wrote"),
    ("classification.Reminder", "document", "the reminder's document number, as typed"),
    ("classification.Proposal", "override_reason", "what the PAR officer wrote"),
    # The audit trail shows what was written as it was written, in the language of the one who wrote it
    # (an object's name at the time, the values changed): a record, not interface.
    ("inspections.PlanUnit", "reason", "why the officer added or swapped a unit, as typed"),
    ("inspections.PlanUnit", "withdrawn_reason", "why the officer withdrew a unit, as typed"),
    ("inspections.Inspection", "team", "the inspection team's names, as typed"),
    ("inspections.Inspection", "participants", "the unit's participants, as typed"),
    ("inspections.Inspection", "content", "what was checked in each area, as the record says"),
    ("inspections.Inspection", "recommendations", "the team's recommendations, as typed"),
    ("inspections.Inspection", "notice_actions", "what the results notice requires, as typed"),
    ("inspections.Finding", "text", "a finding as the record words it"),
    ("inspections.RemediationItem", "action", "what the unit must do, as typed"),
    ("inspections.RemediationItem", "evidence", "what the unit reported, as typed"),
    ("inspections.RemediationItem", "evidence_name", "the name of the file uploaded"),
    ("inspections.RemediationItem", "inspector_note", "what the inspector wrote"),
    ("parindex.IndexVersion", "name", "an index version's name, as its decision titles it"),
    ("parindex.IndexVersion", "issuer", "the issuing authority, as the decision names it"),
    ("parindex.IndexVersion", "source", "where the version comes from, as the officer typed it"),
    ("parindex.Area", "name", "an index area, named by the decision"),
    ("parindex.Criterion", "name", "a criterion, named by the decision"),
    ("parindex.Component", "name", "a component criterion, named by the decision"),
    ("parindex.Component", "guidance", "the evidence a component needs, as the decision words it"),
    ("parindex.Score", "computed_source", "the figure a computed criterion comes from, as recorded"),
    ("parindex.Score", "explanation", "the unit's explanation, as typed"),
    ("parindex.Score", "appraisal_reason", "the appraiser's reason, as typed"),
    ("parindex.Score", "response", "the unit's response to the appraisal, as typed"),
    ("parindex.Score", "decision_reason", "the appraiser's decision after the response, as typed"),
    ("parindex.Evidence", "locator", "the page or section of the evidence, as typed"),
    ("notices.Notification", "title", "a notice as it was written, in the site's language (cchc.notices.producers)"),
    ("notices.Notification", "body", "a notice as it was written, in the site's language"),
    ("auditlog.LogEntry", "object_repr", "an object's name as it was when the change was recorded"),
    ("auditlog.LogEntry", "changes", "the values changed, as they were written"),
)

#: Legal documents are cited by their number and symbol ("766/QĐ-TTg", "30/2020/NĐ-CP", "03/2025/TT-VPCP"),
#: which are identifiers in every language ("Decision 766/QĐ-TTg").
DOCUMENT_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐa-z]+)+")

#: The few strings shown in Vietnamese on purpose in English: each language's name in its own language
#: in the language switch ("Tiếng Việt" is how a Vietnamese reader finds the way back); and the default
#: content of fields printed on the apology letter, which is Vietnamese whatever the interface language
#: (cchc.documents.apology: an official document for the citizen), so its defaults are the letter's words.
OWN_NAMES = ("Tiếng Việt", *ApologyForm.base_fields["authority"].initial.splitlines(),
             ApologyForm.base_fields["signer_title"].initial)

VIETNAMESE_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_WORD = re.compile(rf"\w*[{VIETNAMESE_LETTERS}{VIETNAMESE_LETTERS.upper()}]\w*")
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

#: The KPI codes that are not also English words ("received", "late" are): a page names a KPI by its name
#: (cchc.analytics.choices.kpi_name), never by its code (issue #12, item 7).
RAW_KPI_CODE = re.compile(r"\b(?:" + "|".join(c for c in kpis.KPI_CODES if "_" in c) + r")\b")


class _Visible(HTMLParser):
    """The text a reader sees or hears: text outside script and style, shown attributes, button labels; and
    apart, the strings of the JSON data a page's charts draw (json_script: axis, series and tooltip labels)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.data: list[str] = []
        self._hidden = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
            self._json = tag == "script" and attributes.get("type") == "application/json"
        self.parts.extend(v for k, v in attributes.items() if k in SHOWN_ATTRIBUTES and v)
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
            self._json = False

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)
        elif self._json:
            self.data.extend(_strings(json.loads(data)))


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return unicodedata.normalize("NFC", " ".join(parser.parts))


def chart_text(html: str) -> str:
    """The strings of the page's chart data, one per line."""
    parser = _Visible()
    parser.feed(html)
    return unicodedata.normalize("NFC", "\n".join(parser.data))


def data_strings(keep=None) -> list[str]:
    """Every value of the DATA_FIELDS in the database (and each line of a long one) that holds a Vietnamese
    letter (or that ``keep`` matches), longest first."""
    from django.apps import apps

    found: set[str] = set()

    def add(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                add(v)
        elif isinstance(value, list):
            for v in value:
                add(v)
        elif isinstance(value, str) and value.strip():
            if value.lstrip()[:1] in "[{":  # a value the audit trail recorded as JSON shows its parts
                try:
                    add(json.loads(value))
                except ValueError:
                    pass
            text = unicodedata.normalize("NFC", value.strip())
            found.add(text)
            found.update(line.strip() for line in text.splitlines() if line.strip())

    for label, field, _why in DATA_FIELDS:
        for value in apps.get_model(label).objects.values_list(field, flat=True):
            add(value)
    # Only what could be taken for Vietnamese interface text needs taking out (a "2" would eat numbers).
    keep = keep or VIETNAMESE_WORD.search
    return sorted((value for value in found if keep(value)), key=len, reverse=True)


def vietnamese_words(text: str, data: list[str]) -> dict[str, str]:
    """The words of ``text`` with a Vietnamese letter, once the data and OWN_NAMES are taken out, each with
    the text around its first occurrence (to find it in the templates)."""
    text = re.sub(r"\s+", " ", text)
    data = [re.sub(r"\s+", " ", value) for value in (*data, *OWN_NAMES)]
    text = _without_truncated(text, data)  # first: a shorter value inside a cut one would break its prefix
    for value in data:
        text = text.replace(value, " ")
    text = DOCUMENT_NUMBER.sub(" ", text)
    found: dict[str, str] = {}
    for match in VIETNAMESE_WORD.finditer(text):
        found.setdefault(match.group(), text[max(0, match.start() - 40):match.end() + 40])
    return found


def _without_truncated(text: str, data: list[str]) -> str:
    """``text`` without the data shown cut short ("Văn bản xin lỗi và đề nghị gia …", truncatechars)."""
    for cut in reversed([m.start() for m in re.finditer(r" ?…", text)]):
        for value in data:
            k = next((k for k in range(min(len(value), cut), 7, -1) if text[cut - k:cut] == value[:k]), 0)
            if k:
                text = text[:cut - k] + " " + text[cut:]
                break
    return text


def test_the_check_finds_raw_kpi_codes_but_not_english_words():
    assert RAW_KPI_CODE.findall("On-time rate (ontime_rate), 3 late, digitised_results_rate") == [
        "ontime_rate", "digitised_results_rate"]


def test_the_check_finds_vietnamese_but_not_data():
    html = ('<p title="Xem chi tiết">Unit <b>Xã Mỹ Đức</b>: On time</p><script>var a = "Đúng hạn";</script>'
            '<input type="submit" value="Lưu"><span aria-label="Quý I/2026">Q1</span>')
    assert set(vietnamese_words(visible_text(html), ["Xã Mỹ Đức"])) == {"tiết", "Lưu", "Quý"}
    chart = '<script id="d" type="application/json">{"labels": ["Tháng 1/2026"], "unit": "Xã Mỹ Đức", "n": 3}</script>'
    assert set(vietnamese_words(chart_text(chart), ["Xã Mỹ Đức"])) == {"Tháng"}
    assert set(vietnamese_words("Café", [])) == {"Café"}  # the check is strict: an accented English word fails too
    assert vietnamese_words("Plan 2026 for Xã Mỹ Đức", ["Xã Mỹ Đức"]) == {}
    assert vietnamese_words("Decision 766/QĐ-TTg, Decree 30/2020/NĐ-CP", []) == {}
    assert set(vietnamese_words("QĐ 766/QĐ-TTg", [])) == {"QĐ"}
    assert vietnamese_words("Title: Văn bản xin lỗi và đề nghị gia … (2026)", ["Văn bản xin lỗi và đề nghị gia hạn"]) == {}


# --- the world the pages are opened in ------------------------------------------------------------------

@dataclass
class World:
    args: dict[str, list]


@pytest.fixture
def world(province, plan, users) -> World:
    at = datetime(2022, 4, 5, 3, 0, tzinfo=UTC)
    tree = province
    # Stored figures: the year for the dashboard and corrective actions, Q1 for the report and the scoreboard.
    corrective_data.year_values(tree)
    corrective_data.month_values(tree.commune)
    for code, value, n, d in (("received", 120, 120, None), ("ontime_rate", "95.5", 191, 200),
                              ("digitised_results_rate", 30, 30, 100)):
        reporting_kpi(tree.commune, code, value, n, d)
    required = corrective_data.action(plan=plan, unit=tree.commune)
    submitted = corrective_data.action(plan=plan, unit=tree.commune2, state="submitted", explanation="Thiếu máy quét", action="Mua máy quét",
                                       responsible="Chủ tịch UBND xã", due_date=date(2023, 3, 31))
    # A plan's task with progress and evidence.
    task = Task.objects.get(plan=plan, code="NV02")
    assignment = Assignment.objects.get(task=task, unit=tree.commune)
    update = report_progress(user=users["focal_commune"], assignment=assignment, progress=30, note="Đã số hóa 30 hồ sơ",
                             evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban"))
    # A late dossier with its apology, and one still open.
    dossier = make_dossier(
        code="HS-001", unit=tree.commune, procedure=make_procedure(name="Chứng thực bản sao", time_limit=1),
        status=4, received_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), due_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    )
    make_dossier(code="HS-002", unit=tree.commune, procedure=make_procedure(name="Đăng ký khai sinh", time_limit=3),
                 status=2, received_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    # One that may still get a letter (due in ten days): its apology form is shown, not refused.
    received = timezone.now() - timedelta(days=1)
    open_dossier = make_dossier(code="HS-003", unit=tree.commune, status=4, received_at=received,
                                due_at=received + timedelta(days=10),
                                procedure=make_procedure(name="Cấp bản sao trích lục hộ tịch", time_limit=10))
    apology = issue_apology(user=users["officer"], dossier=dossier, reason="Chờ xác minh", signer_title="CHỦ TỊCH",
                            signer_name="Nguyễn Văn A", new_due_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
                            now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    # An import that ended with refused rows and issues.
    refused = default_storage.save("imports/refused/motcua-dong-loi.csv", ContentFile("MaHoSo,Lỗi\nHS-9,x\n".encode()))
    job = ImportJob.objects.create(filename="motcua.csv", source_system="motcua", state="done", created_by=users["officer"],
                                   summary={"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "imported": 1,
                                            "refused_rows": 1, "refused_file": refused})
    # An import that failed: its issues are stored as message ids and shown in the reader's language.
    rows = list(csv.DictReader(io.StringIO(PORTAL_CSV.read_text(encoding="utf-8"))))
    rows[0]["TrangThaiHoSo"], rows[1]["NgayTiepNhan"] = "42", "31/02/2026"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    failed = ImportJob(filename="xau.csv", source_system="motcua", created_by=users["officer"])
    failed.file.save("xau.csv", ContentFile(out.getvalue().encode()), save=False)
    failed.save()
    jobs.run(failed.pk)
    failed.refresh_from_db()
    assert failed.state == "failed" and failed.issues, failed.issues
    # Q1/2022 reporting: a draft, a submitted and an approved report, a generated document.
    period = reporting.open_period(user=users["officer"], province=tree.province, kind="quarter", year=2022, number=1,
                                   deadline=DEADLINE, units=[tree.snv, tree.district, tree.commune, tree.commune2],
                                   now=OPENED)
    draft = reporting.current_report(period, tree.commune.pk)
    measure = draft.measures.get()
    reporting.save_report(user=users["focal_commune"], report=draft, measures={measure.pk: {"value": "25"}},
                          evidence={measure.pk: SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 khao sat")})
    attachment = reporting.add_attachment(user=users["focal_commune"], report=draft,
                                          upload=SimpleUploadedFile("bao-cao-ky.pdf", b"%PDF-1.4 bao cao"))
    waiting = fill(reporting.current_report(period, tree.snv.pk), users["focal_snv"])
    reporting.submit(user=users["focal_snv"], report=waiting, now=at)
    approved = fill(reporting.current_report(period, tree.commune2.pk), users["focal_commune2"])
    reporting.submit(user=users["focal_commune2"], report=approved, now=at)
    reporting.approve(user=users["officer"], report=approved, now=at)
    document = GeneratedDocument.objects.create(period=period, options={}, created_by=users["officer"], state="done", step=4)
    document.docx.save("bao-cao.docx", ContentFile(b"PK docx"), save=True)
    # Procedure publications (766 group 1): late, unpublished and incomplete ones among them.
    for code in ("P1", "P2"):
        make_procedure(code=code, name=f"Thủ tục công bố {code}")
    import_publications(b"procedure_code,unit,decision_number,decision_date,effective_date,published_on,parts\n"
                        b"P1,52,1/QD-UBND,08/06/2026,15/06/2026,15/06/2026,all\n"
                        b"P2,52,2/QD-UBND,09/06/2026,15/06/2026,,name;steps\n", "cong-bo.csv")
    # The portal's published 766 figures, the commune being the portal's H21.17, beside CCHC's.
    UnitAlias.objects.create(source_system=PORTAL_SOURCE, code="H21.17", unit=tree.commune)
    import_snapshot(PORTAL766_DETAIL.read_bytes(), PORTAL766_DETAIL.name)
    inspection_args = _inspections(tree, users)
    parindex_args = _parindex_appraisal(tree, users)
    season_args = _parindex(tree, users)
    # The yearly classification: the commune reminded in 2025 and late again in 2026 (seed 003's cap).
    classification_data.make_world(tree, users)
    classification.run(user=users["officer"], year=2026, block="commune")
    index = load_illustrative()[1]  # the PAR index versions (issue 13 item 1)
    par_args = _par_index(tree, users)
    return World({
        "parindex:version": [index.pk], "parindex:version_xlsx": [index.pk], "parindex:version_yaml": [index.pk],
        **inspection_args,
        **parindex_args,
        **season_args,
        **par_args,
        "classification:detail": [Proposal.objects.get(unit=tree.commune, year=2026).pk],
        "classification:reminder_new": [tree.commune.pk],
        "units:detail": [tree.commune.pk],
        "units:children": [tree.district.pk],
        "plans:detail": [plan.code],
        "plans:task": [assignment.task_id],
        "plans:task_history": [assignment.task_id],
        "plans:task_xlsx": [assignment.task_id],
        "plans:target": [plan.targets.get(code="CT01").pk],
        "plans:target_xlsx": [plan.targets.get(code="CT01").pk],
        "plans:targets_xlsx": [plan.code],
        "plans:tasks_xlsx": [plan.code],
        "plans:assignment": [assignment.pk],
        "plans:assignment_update": [assignment.pk],
        "plans:evidence": [update.pk],
        "plans:source": [plan.code],
        "plans:export_yaml": [plan.code],
        "plans:export_xlsx": [plan.code],
        "dossiers:detail": [dossier.pk],
        "dossiers:history": [dossier.pk],
        "dossiers:apology_new": [dossier.pk],
        "dossiers:apology_new_open": [open_dossier.pk],
        "dossiers:job": [job.pk],
        "dossiers:job_failed": [failed.pk],
        "dossiers:job_map_units": [job.pk],
        "dossiers:job_refused": [job.pk],
        "dossiers:apology_document": [apology.pk],
        "scoreboard:unit": [tree.commune.pk],
        "portal766:unit": [tree.commune.pk],
        "portal766:history": [tree.commune.pk],
        "portal766:differences_csv": [tree.commune.pk],
        "scoreboard:dossiers": [tree.commune.pk, "2.1"],
        "scoreboard:dossiers_xlsx": [tree.commune.pk, "2.1"],
        "scoreboard:whatif": [tree.commune.pk],
        "dashboard:unit": [tree.commune.pk],
        "dashboard:figure_dossiers": [tree.commune.pk, "late_without_apology"],
        "dashboard:unit_integrity": [tree.commune.pk],
        "corrective:detail": [required.pk],
        "corrective:respond": [required.pk],
        "corrective:confirm": [submitted.pk],
        "petitions:unit": [tree.commune.pk],
        "reporting:period": [period.pk],
        "reporting:period_state": [period.pk],
        "reporting:period_generate": [period.pk],
        "reporting:document": [document.pk],
        "reporting:document_file": [document.pk, "docx"],
        "reporting:report": [draft.pk],
        "reporting:report_review": [waiting.pk],
        "reporting:report_correct": [approved.pk],
        "reporting:report_history": [draft.pk],
        "reporting:attachment_add": [draft.pk],
        "reporting:report_generate": [approved.pk],
        "reporting:attachment": [attachment.pk],
        "reporting:attachment_delete": [attachment.pk],
        "reporting:measure_evidence": [measure.pk],
    })


def _inspections(tree, users) -> dict[str, list]:
    """This year's commune plan, the commune inspected with two findings and a notice, one item reported
    with a file (issue 14 item 1)."""
    from cchc.inspections import records
    from cchc.inspections import services as inspections

    year = timezone.localdate().year
    plan = inspections.draw_plan(user=users["officer"], province=tree.province, year=year, block="commune", seed="w")
    row = plan.units.filter(unit=tree.commune).first() or inspections.add_unit(
        user=users["officer"], plan=plan, unit=tree.commune, reason="Nhiều phản ánh của người dân")
    day = max(date(year, 1, 1), timezone.localdate() - timedelta(days=1))
    inspection = records.record_inspection(
        user=users["officer"], inspection=row.inspection, mode="by_report", held_on=day, team="Nguyễn Văn A",
        participants="Chủ tịch UBND xã", content={"TTHC": "Niêm yết TTHC"}, recommendations="Niêm yết đủ")
    one = records.add_finding(user=users["officer"], inspection=inspection, area="TTHC", severity="major",
                              text="Chưa niêm yết đủ TTHC")
    records.add_finding(user=users["officer"], inspection=inspection, area="CQS", severity="minor", text="Số hóa thấp")
    records.issue_notice(user=users["officer"], inspection=inspection, issued_on=day, actions="Khắc phục ngay",
                         deadline=date(year, 12, 31))
    records.submit_item(user=users["focal_commune"], item=one.remediation, evidence="Đã niêm yết",
                        upload=SimpleUploadedFile("anh.pdf", b"%PDF-1.4 anh"))
    item = one.remediation
    return {
        "inspections:plan": [plan.pk], "inspections:plan_change": [plan.pk, "add"],
        "inspections:plan_docx": [plan.pk], "inspections:inspection": [inspection.pk],
        "inspections:record": [inspection.pk], "inspections:finding": [inspection.pk],
        "inspections:notice": [inspection.pk], "inspections:docx": [inspection.pk, "record"],
        "inspections:item": [item.pk], "inspections:item_submit": [item.pk], "inspections:item_close": [item.pk],
        "inspections:item_evidence": [item.pk],
    }


def _parindex_appraisal(tree, users) -> dict[str, list]:
    """A PAR index season with the commune's assessment appraised (one component adjusted), responded to
    and waiting for the decision, an evidence file, and a member of its Tổ thẩm định (issue 13 item 2)."""
    from cchc.parindex import appraisal

    season = factories.make_par_season(version=factories.make_par_version())
    assessment = factories.make_par_assessment(season=season, unit=tree.commune)
    score = assessment.scores.get(component__code="1.1.1")
    evidence = Evidence(score=score, document_number="12/KH-UBND", locator="Mục II, trang 3")
    evidence.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4 ke hoach"), save=False)
    evidence.save()
    appraiser = factories.make_appraiser(username="thamdinh.en", season=season)
    for s in assessment.scores.select_related("component__criterion__area", "assessment"):
        if appraisal.is_appraised_here(s):
            adjusted = s.component.code == "1.1.1"
            appraisal.appraise(s, points="1" if adjusted else appraisal.reference_points(s),
                               reason="Thiếu kế hoạch năm" if adjusted else "", by=appraiser)
    appraisal.finish_appraisal(assessment, by=appraiser)
    appraisal.respond(assessment, {score.component_id: "Đã ban hành kế hoạch"}, by=users["focal_commune"])
    return {
        "parindex:appraise": [assessment.pk], "parindex:respond": [assessment.pk],
        "parindex:appraisal_evidence": [evidence.pk], "parindex:appraisers": [season.pk],
        "parindex:appraisal_finish": [assessment.pk], "parindex:close": [assessment.pk],
        "parindex:appraise_score": [score.pk], "parindex:decide_score": [score.pk],
        "parindex:season_to_appraisal": [season.pk], "parindex:close_unsubmitted": [season.pk],
    }


def _parindex(tree, users) -> dict[str, list]:
    """A PAR index season of the test index (tests/factories.make_index_version), the commune's assessment with
    a self-score on partial evidence, an explanation and an evidence file (issue 13 item 2)."""
    from cchc.parindex import opening
    from cchc.parindex import services as parindex
    from cchc.parindex.models import Component, SeasonOpening
    from tests.factories import make_season

    season = make_season(by=users["officer"])
    mine = season.assessments.get(unit=tree.commune)
    score = parindex.save_self_score(mine, Component.objects.get(code="1.1.2"), points="2", evidence_state="partial",
                                     explanation="Thiếu báo cáo quý IV", by=users["focal_commune"])
    evidence = parindex.add_evidence(score, file=SimpleUploadedFile("kh.pdf", b"%PDF-1.4 kh"),
                                     document_number="12/KH-UBND", locator="Mục II", by=users["focal_commune"])
    # An opening of the same version, asked for again and refused by the worker: its problem is stored as a
    # message id and shown in the reader's language (cchc.parindex.opening).
    refused = SeasonOpening.objects.create(version=season.version, opens_on=season.opens_on, self_due=season.self_due,
                                           appraisal_due=season.appraisal_due, response_days=5,
                                           created_by=users["officer"])
    opening.run(refused.pk)
    refused.refresh_from_db()
    assert refused.state == "failed" and refused.issues, refused.issues
    return {
        "parindex:season_opening": [refused.pk],
        "parindex:season": [season.pk], "parindex:assessment": [mine.pk], "parindex:assessment_score": [mine.pk],
        "parindex:assessment_evidence": [mine.pk], "parindex:assessment_submit": [mine.pk],
        "parindex:assessment_applicability": [mine.pk], "parindex:assessment_report_text": [mine.pk],
        "parindex:evidence_file": [evidence.pk],
    }


#: Addresses that are not pages: actions (POST only), files, Django's own language switch.
NOT_PAGES = {
    "logout", "set_language", "dossiers:job_map_units", "reporting:period_state", "reporting:attachment_add",
    "reporting:attachment_delete", "corrective:detect", "accounts:twofactor_disable",
    "inspections:plan_change", "inspections:finding", "inspections:item_submit", "inspections:item_close",
    # Official Vietnamese documents whatever the reader's language (tests/parindex/test_documents.py).
    "parindex:assessment_report_docx", "parindex:assessment_report_xlsx", "parindex:season_result_docx",
    "parindex:season_result_xlsx",
    "parindex:appraise_score", "parindex:appraisal_finish", "parindex:decide_score", "parindex:close",
    "parindex:season_to_appraisal", "parindex:close_unsubmitted",
    "parindex:correct", "parindex:publish", "parindex:survey_import",
    "parindex:assessment_score", "parindex:assessment_evidence", "parindex:assessment_submit",
    "parindex:assessment_applicability", "parindex:assessment_report_text",
}


#: Further addresses of the same pages that show other words: another period kind, filters, a failed import.
VARIANTS = (
    ("scoreboard:ranking", "?kind=quarter&start=2022-01-01"),
    ("scoreboard:ranking", "?kind=year&start=2022-01-01"),
    ("scoreboard:ranking", "?kind=month&start=2022-01-01"),
    ("scoreboard:unit", "?kind=year&start=2022-01-01"),
    ("portal766:reconciliation", "?kind=year&start=2026-01-01&block=AGENCY"),
    ("scoreboard:unit", "?kind=half&start=2022-01-01"),
    ("scoreboard:whatif", "?kind=quarter&start=2022-01-01"),
    ("scoreboard:province_whatif", "?kind=quarter&start=2022-01-01"),
    ("dashboard:index", "?year=2022"),
    ("dashboard:unit", "?year=2022"),
    ("dashboard:integrity", "?kind=year&start=2022-01-01"),
    ("dashboard:unit_integrity", "?kind=year&start=2022-01-01"),
    ("dossiers:list", "?late=1"),
    ("dossiers:list", "?status=4"),
    ("corrective:list", "?state=all"),
    ("classification:list", "?year=2026&block=commune"),
    ("dossiers:job_failed", ""),
    ("dossiers:apology_new_open", ""),
)


def _address(world: World, name: str, query: str = "") -> str:
    """The address of ``name`` in the world; "dossiers:job_failed" is the job page of another object."""
    return reverse(re.sub(r"_(failed|open)$", "", name), args=world.args.get(name, [])) + query


def _addresses(world: World) -> list[tuple[str, str]]:
    plain = [(name, reverse(name, args=world.args.get(name, []))) for name in _pages()]
    extra = [(name, _address(world, name, query)) for name, query in VARIANTS]
    return plain + extra


def _pages() -> list[str]:
    return sorted(n for n in url_names(skip={"admin", "api"}) if n not in NOT_PAGES)


def test_every_page_is_walked(world):
    needs_arguments = {n for n in _pages() if _reverses_without_arguments(n) is False}
    assert needs_arguments - set(world.args) == set(), "give these pages their arguments in the world fixture"
    assert {"home", "dossiers:list", "scoreboard:ranking", "reporting:report", "dashboard:index"} <= set(_pages())


def _reverses_without_arguments(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def _par_index(tree, users) -> dict:
    """A published PAR index season of two communes (tests/parindex/test_results.py's points)."""
    from cchc.parindex import results as par_results
    from tests.parindex.test_results import POINTS_A, POINTS_B

    season = factories.make_par_result_season(version=factories.make_par_result_version(year=2026, block="commune"),
                                       units=[tree.commune, tree.commune2])
    mine = factories.score_par(assessment=season.assessments.get(unit=tree.commune), points=POINTS_A)
    factories.score_par(assessment=season.assessments.get(unit=tree.commune2), points=POINTS_B)
    par_results.publish(season, by=users["officer"], decision="15/QĐ-UBND")
    return {"parindex:result": [mine.pk], "parindex:season_results": [season.pk]}


def test_every_page_is_english_for_every_role(world, users):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Tiếng Anh") == "English", "compile the catalogue first (make test does)"
    data = data_strings()
    # A KPI code typed as data (a target's kpi_code in the audit trail's record of the plan's import) is data.
    codes_as_data = data_strings(keep=RAW_KPI_CODE.fullmatch)
    clients = {}
    for role in ROLES:
        client = client_for(user=users[role]) if role != "anonymous" else Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        clients[role] = client
    found: dict[str, set[str]] = {}
    context: dict[str, str] = {}
    codes: dict[str, set[str]] = {}
    seen: dict[tuple[str, str], str] = {}
    opened = 0
    for name, url in _addresses(world):
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code not in (200, 403, 404, 409) or "text/html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            text = visible_text(response.content.decode())
            seen[(url, role)] = text
            for code in RAW_KPI_CODE.findall(functools.reduce(lambda t, v: t.replace(v, " "), codes_as_data, text)):
                codes.setdefault(code, set()).add(f"{name} as {role}")
            for word, around in vietnamese_words(text + "\n" + chart_text(response.content.decode()), data).items():
                found.setdefault(word, set()).add(f"{name} as {role}")
                context.setdefault(word, around)
    assert opened > 100, "the walk must open the pages, or this test could never fail"
    # The world shows what the issue named: import errors, period names, verdicts, statuses, 766 names.
    def page(name: str, query: str = "") -> str:
        return seen[(_address(world, name, query), "officer")]

    assert "xau.csv, row 2" in page("dossiers:job_failed")
    assert "Quarter I, 2022" in page("scoreboard:ranking", "?kind=quarter&start=2022-01-01")
    assert "On-time dossier processing rate" in page("scoreboard:unit", "?kind=year&start=2022-01-01")
    assert "Reason for the late return of the result" in page("dossiers:apology_new_open")  # the form, not its refusal
    assert "Apology letter No. 01/PXL" in page("dossiers:detail")  # the note CCHC wrote, in the reader's language
    report = "\n".join(f"{word}: {', '.join(sorted(where)[:3])} «{context[word]}»"
                       for word, where in sorted(found.items()))
    assert not found, f"Vietnamese left in English pages:\n{report}"
    assert not codes, f"KPI codes shown raw: {codes}"


#: Refused input, posted in English: what the forms and imports say back (as role, address, data).
REFUSED_POSTS = (
    ("officer", "plans:import", {"file": ("ke-hoach.yaml", b"plan:\n  code: X\n  year: nam-hai-nghin\n")}),
    ("officer", "plans:import", {"file": ("ke-hoach.yaml", b"plan: [\n")}),
    ("officer", "reporting:period_new", {"kind": "quarter", "year": "2022", "number": "9", "deadline": "31/02/2022"}),
    ("officer", "dossiers:apology_new", {"reason": "", "new_due": "hôm qua"}),
    ("focal_commune", "corrective:respond", {"explanation": "", "due_date": "31/13/2023"}),
    ("focal_commune", "plans:assignment_update", {"progress": "150", "note": ""}),
    ("officer", "publications:upload", {"file": ("cong-bo.csv", b"procedure_code,unit,decision_number,decision_date,"
                                                 b"effective_date,parts\nP9,52,1,08/06/2026,31/02/2026,fee\n")}),
    ("focal_commune", "accounts:password_change", {"old_password": "sai", "new_password1": "a", "new_password2": "b"}),
)


def test_refused_input_is_explained_in_english(world, users):
    data = data_strings()
    found: dict[str, str] = {}
    for role, name, fields in REFUSED_POSTS:
        client = client_for(user=users[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        posted = {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in fields.items()}
        response = client.post(reverse(name, args=world.args.get(name, [])), posted)
        assert response.status_code in (200, 400, 409), (name, response.status_code)
        assert "errorlist" in response.content.decode() or 'role="alert"' in response.content.decode(), name  # says why
        for word, around in vietnamese_words(visible_text(response.content.decode()), data).items():
            found.setdefault(word, f"{name}: «{around}»")
    assert not found, "Vietnamese left in English answers to refused input:\n" + "\n".join(
        f"{w}: {where}" for w, where in sorted(found.items()))
