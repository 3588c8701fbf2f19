from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone

from cchc.accounts import permissions
from cchc.accounts.choices import Role
from cchc.core.parsing import ascii_int
from cchc.plans.models import Assignment, Plan
from cchc.plans.services import status_counts
from cchc.platform import jobs as background_jobs
from cchc.platform import schedule
from cchc.units.models import Unit

from .home import home_for


@login_required
def home(request):
    """Each role's home (cchc.web.home): what to do today and what is off track, each item a link to where
    it is done; a leader's home is the dashboard, a PAR index appraiser's the appraisal queue."""
    permissions.require(permissions.can_view(request.user))
    if permissions.role_of(request.user) == Role.APPRAISER:  # a member of the Tổ thẩm định: their queue
        return redirect("parindex:appraisal_queue")
    page = home_for(request.user, today=timezone.localdate(), now=timezone.now())
    if page is None:
        return redirect("dashboard:index")
    return render(request, "web/home.html", {"home": page})


@login_required
def overview(request):
    """The province's overview: real figures on one plan year's tasks (the latest year that has started, or the one
    chosen), the user's own unit first. Scoping to a year keeps the page's cost bounded by one year's plans."""
    permissions.require(permissions.can_view(request.user))
    today = timezone.localdate()
    years = list(Plan.objects.order_by("-year").values_list("year", flat=True).distinct())
    chosen = request.GET.get("year", "")
    if ascii_int(chosen, maximum=9999) in years:
        year = int(chosen)
    else:
        year = next((y for y in years if y <= today.year), years[-1] if years else today.year)
    plans = Plan.objects.filter(year=year).select_related("province").annotate(
        n_tasks=Count("tasks", distinct=True), n_targets=Count("targets", distinct=True)
    )
    assignments = Assignment.objects.filter(task__plan__year=year)
    unit_id = permissions.unit_id_of(request.user)
    mine = None
    if unit_id:
        mine_qs = assignments.for_unit(unit_id)
        mine = {
            "unit": Unit.objects.get(pk=unit_id),
            "counts": status_counts(mine_qs, today),
            "overdue": mine_qs.overdue(today).select_related("task", "task__plan").order_by("task__deadline")[:10],
        }
    context = {
        "plans": plans,
        "counts": status_counts(assignments, today),
        "overdue": assignments.overdue(today).select_related("task", "task__plan", "unit").order_by("task__deadline")[:10],
        "overdue_total": assignments.overdue(today).count(),
        "unit_count": Unit.objects.valid_on(today).count(),
        "mine": mine,
        "today": today,
        "year": year,
        "years": years,
    }
    return render(request, "web/overview.html", context)


@login_required
def jobs(request):
    """The background jobs (cchc.platform.jobs) for the administrator: waiting or running, failed with
    their error and attempts, recent successes, and what runs by itself with its next run."""
    permissions.require(permissions.can_view_jobs(request.user))
    return render(request, "web/jobs.html", {"jobs": background_jobs.overview(), "planned": schedule.planned()})
