"""Who may see the units (issue #2, PRODUCT F17). The unit pages and the units API ask this function.

Units are the province's public organisation: anyone with a role reads the tree, a unit's page (its
lineage across the 2025 reorganisation and the plan tasks assigned to it) and the units API; an
integration account only pushes data. Nobody edits units on the site: they are imported
(``cchc units import``) and corrected in the admin, which Django's staff permissions guard.
"""

from __future__ import annotations

from cchc.accounts.permissions import can_view


def can_view_units(user) -> bool:
    """The unit tree, a unit's page and the units API."""
    return can_view(user)
