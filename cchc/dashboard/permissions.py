"""Who may open the leaders' dashboard.

Built on cchc.accounts.permissions: everybody with a role reads the dashboard (figures are the province's
own, as on the 766 scoreboard). Who sees, answers and confirms corrective actions is
cchc.corrective.permissions.
"""

from __future__ import annotations

from cchc.accounts.permissions import can_view


def can_view_dashboard(user) -> bool:
    return can_view(user)
