from django import template

from cchc.plans.choices import LeadLevelChoices, TaskStatusChoices

register = template.Library()


@register.filter
def level_names(levels) -> str:
    """``["province", "district"]`` → "các sở, ban, ngành; cấp huyện" (who leads a task by level)."""
    names = dict(LeadLevelChoices.choices)
    return "; ".join(str(names.get(level, level)) for level in levels)


@register.filter
def status_counts(counts: dict) -> list[tuple[str, str, int]]:
    """``{% for value, label, n in counts|status_counts %}``: each task status with its label and count."""
    return [(value, label, counts.get(value, 0)) for value, label in TaskStatusChoices.choices]
