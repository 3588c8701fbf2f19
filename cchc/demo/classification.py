"""The demo's yearly classification (issue 14 item 3), illustrative: the Sở Nội vụ's reminder of 15/10 last
year to Xã Phù Mỹ about its late dossiers (the seeds name Phù Mỹ as late; the demo's dossiers keep it late
every month), then this year's proposals of both blocks, where seed 003's cap shows with its reason."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from cchc.classification import services
from cchc.classification.choices import ReminderAbout
from cchc.classification.models import Reminder
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit

UNIT_KEY = "vn:2025:commune:21730"  # Xã Phù Mỹ (today's units, since 1/7/2025)
OFFICER = "snv.cchc"
TEXT = ("Chấn chỉnh việc giải quyết hồ sơ thủ tục hành chính trễ hẹn trong tháng 9; yêu cầu rà soát, "
        "xin lỗi người dân và khắc phục ngay (dữ liệu minh họa).")


def load() -> int:
    """Record the reminder once and run this year's proposals; returns how many proposals were made."""
    unit = Unit.objects.filter(key=UNIT_KEY).first()
    officer = get_user_model().objects.filter(username=OFFICER).first()
    if unit is None or officer is None:
        return 0
    year = timezone.localdate().year
    on = date(year - 1, 10, 15)
    reminder, created = Reminder.objects.get_or_create(
        unit=unit, on=on, about=ReminderAbout.LATE_DOSSIERS,
        defaults={"text": TEXT, "document": "Công văn số 01/SNV-CCHC (minh họa)", "kpi_code": "late",
                  "period_kind": "month", "period_start": date(year - 1, 9, 1), "recorded_by": officer})
    if created:
        late = Dossier.objects.filter(unit=unit, finished_at__gt=F("due_at"),
                                      finished_at__date__range=(date(year - 1, 9, 1), date(year - 1, 9, 30)))
        reminder.dossiers.set(late.order_by("finished_at")[:3])
    made = 0
    for block in ("commune", "agency"):
        result = services.run(user=officer, year=year, block=block)
        made += result.created + result.updated
    return made
