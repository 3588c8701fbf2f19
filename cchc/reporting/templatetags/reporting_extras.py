from django import template

from cchc.analytics import choices
from cchc.core.kpis import definitions

register = template.Library()

#: Badge colours of the stylesheet (.badge.done green, .in_progress blue, .partial orange, .overdue red,
#: .not_started grey) for each state a report page shows.
BADGES = {
    "draft": "not_started", "submitted": "in_progress", "resubmitted": "in_progress", "returned": "partial",
    "approved": "done", "on_time": "done", "late": "partial", "missing": "overdue", "pending": "not_started",
    "met": "done", "at_risk": "partial", "missed": "overdue", "no_data": "",
    "queued": "not_started", "running": "in_progress", "failed": "overdue", "open": "in_progress", "closed": "",
}


@register.filter
def badge(state: str) -> str:
    """``<span class="badge {{ state|badge }}">``: the colour of a state."""
    return BADGES.get(str(state), "")


@register.filter
def kpi_name(snapshot) -> str:
    """The catalogue name of a copied KPI value, in the page's language, for the version it was computed with;
    of a KPI code (a target's ``kpi_code``), the name of its latest version."""
    if isinstance(snapshot, str):
        return choices.kpi_name_of(snapshot)
    return choices.kpi_name_of(snapshot.kpi_code, snapshot.definition_version)


@register.filter
def kpi_unit(snapshot) -> str:
    try:
        return definitions(snapshot.kpi_code)[-1].unit
    except KeyError:
        return ""


@register.filter
def comparator_sign(comparator: str) -> str:
    return {">=": "≥", "<=": "≤"}.get(comparator, comparator)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
