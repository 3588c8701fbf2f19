"""What the analytics app tells the apps above it, without knowing them.

``kpi_values_refreshed`` is sent after the background refresh (cchc.analytics.background.refresh_now) has
written new figures, with ``years`` (the years refreshed). The corrective app listens to require corrective
actions for targets that turned red (cchc.corrective.apps); the KPI store does not call up into it.
"""

from __future__ import annotations

from django.dispatch import Signal

kpi_values_refreshed = Signal()
