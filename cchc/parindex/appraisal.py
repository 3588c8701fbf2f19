"""The appraisal of a PAR index season (issue 13 item 2, second half): the Tổ thẩm định accepts or adjusts each
score with a reason, the unit answers once within its window, the appraiser decides on what it answered,
and the assessment is closed (DOMAIN §2 "Method": the unit self-assesses, the Sở Nội vụ appraises, accepting
or adjusting; §12.3: a Tổ thẩm định led by the Sở Nội vụ appraises each criterion after the deadline).

The steps of one assessment (AssessmentStatus): SUBMITTED → (appraise each component) → ``finish_appraisal``
→ APPRAISED (the unit may respond until ``response_due``: ``season.response_days`` working days after the
appraisal, cchc.core.workdays) → ``respond`` → RESPONDED → (``decide`` each component answered) → ``close``
→ DECIDED; an APPRAISED assessment whose window passed without a response is closed as it stands.

Rules chosen here (docs/par-index.md "Thẩm định"):
* appraising starts as soon as a unit has submitted, while the season is still in self-assessment or in
  appraisal (``season_to_appraisal`` ends self-assessment: after ``self_due``, or earlier by the officer's
  explicit choice); a published season is locked;
* survey components are not appraised (their points are entered by the PAR officer); components not
  applicable to the unit are not appraised either;
* a reason is required whenever the appraised points differ from the self-score (evidence) or from the
  points computed from the figure (computed); a decision after a response always needs a reason;
* the window ends at the end of ``response_due`` (a response on that day is on time).

Every change runs in one transaction, is audited (django-auditlog on Score, Assessment, AppraiserScope,
Season) and ends with ``results.refresh(assessment)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.accounts.choices import Role
from cchc.accounts.models import Profile
from cchc.accounts.permissions import require, role_of
from cchc.core.errors import DomainError, InvalidInput, Issue
from cchc.core.parindex import computed_points
from cchc.core.workdays import calendar_for
from cchc.dossiers.models import HolidayOverride
from cchc.notices import services as notices
from cchc.notices.choices import Kind

from . import appraisal_permissions as perms
from . import results
from .choices import AssessmentStatus, Method, SeasonStatus
from .models import AppraiserScope, Area, Assessment, Score, Season

#: The longest response or reason kept (characters).
TEXT_MAX = 5000
CENT = Decimal("0.01")


# --- the one scoring rule and the one applicability rule -------------------------------------------------

def _computed_points(score: Score) -> Decimal | None:
    """The points the figure gives (cchc.core.parindex.computed_points, the one scoring rule)."""
    return computed_points(score.computed_value, score.component.rule or {}, score.component.max_points)


def is_applicable(score: Score) -> bool:
    """Whether ``score`` counts for its unit (cchc.parindex.results.applicable, the one rule)."""
    return results.applicable(score.assessment, score.component)


def reference_points(score: Score) -> Decimal | None:
    """What the appraiser accepts or departs from: the self-score (evidence) or the points computed from the
    figure (computed). A computed criterion without a figure gives 0, as the totals count it
    (cchc.core.parindex.final_points: no points → 0), so the appraiser can accept it without a reason."""
    if score.component.method == Method.COMPUTED:
        points = _computed_points(score)
        return Decimal(0) if points is None else points
    return score.self_points


def is_appraised_here(score: Score) -> bool:
    """Whether the Tổ thẩm định appraises ``score``: an applicable component scored by the unit or computed
    (survey points are entered by the PAR officer)."""
    return score.component.method != Method.SURVEY and is_applicable(score)


def is_adjusted(score: Score) -> bool:
    """The appraised points differ from the reference: what the unit may answer."""
    return score.appraised_points is not None and score.appraised_points != reference_points(score)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _points(value, component, field: str) -> Decimal:
    """``value`` as points between 0 and the component's maximum, two places; InvalidInput otherwise."""
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        points = None
    if points is None or not points.is_finite():
        raise InvalidInput([Issue(_("Điểm «{value}» không phải là số.").format(value=value), field=field)])
    if points < 0 or points > component.max_points:
        raise InvalidInput([Issue(_("{code}: điểm phải từ 0 đến {max}.").format(
            code=component.code, max=component.max_points), field=field)])
    if points != points.quantize(CENT):
        raise InvalidInput([Issue(_("{code}: điểm lấy tối đa hai chữ số thập phân.").format(code=component.code),
                                  field=field)])
    return points.quantize(CENT)


def _text(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if len(text) > TEXT_MAX:
        raise InvalidInput([Issue(_("{label} dài quá {n} ký tự.").format(label=label, n=TEXT_MAX), field=field)])
    return text


def _scores(assessment: Assessment):
    return (assessment.scores.select_related("component__criterion__area", "assessment")
            .order_by("component__criterion__area__order", "component__criterion__order", "component__order", "pk"))


def _locked_score(score: Score) -> Score:
    return (Score.objects.select_for_update().select_related("component__criterion__area", "assessment__season")
            .get(pk=score.pk))


def _locked_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("season", "unit").get(pk=assessment.pk)


def _response_calendar(start: date):
    """The national working-day calendar with the province's overrides (as the dossiers' due dates)."""
    overrides = list(HolidayOverride.objects.values_list("day", "is_working_day"))
    return calendar_for({start.year, start.year + 1},
                        extra_days_off=[d for d, working in overrides if not working],
                        extra_workdays=[d for d, working in overrides if working])


# --- the Tổ thẩm định ---------------------------------------------------------------------------------

@transaction.atomic
def assign_appraiser(season: Season, user, areas: Iterable[Area] = (), *, by) -> AppraiserScope:
    """Make ``user`` a member of ``season``'s Tổ thẩm định for ``areas`` (none: every area), or change the
    areas of a member. ``user`` must be an appraiser or a PAR officer; the areas must be the season's
    version's."""
    require(perms.can_assign(by))
    season = Season.objects.select_for_update().get(pk=season.pk)
    if season.status == SeasonStatus.PUBLISHED:
        raise DomainError(_("Đợt đánh giá đã công bố, không thay đổi được tổ thẩm định."))
    issues = []
    if role_of(user) not in perms.APPRAISER_ROLES:
        issues.append(Issue(_("{user} không có vai trò thành viên tổ thẩm định hoặc chuyên viên CCHC Sở Nội vụ.").format(
            user=user.get_full_name() or user.get_username()), field="user"))
    areas = list(areas)
    foreign = [a for a in areas if a.version_id != season.version_id]
    if foreign:
        issues.append(Issue(_("Lĩnh vực không thuộc bộ chỉ số của đợt đánh giá: {codes}.").format(
            codes=", ".join(a.code for a in foreign)), field="areas"))
    if issues:
        raise InvalidInput(issues)
    scope, _created = AppraiserScope.objects.get_or_create(season=season, user=user)
    scope.areas.set(areas)
    return scope


@transaction.atomic
def remove_appraiser(scope: AppraiserScope, *, by) -> None:
    """Take a member off the season's Tổ thẩm định (what they appraised stays, with their name)."""
    require(perms.can_assign(by))
    if scope.season.status == SeasonStatus.PUBLISHED:
        raise DomainError(_("Đợt đánh giá đã công bố, không thay đổi được tổ thẩm định."))
    scope.delete()


@transaction.atomic
def season_to_appraisal(season: Season, *, by, early: bool = False, today: date | None = None) -> Season:
    """End self-assessment and open the appraisal: after ``self_due``, or before it when the officer says so
    explicitly (``early``)."""
    require(perms.can_assign(by))
    season = Season.objects.select_for_update().get(pk=season.pk)
    if season.status != SeasonStatus.SELF:
        raise DomainError(_("Đợt đánh giá không còn ở bước đơn vị tự đánh giá."))
    if _today(today) <= season.self_due and not early:
        raise InvalidInput([Issue(_("Chưa hết hạn tự đánh giá ({due}): xác nhận chuyển sang thẩm định trước hạn.").format(
            due=f"{season.self_due:%d/%m/%Y}"), field="early")])
    season.status = SeasonStatus.APPRAISAL
    season.save(update_fields=["status"])
    return season


# --- appraisal ----------------------------------------------------------------------------------------

def _check_appraising(assessment: Assessment) -> None:
    if assessment.season.status not in (SeasonStatus.SELF, SeasonStatus.APPRAISAL):
        raise DomainError(_("Đợt đánh giá đã công bố, không thẩm định được nữa."))
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError(_("Chỉ thẩm định được bản đánh giá đơn vị đã gửi và chưa thẩm định xong."))


@transaction.atomic
def appraise(score: Score, *, points, reason: str = "", by) -> Score:
    """Accept (points equal to the self-score, or to the computed points) or adjust ``score`` with a reason."""
    score = _locked_score(score)
    require(perms.can_appraise(by, score))
    assessment = _locked_assessment(score.assessment)
    _check_appraising(assessment)
    component = score.component
    if not is_appraised_here(score):
        raise DomainError(_("{code}: tiêu chí thành phần này không thẩm định (điều tra xã hội học hoặc không áp dụng).").format(
            code=component.code))
    points = _points(points, component, "points")
    reason = _text(reason, "reason", _("Lý do điều chỉnh"))
    if points != reference_points(score) and not reason:
        raise InvalidInput([Issue(_("{code}: ghi lý do khi điểm thẩm định khác điểm tự chấm.").format(code=component.code),
                                  field="reason")])
    score.appraised_points, score.appraisal_reason = points, reason
    score.appraised_by, score.appraised_at = by, timezone.now()
    score.save(update_fields=["appraised_points", "appraisal_reason", "appraised_by", "appraised_at"])
    results.refresh(assessment)
    return score


def left_to_appraise(assessment: Assessment) -> list[Score]:
    """The applicable, appraisable components of ``assessment`` not appraised yet."""
    return [s for s in _scores(assessment) if s.appraised_points is None and is_appraised_here(s)]


@transaction.atomic
def finish_appraisal(assessment: Assessment, *, by, today: date | None = None) -> Assessment:
    """Every applicable component appraised: the assessment goes to the unit (APPRAISED), which may respond
    until ``response_due``, ``season.response_days`` working days from today; its focal points are told."""
    assessment = _locked_assessment(assessment)
    require(perms.can_finish(by, assessment))
    _check_appraising(assessment)
    left = left_to_appraise(assessment)
    if left:
        raise InvalidInput([Issue(_("{code}: chưa thẩm định.").format(code=s.component.code), field=s.component.code)
                            for s in left])
    day = _today(today)
    assessment.status = AssessmentStatus.APPRAISED
    assessment.appraised_at = timezone.now()
    assessment.response_due = _response_calendar(day).add_working_days(day, int(assessment.season.response_days))
    assessment.save(update_fields=["status", "appraised_at", "response_due"])
    adjusted = sum(1 for s in _scores(assessment) if is_adjusted(s))
    with translation.override(settings.LANGUAGE_CODE):  # written in the site's language, as the producers'
        for user in _focal_points(assessment.unit_id):
            notices.notify(user, kind=Kind.PAR_APPRAISED, key=f"parindex-appraised-{assessment.pk}",
                           title=_("Chỉ số CCHC năm {year}: đã có kết quả thẩm định").format(year=assessment.season.year),
                           body=_("{n} tiêu chí thành phần được điều chỉnh. Đơn vị có thể phản hồi một lần, đến hết ngày {due}.").format(
                               n=adjusted, due=f"{assessment.response_due:%d/%m/%Y}"),
                           url=_respond_url(assessment))
    results.refresh(assessment)
    return assessment


def _respond_url(assessment: Assessment) -> str:
    from django.urls import reverse

    return reverse("parindex:respond", args=[assessment.pk])


def _focal_points(unit_id: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, profile__role=Role.FOCAL_POINT,
                                           profile__unit_id=unit_id).order_by("pk")


# --- the unit's response and the decision ----------------------------------------------------------------

@transaction.atomic
def respond(assessment: Assessment, responses: Mapping[int, str], *, by, today: date | None = None) -> Assessment:
    """The unit's one response to the appraisal, within its window: a text per adjusted component
    (``responses``: component id → text; empty texts are left out, and none at all means the unit accepts
    the appraisal). The season's Tổ thẩm định is told."""
    assessment = _locked_assessment(assessment)
    require(perms.can_respond(by, assessment))
    if assessment.status == AssessmentStatus.RESPONDED or assessment.responded_at is not None:
        raise InvalidInput([Issue(_("Đơn vị đã phản hồi kết quả thẩm định; chỉ được phản hồi một lần."), field="responses")])
    if assessment.status != AssessmentStatus.APPRAISED:
        raise DomainError(_("Chỉ phản hồi được khi đã có kết quả thẩm định."))
    if assessment.response_due is None or _today(today) > assessment.response_due:
        raise InvalidInput([Issue(_("Đã hết hạn phản hồi ({due}).").format(
            due=f"{assessment.response_due:%d/%m/%Y}" if assessment.response_due else "—"), field="responses")])
    scores = {s.component_id: s for s in _scores(assessment)}
    texts: dict[int, str] = {}
    issues = []
    for component_id, text in responses.items():
        score = scores.get(int(component_id)) if str(component_id).isascii() and str(component_id).isdigit() else None
        text = _text(text, f"response_{component_id}", _("Ý kiến của đơn vị"))
        if not text:
            continue
        if score is None or not is_adjusted(score):
            issues.append(Issue(_("Chỉ phản hồi được tiêu chí thành phần bị điều chỉnh điểm."), field=f"response_{component_id}"))
            continue
        texts[score.pk] = text
    if issues:
        raise InvalidInput(issues)
    now = timezone.now()
    for score in scores.values():
        if score.pk in texts:
            score.response, score.responded_at = texts[score.pk], now
            score.save(update_fields=["response", "responded_at"])
    assessment.status, assessment.responded_at = AssessmentStatus.RESPONDED, now
    assessment.save(update_fields=["status", "responded_at"])
    with translation.override(settings.LANGUAGE_CODE):
        for scope in AppraiserScope.objects.filter(season=assessment.season).select_related("user"):
            notices.notify(scope.user, kind=Kind.PAR_RESPONDED, key=f"parindex-responded-{assessment.pk}",
                           title=_("{unit} đã phản hồi kết quả thẩm định Chỉ số CCHC").format(unit=assessment.unit.name),
                           body=_("{n} tiêu chí thành phần có ý kiến của đơn vị, chờ tổ thẩm định quyết định.").format(
                               n=len(texts)),
                           url=_appraise_url(assessment))
    results.refresh(assessment)
    return assessment


def _appraise_url(assessment: Assessment) -> str:
    from django.urls import reverse

    return reverse("parindex:appraise", args=[assessment.pk])


@transaction.atomic
def decide(score: Score, *, points, reason: str, by) -> Score:
    """The appraiser's decision on a component the unit answered: the points after the response and why."""
    score = _locked_score(score)
    require(perms.can_appraise(by, score))
    assessment = _locked_assessment(score.assessment)
    if assessment.status != AssessmentStatus.RESPONDED or assessment.season.status == SeasonStatus.PUBLISHED:
        raise DomainError(_("Chỉ quyết định được khi đơn vị đã phản hồi và chưa chốt điểm."))
    if not score.response:
        raise DomainError(_("{code}: đơn vị không phản hồi tiêu chí thành phần này.").format(code=score.component.code))
    points = _points(points, score.component, "points")
    reason = _text(reason, "reason", _("Lý do quyết định"))
    if not reason:
        raise InvalidInput([Issue(_("{code}: ghi lý do quyết định.").format(code=score.component.code), field="reason")])
    score.decided_points, score.decision_reason, score.decided_by = points, reason, by
    score.save(update_fields=["decided_points", "decision_reason", "decided_by"])
    results.refresh(assessment)
    return score


def can_be_closed(assessment: Assessment, *, today: date | None = None) -> bool:
    """RESPONDED with every answered component decided, or APPRAISED with the window passed unanswered."""
    if assessment.status == AssessmentStatus.RESPONDED:
        return not assessment.scores.exclude(response="").filter(decided_points__isnull=True).exists()
    return (assessment.status == AssessmentStatus.APPRAISED and assessment.response_due is not None
            and _today(today) > assessment.response_due)


@transaction.atomic
def close(assessment: Assessment, *, by, today: date | None = None) -> Assessment:
    """Close the appraisal of ``assessment``: its points are decided (DECIDED) until publication."""
    assessment = _locked_assessment(assessment)
    require(perms.can_finish(by, assessment))
    if assessment.season.status == SeasonStatus.PUBLISHED:
        raise DomainError(_("Đợt đánh giá đã công bố."))
    if not can_be_closed(assessment, today=today):
        if assessment.status == AssessmentStatus.RESPONDED:
            left = [s.component.code for s in _scores(assessment) if s.response and s.decided_points is None]
            raise InvalidInput([Issue(_("{code}: chưa quyết định sau phản hồi.").format(code=code), field=code)
                                for code in left])
        if assessment.status == AssessmentStatus.APPRAISED:
            raise InvalidInput([Issue(_("Đơn vị còn được phản hồi đến hết ngày {due}.").format(
                due=f"{assessment.response_due:%d/%m/%Y}"), field="response_due")])
        raise DomainError(_("Chỉ chốt điểm được bản đánh giá đã thẩm định."))
    assessment.status, assessment.decided_at = AssessmentStatus.DECIDED, timezone.now()
    assessment.save(update_fields=["status", "decided_at"])
    results.refresh(assessment)
    return assessment


#: The reason written on every evidence criterion of a unit that sent no self-assessment.
NOT_SUBMITTED = gettext_noop("Đơn vị không gửi bản tự đánh giá đúng hạn: tiêu chí chấm theo minh chứng được 0 điểm.")


def unsubmitted(season: Season):
    """The season's assessments still drafts (their unit sent no self-assessment)."""
    return season.assessments.filter(status=AssessmentStatus.DRAFT).select_related("unit")


@transaction.atomic
def close_unsubmitted(season: Season, *, by, today: date | None = None) -> int:
    """After the self-assessment deadline, close the assessments of the units that sent none, so the block
    can be published (DOMAIN §12.3: a self-score counts only with its evidence, appraised; a unit that
    submits nothing has nothing to appraise): every applicable evidence criterion is appraised at 0 with
    the reason :data:`NOT_SUBMITTED` (its unsent draft scores are kept, and not counted); computed criteria
    keep their figures' points and survey criteria their survey points; the assessment is DECIDED.
    Returns how many were closed. The PAR officer's (and the administrator's) decision, audited."""
    require(perms.can_assign(by))
    season = Season.objects.select_for_update().get(pk=season.pk)
    if season.status == SeasonStatus.PUBLISHED:
        raise DomainError(_("Đợt đánh giá đã công bố."))
    if _today(today) <= season.self_due:
        raise DomainError(_("Chưa hết hạn tự đánh giá ({due}): đơn vị còn được gửi.").format(
            due=f"{season.self_due:%d/%m/%Y}"))
    now, closed = timezone.now(), 0
    for assessment in unsubmitted(season):
        scores = [s for s in _scores(assessment)
                  if s.component.method == Method.EVIDENCE and is_applicable(s)]
        for score in scores:
            score.appraised_points, score.appraisal_reason = Decimal("0.00"), NOT_SUBMITTED
            score.appraised_by, score.appraised_at = by, now
        for score in scores:  # one save each, so the audit trail records every criterion (not bulk_update)
            score.save(update_fields=["appraised_points", "appraisal_reason", "appraised_by", "appraised_at"])
        assessment.status, assessment.appraised_at, assessment.decided_at = AssessmentStatus.DECIDED, now, now
        assessment.save(update_fields=["status", "appraised_at", "decided_at"])
        results.refresh(assessment)
        closed += 1
    return closed


def appraiser_users(season: Season):
    """The members of ``season``'s Tổ thẩm định, by name."""
    return [s.user for s in AppraiserScope.objects.filter(season=season).select_related("user")
            .order_by("user__last_name", "user__first_name", "user__username")]


def appraiser_candidates():
    """The people who may be made members: appraisers and PAR officers, active."""
    return (Profile.objects.filter(role__in=[r.value for r in perms.APPRAISER_ROLES], user__is_active=True)
            .select_related("user", "unit").order_by("user__last_name", "user__first_name", "user__username"))
