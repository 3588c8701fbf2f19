"""Notices on the demo (issue 14 item 4): the scheduled producers run once when the demo is loaded, for that
moment, so each demo account finds in its list what the job runner makes each morning: the focal point of
Xã Phù Mỹ (dm.xaphumy) its morning digest of near-due and overdue dossiers, the focal points of units that
did not send the ended quarter's report their reminder and the PAR officer the list of those units, the
corrective actions waiting, the remediation items after an inspection due within a week (the
inspections' own producer, cchc.inspections.reminders). The producers notify what they find in the demo data; so that the commune's
digest is never empty on a day its generated dossiers happen to hold none due, the step adds to it one
illustrative open dossier overdue and one due within hours where it has none (source "demo", code
"MH-TB-…", like every demo dossier marked as generated). The e-mails of this first run are not sent (the
demo's addresses are illustrative); later runs of the schedule send them as each account chose."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

#: The demo commune whose focal point (dm.xaphumy) shows the morning digest.
DIGEST_UNIT_KEY = "vn:2025:commune:21730"


def load(step: Callable[[str], None] = lambda _s: None) -> dict[str, int]:
    """Run every producer now (idempotent: a second load the same day makes nothing new); what each made."""
    from django.utils.translation import gettext as _

    from cchc.inspections.reminders import remediation_deadlines_on
    from cchc.notices.producers import run_all_on

    step(_("Thông báo minh họa (các bộ tạo thông báo theo lịch)"))
    now = timezone.now()
    _illustrative_due_dossiers(now)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        made = run_all_on(now)
        made["remediation_deadlines"] = remediation_deadlines_on(timezone.localdate(now))
        return made


def _illustrative_due_dossiers(now: datetime) -> int:
    """One open dossier overdue and one due within hours at the demo commune, for each list it lacks, with
    the procedure of its latest demo dossier (none added for a commune without demo dossiers)."""
    from cchc.dossiers.models import Dossier
    from cchc.dossiers.views import near_due_lists
    from cchc.units.models import Unit

    from .dossiers import SOURCE

    unit = Unit.objects.filter(key=DIGEST_UNIT_KEY).first()
    latest = Dossier.objects.filter(unit=unit, source_system=SOURCE).order_by("-received_at").first() if unit else None
    if latest is None:
        return 0
    soon, overdue = near_due_lists(Dossier.objects.filter(unit=unit), now=now,
                                   horizon=timedelta(hours=settings.NEAR_DUE_HOURS))
    wanted = [("QH", now - timedelta(days=1), now - timedelta(days=6))] if not overdue.exists() else []
    wanted += [("SH", now + timedelta(hours=6), now - timedelta(days=4))] if not soon.exists() else []
    for tag, due, received in wanted:
        Dossier.objects.get_or_create(source_system=SOURCE, code=f"MH-TB-{timezone.localdate(now):%Y%m%d}-{tag}", defaults={
            "unit": unit, "receiving_unit": unit, "procedure_id": latest.procedure_id, "status": 4,
            "channel": latest.channel, "received_at": received, "due_at": due, "original_due_at": due})
    return len(wanted)
