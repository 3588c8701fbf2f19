"""The focal point's self-assessment (issue 13 item 2): a score per component criterion scored on evidence,
between 0 and its maximum, with the evidence state and an explanation where evidence is partial or missing;
evidence files with the document number and page or section; submission refused with every missing item
named; nothing editable by another unit or after submission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import DomainError, InvalidInput, NotAllowed
from cchc.parindex import services
from cchc.parindex.choices import AssessmentStatus, EvidenceState
from cchc.parindex.models import Component
from tests.factories import make_season


@pytest.fixture
def season(province, users):
    return make_season(by=users["officer"])


def _mine(season, province):
    return season.assessments.get(unit=province.commune)


def _c(code):
    return Component.objects.get(code=code)


def _score_all(a, user, **overrides):
    for code in ("1.1.1", "1.1.2", "3.1.2"):
        kw = {"points": "1", "evidence_state": EvidenceState.FULL, "explanation": ""} | overrides.get(code, {})
        services.save_self_score(a, _c(code), by=user, **kw)


def test_a_self_score_is_stored_within_its_bounds(season, province, users):
    a, me = _mine(season, province), users["focal_commune"]
    score = services.save_self_score(a, _c("1.1.2"), points="2,5", evidence_state=EvidenceState.PARTIAL,
                                     explanation="Thiếu báo cáo quý IV", by=me)
    score.refresh_from_db()
    assert (score.self_points, score.evidence_state, score.explanation) == (
        Decimal("2.50"), "partial", "Thiếu báo cáo quý IV")
    for bad in ("3.01", "-1", "abc", "1.005"):
        with pytest.raises(InvalidInput) as exc:
            services.save_self_score(a, _c("1.1.2"), points=bad, evidence_state="full", explanation="", by=me)
        assert [i.field for i in exc.value.issues] == ["points"], bad
    score.refresh_from_db()
    assert score.self_points == Decimal("2.50")  # unchanged by the refused saves


def test_partial_or_no_evidence_needs_an_explanation(season, province, users):
    a, me = _mine(season, province), users["focal_commune"]
    for state in (EvidenceState.PARTIAL, EvidenceState.NONE):
        with pytest.raises(InvalidInput) as exc:
            services.save_self_score(a, _c("1.1.1"), points=1, evidence_state=state, explanation="  ", by=me)
        assert [i.field for i in exc.value.issues] == ["explanation"]
    with pytest.raises(InvalidInput) as exc:
        services.save_self_score(a, _c("1.1.1"), points=1, evidence_state="", explanation="", by=me)
    assert [i.field for i in exc.value.issues] == ["evidence_state"]


def test_computed_and_survey_criteria_are_not_self_scored(season, province, users):
    a = _mine(season, province)
    for code in ("1.2.1", "8.1.1"):
        with pytest.raises(DomainError, match="không tự chấm"):
            services.save_self_score(a, _c(code), points=1, evidence_state="full", explanation="",
                                     by=users["focal_commune"])


def test_only_the_units_own_focal_point_edits_and_only_before_submission(season, province, users):
    a = _mine(season, province)
    for who in ("focal_commune2", "officer", "leader", "admin"):
        with pytest.raises(NotAllowed):
            services.save_self_score(a, _c("1.1.1"), points=1, evidence_state="full", explanation="", by=users[who])
    me = users["focal_commune"]
    _score_all(a, me)
    services.submit(a, by=me)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED and a.submitted_by == me and a.submitted_at
    with pytest.raises(NotAllowed):
        services.save_self_score(a, _c("1.1.1"), points=2, evidence_state="full", explanation="", by=me)
    with pytest.raises(NotAllowed):
        services.submit(a, by=me)


def test_submission_names_every_missing_score_and_explanation(season, province, users):
    a, me = _mine(season, province), users["focal_commune"]
    services.save_self_score(a, _c("1.1.1"), points=1, evidence_state="full", explanation="", by=me)
    a.scores.filter(component__code="1.1.1").update(evidence_state=EvidenceState.NONE)  # as an older row might be
    with pytest.raises(InvalidInput) as exc:
        services.submit(a, by=me)
    texts = [str(i) for i in exc.value.issues]
    assert [i.field for i in exc.value.issues] == ["1.1.1", "1.1.2", "3.1.2"]
    assert "chưa có giải trình" in texts[0] and "chưa tự chấm điểm" in texts[1] and "chưa tự chấm điểm" in texts[2]
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT


def test_a_unit_not_handling_procedures_is_not_asked_for_area_3(season, province, users):
    a = season.assessments.get(unit=province.commune2)
    services.set_applicability(a, handles_procedures=False, masked=[], reason="Không tiếp nhận TTHC",
                               by=users["officer"])
    me = users["focal_commune2"]
    with pytest.raises(DomainError, match="không áp dụng"):
        services.save_self_score(a, _c("3.1.2"), points=1, evidence_state="full", explanation="", by=me)
    for code in ("1.1.1", "1.1.2"):
        services.save_self_score(a, _c(code), points=1, evidence_state="full", explanation="", by=me)
    services.submit(a, by=me)  # 3.1.2 is not missing: it does not apply


def test_evidence_is_kept_with_its_document_number_and_locator(season, province, users, settings):
    a, me = _mine(season, province), users["focal_commune"]
    score = a.scores.get(component__code="1.1.1")
    with pytest.raises(InvalidInput) as exc:
        services.add_evidence(score, file=SimpleUploadedFile("x.exe", b"MZ"), document_number="", locator="",
                              by=me)
    assert {i.field for i in exc.value.issues} == {"file", "document_number", "locator"}
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(InvalidInput, match="MB"):
        services.add_evidence(score, file=SimpleUploadedFile("kh.pdf", b"%PDF-1.4 too long"),
                              document_number="12/KH-UBND", locator="trang 3", by=me)
    settings.EVIDENCE_MAX_BYTES = 2**20
    ev = services.add_evidence(score, file=SimpleUploadedFile("KH.PDF", b"%PDF-1.4 ke hoach"),
                               document_number="12/KH-UBND", locator="Mục II, trang 3", by=me)
    assert (ev.document_number, ev.locator, ev.uploaded_by) == ("12/KH-UBND", "Mục II, trang 3", me)
    assert ev.file.name.startswith(f"parindex/2026/{province.commune.pk}/") and ev.file.name.endswith(".pdf")
    assert ev.file.read() == b"%PDF-1.4 ke hoach"
    with pytest.raises(NotAllowed):
        services.add_evidence(score, file=SimpleUploadedFile("b.pdf", b"x"), document_number="1", locator="1",
                              by=users["focal_commune2"])
