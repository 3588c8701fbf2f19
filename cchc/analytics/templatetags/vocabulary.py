"""``{% load vocabulary %}``: the names the core keeps in Vietnamese, in the reader's language, and the
one ``lookup`` filter that reads a label map (cchc.analytics.choices; maps come from the apps' choices)."""

from __future__ import annotations

from django import template

from cchc.core import score766

from .. import choices

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ labels|lookup:status }}``: a dict entry in a template, the key itself when it has none."""
    return mapping.get(key, key)


@register.filter
def kpi_name(definition_or_code) -> str:
    """``{{ definition|kpi_name }}`` or ``{{ "ontime_rate"|kpi_name }}``: the KPI's translated name."""
    if isinstance(definition_or_code, str):
        return choices.kpi_name_of(definition_or_code)
    return choices.kpi_name(definition_or_code)


@register.filter
def indicator_name(indicator_or_code) -> str:
    """``{{ ind|indicator_name }}``: a Decision 766 indicator's translated name (object or code)."""
    indicator = indicator_or_code
    if isinstance(indicator_or_code, str):
        indicator = score766.INDICATORS_BY_CODE.get(indicator_or_code)
        if indicator is None:
            return indicator_or_code
    return choices.indicator_name(indicator)


@register.filter
def group_name(group: int) -> str:
    """``{{ n|group_name }}``: a Decision 766 group's translated name."""
    return choices.group_name(int(group))
