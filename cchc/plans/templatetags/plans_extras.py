from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ labels|lookup:status }}``: a dict entry in a template."""
    return mapping.get(key, key)
