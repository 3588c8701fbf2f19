from django import template

from cchc.plans.choices import LeadLevelChoices

register = template.Library()


@register.filter
def level_names(levels) -> str:
    """``["province", "district"]`` → "các sở, ban, ngành; cấp huyện" (who leads a task by level)."""
    names = dict(LeadLevelChoices.choices)
    return "; ".join(str(names.get(level, level)) for level in levels)
