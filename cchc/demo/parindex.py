"""The demo's PAR index (issue 13), illustrative: the two illustrative indices (agencies, communes) for last
year and this year. Last year's season ran to the end: every unit self-scored, the Tổ thẩm định adjusted
some scores with a reason, survey points were entered, and the result was published in the first quarter.
This year's season is open for self-assessment (10/11 to 10/12): two units in three have submitted, Xã Phù
Mỹ is half-way, with an explanation where its evidence is partial; the appraiser `thamdinh` is assigned.

The scores are made up (a fixed pseudo-random draw per unit and component), marked illustrative with the
index versions; every point, total, rank and band is computed by the app's own rules
(cchc.parindex.results.refresh and publish), never written here."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.parindex import appraisal, results, services
from cchc.parindex.choices import AssessmentStatus, EvidenceState, Method, SeasonStatus
from cchc.parindex.models import Score, Season
from cchc.parindex.structure import load_illustrative
from cchc.units.models import Unit

OFFICER = "snv.cchc"
APPRAISER = "thamdinh"
SHOWN_UNIT = "vn:2025:commune:21730"  # Xã Phù Mỹ (today's units, since 1/7/2025)
EXPLANATION = "Đơn vị chưa ban hành đủ văn bản chứng minh trong năm; sẽ bổ sung trong quý I (minh họa)."
ADJUSTED = "Minh chứng chưa thể hiện đủ nội dung tiêu chí (minh họa)."
CENT = Decimal("0.01")


def _draw(*parts: object) -> float:
    """A fixed number in [0, 1) for these parts (the same every load)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _share(draw: float) -> Decimal:
    """Most criteria at full score, some at three quarters or half, a few at nothing."""
    if draw < 0.72:
        return Decimal(1)
    if draw < 0.88:
        return Decimal("0.75")
    if draw < 0.96:
        return Decimal("0.5")
    return Decimal(0)


def _self_score(score: Score, year: int) -> None:
    """Fill one evidence criterion's self-score: full evidence at full score, else partial or none with the
    explanation the rules require."""
    share = _share(_draw(year, score.assessment.unit_id, score.component.code))
    score.self_points = (score.component.max_points * share).quantize(CENT, ROUND_HALF_UP)
    if share == 1:
        score.evidence_state, score.explanation = EvidenceState.FULL, ""
    else:
        score.evidence_state = EvidenceState.PARTIAL if share > 0 else EvidenceState.NONE
        score.explanation = EXPLANATION


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def _last_year(season: Season, officer, appraiser) -> None:
    """Self-scores, appraisal (one adjusted criterion in five), survey points, decided: then published by
    the app's own rule."""
    year = season.year
    for assessment in season.assessments.select_related("unit"):
        scores = list(assessment.scores.select_related("component", "assessment"))
        for score in scores:
            component = score.component
            if component.method == Method.EVIDENCE:
                _self_score(score, year)
                score.appraised_points = score.self_points
                if score.self_points and _draw("appraisal", year, assessment.unit_id, component.code) < 0.2:
                    score.appraised_points = (score.self_points / 2).quantize(CENT, ROUND_HALF_UP)
                    score.appraisal_reason = ADJUSTED
                    score.appraised_by, score.appraised_at = appraiser, _moment(date(year + 1, 1, 10))
            elif component.method == Method.SURVEY:
                share = Decimal(str(round(0.7 + 0.3 * _draw("survey", year, assessment.unit_id, component.code), 2)))
                score.survey_points = (component.max_points * share).quantize(CENT, ROUND_HALF_UP)
        Score.objects.bulk_update(scores, ["self_points", "evidence_state", "explanation", "appraised_points",
                                           "appraisal_reason", "appraised_by", "appraised_at", "survey_points"])
        assessment.status = AssessmentStatus.DECIDED
        assessment.submitted_at = assessment.appraised_at = assessment.decided_at = _moment(date(year, 12, 8))
        assessment.submitted_by = officer
        assessment.difficulties = "Nguồn lực cho chuyển đổi số còn hạn chế (minh họa)."
        assessment.recommendations = "Đề nghị tỉnh hỗ trợ tập huấn số hóa hồ sơ (minh họa)."
        assessment.save()
        results.refresh(assessment)
    Season.objects.filter(pk=season.pk).update(status=SeasonStatus.APPRAISAL)
    season.refresh_from_db()
    results.publish(season, by=officer, decision=f"QĐ 01/QĐ-UBND ngày 15/3/{year + 1} (minh họa)")


def _this_year(season: Season, officer) -> None:
    """Two units in three have self-scored and submitted; Xã Phù Mỹ is half-way through its draft."""
    year = season.year
    for assessment in season.assessments.select_related("unit"):
        shown = assessment.unit.key == SHOWN_UNIT
        if not shown and _draw("submitted", year, assessment.unit_id) >= 2 / 3:
            continue
        scores = [s for s in assessment.scores.select_related("component", "assessment")
                  if s.component.method == Method.EVIDENCE]
        if shown:
            scores = scores[: len(scores) // 2]
        for score in scores:
            _self_score(score, year)
        Score.objects.bulk_update(scores, ["self_points", "evidence_state", "explanation"])
        if not shown:
            assessment.status = AssessmentStatus.SUBMITTED
            assessment.submitted_at, assessment.submitted_by = _moment(date(year, 12, 1)), officer
            assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
        results.refresh(assessment)


def load() -> dict[str, int]:
    """Load both years once (idempotent); returns how many assessments each season holds."""
    users = get_user_model().objects.in_bulk([OFFICER, APPRAISER], field_name="username")
    officer, appraiser = users.get(OFFICER), users.get(APPRAISER)
    if officer is None or not Unit.objects.filter(key=SHOWN_UNIT).exists():
        return {}
    year = timezone.localdate().year
    made: dict[str, int] = {}
    with transaction.atomic():
        for version in load_illustrative(year - 1, by=officer):
            if Season.objects.filter(version=version).exists():
                continue
            season = services.open_season(version, opens_on=date(year - 1, 11, 10), self_due=date(year - 1, 12, 10),
                                          appraisal_due=date(year, 1, 20), response_days=5,
                                          publish_on=date(year, 3, 15), by=officer)
            _last_year(season, officer, appraiser or officer)
            made[version.code] = season.assessments.count()
        for version in load_illustrative(year, by=officer):
            if Season.objects.filter(version=version).exists():
                continue
            season = services.open_season(version, opens_on=date(year, 11, 10), self_due=date(year, 12, 10),
                                          appraisal_due=date(year + 1, 1, 20), response_days=5,
                                          publish_on=date(year + 1, 3, 15), by=officer)
            if appraiser is not None:
                appraisal.assign_appraiser(season, appraiser, by=officer)
            _this_year(season, officer)
            made[version.code] = season.assessments.count()
    return made
