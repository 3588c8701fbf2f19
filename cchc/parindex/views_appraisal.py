"""The appraisal pages of the PAR index (issue 13 item 2): the appraiser's queue, the appraisal of one
assessment (accept or adjust each component with a reason; finish), the unit's one response, the decision
on what it answered and the closing, the officer's Tổ thẩm định of a season and the move to appraisal.

Every view checks the same rules as the services (cchc.parindex.appraisal_permissions): a role that has no
part here gets 403; an object outside the user's scope (another season's assessment for an appraiser,
another unit's for a focal point) is 404, as if it did not exist.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.choices import Role
from cchc.accounts.permissions import require, role_of
from cchc.core.errors import DomainError, InvalidInput, NotAllowed
from cchc.core.parsing import ascii_int

from . import appraisal, computed
from . import appraisal_permissions as perms
from .choices import AssessmentStatus, Method, SeasonStatus
from .models import AppraiserScope, Assessment, Evidence, Score, Season

#: The states the queue lists (a draft is not the appraisers' yet).
QUEUED = (AssessmentStatus.SUBMITTED, AssessmentStatus.APPRAISED, AssessmentStatus.RESPONDED, AssessmentStatus.DECIDED)


def _flash(request, exc: DomainError) -> None:
    if isinstance(exc, InvalidInput):
        for issue in exc.issues:
            messages.error(request, issue.text())
    else:
        messages.error(request, str(exc))


def _assessment_for_appraiser(user, pk: int) -> Assessment:
    """The assessment ``pk`` if ``user`` appraises its season (403 for a role that never appraises, 404
    when out of scope)."""
    require(perms.can_open_queue(user))
    assessment = get_object_or_404(Assessment.objects.select_related("season__version", "unit"), pk=pk)
    if not perms.can_view_appraisal(user, assessment):
        raise Http404
    return assessment


def _score_for_appraiser(user, pk: int) -> Score:
    require(perms.can_open_queue(user))
    score = get_object_or_404(Score.objects.select_related("assessment__season", "component__criterion__area"), pk=pk)
    if not perms.can_view_appraisal(user, score.assessment):
        raise Http404
    return score


@login_required
def appraisal_queue(request):
    """The assessments the user appraises: those submitted (and later) in the seasons of their Tổ thẩm
    định (every season for the PAR officer), with their state and the deadline that matters now."""
    user = request.user
    require(perms.can_open_queue(user))
    assessments = Assessment.objects.filter(status__in=QUEUED, season__status__in=[SeasonStatus.SELF, SeasonStatus.APPRAISAL])
    if not perms.can_assign(user):
        assessments = assessments.filter(season__appraisers__user=user)
    assessments = (assessments.select_related("season__version", "unit")
                   .annotate(appraised=Count("scores", filter=Q(scores__appraised_points__isnull=False)),
                             to_decide=Count("scores", filter=~Q(scores__response="") & Q(scores__decided_points__isnull=True)))
                   .order_by("season__year", "season__version__block", "status", "unit__name"))
    rows = []
    for a in assessments:
        if a.status == AssessmentStatus.SUBMITTED:
            deadline = a.season.appraisal_due
        elif a.status == AssessmentStatus.APPRAISED:
            deadline = a.response_due
        else:
            deadline = None
        rows.append({"a": a, "deadline": deadline, "late": deadline is not None and deadline < timezone.localdate()})
    seasons = Season.objects.filter(status__in=[SeasonStatus.SELF, SeasonStatus.APPRAISAL]).select_related("version")
    return render(request, "parindex/appraisal_queue.html", {
        "rows": rows, "seasons": seasons if perms.can_assign(user) else [], "can_assign": perms.can_assign(user),
    })


def _rows(user, assessment: Assessment) -> list[dict]:
    scores = (assessment.scores.select_related("component__criterion__area", "appraised_by", "decided_by", "assessment")
              .prefetch_related("evidence")
              .order_by("component__criterion__area__order", "component__criterion__order", "component__order", "pk"))
    appraising = assessment.status == AssessmentStatus.SUBMITTED and assessment.season.status != SeasonStatus.PUBLISHED
    deciding = assessment.status == AssessmentStatus.RESPONDED and assessment.season.status != SeasonStatus.PUBLISHED
    areas = perms.area_ids_of(user, assessment.season_id)
    rows = []
    for s in scores:
        in_scope = areas is None or s.component.criterion.area_id in areas
        appraised_here = appraisal.is_appraised_here(s)
        rows.append({
            "s": s, "c": s.component, "area": s.component.criterion.area,
            "reference": appraisal.reference_points(s) if appraised_here else None,
            "applicable": appraisal.is_applicable(s), "appraised_here": appraised_here,
            "computed": s.component.method == Method.COMPUTED, "adjusted": appraisal.is_adjusted(s),
            "source_link": computed.is_link(s), "source_text": computed.source_text(s),
            "editable": appraising and appraised_here and in_scope,
            "decidable": deciding and bool(s.response) and in_scope,
        })
    return rows


@login_required
def appraise(request, pk: int):
    """One assessment's appraisal: per component the self-score, evidence (number, page or section, file),
    explanation, the computed value with its source; accept or adjust the components in the user's scope."""
    assessment = _assessment_for_appraiser(request.user, pk)
    rows = _rows(request.user, assessment)
    return render(request, "parindex/appraisal_assessment.html", {
        "assessment": assessment, "rows": rows,
        "left": sum(1 for r in rows if r["appraised_here"] and r["s"].appraised_points is None),
        "can_finish": assessment.status == AssessmentStatus.SUBMITTED and perms.can_finish(request.user, assessment),
        "can_close": appraisal.can_be_closed(assessment) and perms.can_finish(request.user, assessment),
    })


@login_required
@require_POST
def appraise_score(request, pk: int):
    score = _score_for_appraiser(request.user, pk)
    points = request.POST.get("points", "")
    if "accept" in request.POST:
        reference = appraisal.reference_points(score)
        points = "" if reference is None else str(reference)
    try:
        appraisal.appraise(score, points=points, reason=request.POST.get("reason", ""), by=request.user)
    except InvalidInput as exc:
        _flash(request, exc)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã ghi điểm thẩm định {code}.").format(code=score.component.code))
    return redirect(f"{_appraise_url(score.assessment_id)}#c{score.component_id}")


def _appraise_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("parindex:appraise", args=[pk])


@login_required
@require_POST
def appraisal_finish(request, pk: int):
    assessment = _assessment_for_appraiser(request.user, pk)
    try:
        appraisal.finish_appraisal(assessment, by=request.user)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã thẩm định xong {unit}; đơn vị được phản hồi đến hết ngày {due}.").format(
            unit=assessment.unit.name, due=f"{Assessment.objects.get(pk=pk).response_due:%d/%m/%Y}"))
    return redirect(_appraise_url(pk))


@login_required
@require_POST
def decide_score(request, pk: int):
    score = _score_for_appraiser(request.user, pk)
    try:
        appraisal.decide(score, points=request.POST.get("points", ""), reason=request.POST.get("reason", ""),
                         by=request.user)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã quyết định điểm {code} sau phản hồi.").format(code=score.component.code))
    return redirect(f"{_appraise_url(score.assessment_id)}#c{score.component_id}")


@login_required
@require_POST
def close(request, pk: int):
    assessment = _assessment_for_appraiser(request.user, pk)
    try:
        appraisal.close(assessment, by=request.user)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đã chốt điểm của {unit}.").format(unit=assessment.unit.name))
    return redirect(_appraise_url(pk))


@login_required
def appraisal_evidence(request, pk: int):
    """An evidence file, for those who appraise its assessment (never served as static media)."""
    require(perms.can_open_queue(request.user))
    evidence = get_object_or_404(Evidence.objects.select_related("score__assessment"), pk=pk)
    if not perms.can_view_appraisal(request.user, evidence.score.assessment) or not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])


# --- the unit's response ------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def respond(request, pk: int):
    """The unit's one response: the adjusted components with the appraiser's reason, one text each."""
    user = request.user
    require(role_of(user) == Role.FOCAL_POINT)
    assessment = get_object_or_404(Assessment.objects.select_related("season__version", "unit"), pk=pk)
    if not perms.can_respond(user, assessment):
        raise Http404
    scores = [s for s in assessment.scores.select_related("component__criterion__area", "assessment", "decided_by")
              .order_by("component__criterion__area__order", "component__criterion__order", "component__order", "pk")
              if appraisal.is_adjusted(s)]
    open_ = (assessment.status == AssessmentStatus.APPRAISED and assessment.response_due is not None
             and timezone.localdate() <= assessment.response_due)
    texts = {}
    if request.method == "POST":
        texts = {s.component_id: request.POST.get(f"response_{s.component_id}", "") for s in scores}
        try:
            appraisal.respond(assessment, texts, by=user)
        except NotAllowed:
            raise
        except DomainError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Đã gửi phản hồi của đơn vị tới tổ thẩm định."))
            return redirect("parindex:respond", pk=pk)
    rows = [{"s": s, "text": texts.get(s.component_id, s.response), "reference": appraisal.reference_points(s)}
            for s in scores]
    return render(request, "parindex/appraisal_respond.html", {"assessment": assessment, "rows": rows, "open": open_})


# --- the officer: the Tổ thẩm định and the move to appraisal -----------------------------------------------

class AppraiserForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=gettext_lazy("Thành viên"))
    areas = forms.ModelMultipleChoiceField(queryset=None, required=False, label=gettext_lazy("Lĩnh vực thẩm định"),
                                           help_text=gettext_lazy("Không chọn lĩnh vực nào: thẩm định mọi lĩnh vực."),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, season: Season, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            pk__in=[p.user_id for p in appraisal.appraiser_candidates()]).order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
        self.fields["areas"].queryset = season.version.areas.order_by("order", "code")


@login_required
@require_http_methods(["GET", "POST"])
def appraisers(request, pk: int):
    """A season's Tổ thẩm định: its members and their areas; add or change one, take one off."""
    require(perms.can_assign(request.user))
    season = get_object_or_404(Season.objects.select_related("version"), pk=pk)
    form = AppraiserForm(season=season)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                scope = get_object_or_404(AppraiserScope, season=season, pk=ascii_int(request.POST.get("remove")) or 0)
                appraisal.remove_appraiser(scope, by=request.user)
                messages.success(request, _("Đã bỏ {user} khỏi tổ thẩm định.").format(
                    user=scope.user.get_full_name() or scope.user.username))
                return redirect("parindex:appraisers", pk=pk)
            form = AppraiserForm(request.POST, season=season)
            if form.is_valid():
                member = form.cleaned_data["user"]
                appraisal.assign_appraiser(season, member, form.cleaned_data["areas"], by=request.user)
                messages.success(request, _("Đã phân công {user} thẩm định.").format(
                    user=member.get_full_name() or member.username))
                return redirect("parindex:appraisers", pk=pk)
        except InvalidInput as exc:
            for issue in exc.issues:
                form.add_error(issue.field if issue.field in form.fields else None, issue.text())
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error(None, str(exc))
    scopes = (AppraiserScope.objects.filter(season=season).select_related("user__profile__unit")
              .prefetch_related("areas").order_by("user__last_name", "user__first_name", "user__username"))
    return render(request, "parindex/appraisal_appraisers.html", {
        "season": season, "scopes": scopes, "form": form,
        "can_move": season.status == SeasonStatus.SELF,
        "before_due": timezone.localdate() <= season.self_due,
        "unsubmitted": (appraisal.unsubmitted(season).count()
                        if season.status != SeasonStatus.PUBLISHED and timezone.localdate() > season.self_due else 0),
    })


@login_required
@require_POST
def close_unsubmitted(request, pk: int):
    """The PAR officer closes, after the deadline, the assessments of units that sent none (appraisal.py)."""
    require(perms.can_assign(request.user))
    season = get_object_or_404(Season, pk=pk)
    try:
        closed = appraisal.close_unsubmitted(season, by=request.user)
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, ngettext(
            "Đã chốt điểm {n} đơn vị không gửi bản tự đánh giá.", "Đã chốt điểm {n} đơn vị không gửi bản tự đánh giá.",
            closed).format(n=closed))
    return redirect("parindex:appraisers", pk=pk)


@login_required
@require_POST
def season_to_appraisal(request, pk: int):
    require(perms.can_assign(request.user))
    season = get_object_or_404(Season, pk=pk)
    try:
        appraisal.season_to_appraisal(season, by=request.user, early=request.POST.get("early") == "1")
    except NotAllowed:
        raise
    except DomainError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Đợt đánh giá đã chuyển sang bước thẩm định."))
    return redirect("parindex:appraisers", pk=pk)
