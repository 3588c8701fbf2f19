"""Notices on the demo (issue 14 item 4): the scheduled producers run once when the demo is loaded, for that
moment, so each demo account finds in its list what the job runner makes each morning: the focal point of
Xã Phù Mỹ (dm.xaphumy) its morning digest of near-due and overdue dossiers (the demo's open dossiers),
the focal points of units that did not send the ended quarter's report their reminder and the PAR officer
the list of those units, and the corrective actions waiting. Nothing is invented: what the producers find
in the demo data is what is notified. The e-mails of this first run are not sent (the demo's addresses
are illustrative); later runs of the schedule send them as each account chose."""

from __future__ import annotations

from collections.abc import Callable

from django.test.utils import override_settings
from django.utils import timezone


def load(step: Callable[[str], None] = lambda _s: None) -> dict[str, int]:
    """Run every producer now (idempotent: a second load the same day makes nothing new); what each made."""
    from django.utils.translation import gettext as _

    from cchc.notices.producers import run_all_on

    step(_("Thông báo minh họa (các bộ tạo thông báo theo lịch)"))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return run_all_on(timezone.now())
