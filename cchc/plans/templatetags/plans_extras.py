from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ labels|lookup:status }}``: a dict entry in a template."""
    return mapping.get(key, key)


@register.filter
def level_names(levels) -> str:
    """``["province", "district"]`` → "các sở, ban, ngành; cấp huyện" (who leads a task by level)."""
    names = {"province": _("các sở, ban, ngành"), "district": _("cấp huyện"), "commune": _("cấp xã")}
    return "; ".join(str(names.get(level, level)) for level in levels)
