"""Use cases of periodic reporting (F3), in one import for the pages, the API, the CLI and the documents.
They live by responsibility: periods (cchc.reporting.periods), what the system copies into a report
(prefill), the report's workflow (workflow), what a submission writes back to the plan's tasks (progress)
and the timeliness read side (timeliness); reminders and notices are cchc.reporting.notifications.
"""

from __future__ import annotations

from .periods import close_period, open_period, period_dates, reopen_period, reporting_units
from .prefill import plans_in_force, report_areas
from .timeliness import OverviewRow, TimelinessRow, period_overview, timeliness, timeliness_rate
from .workflow import (
    ACTION_NAMES,
    NARRATIVE_FIELDS,
    add_attachment,
    approve,
    check,
    current_report,
    locked_message,
    remove_attachment,
    return_report,
    save_report,
    start_correction,
    submission_problems,
    submit,
    versions_of,
)

__all__ = [
    "ACTION_NAMES", "NARRATIVE_FIELDS", "OverviewRow", "TimelinessRow", "add_attachment",
    "approve", "check", "close_period", "current_report", "locked_message", "open_period", "period_dates",
    "period_overview", "plans_in_force", "remove_attachment", "reopen_period", "report_areas", "reporting_units",
    "return_report", "save_report", "start_correction", "submission_problems", "submit", "timeliness",
    "timeliness_rate", "versions_of",
]
