"""Links the dashboard writes many times a page."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = 987654321


@functools.lru_cache(maxsize=8)
def _unit_url_pattern(prefix: str) -> str:
    return reverse("dashboard:unit", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{pk}")


def unit_url(pk: int) -> str:
    """A unit's drill-down page (``dashboard:unit``): resolved once per script prefix, then filled in. The
    dashboard links every ranked unit and every area of the map: 135 ``reverse`` calls were a fifth of the
    map's cost."""
    return _unit_url_pattern(get_script_prefix()).format(pk=int(pk))
