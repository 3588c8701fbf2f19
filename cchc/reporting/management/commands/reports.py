from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import reporting as rules
from cchc.platform.command import CchcCommand
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.notifications import send_reminders
from cchc.reporting.services import timeliness


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Ngày không hợp lệ «{value}» (dùng yyyy-mm-dd).").format(value=value)) from None


class Command(CchcCommand):
    help = gettext_lazy("Báo cáo định kỳ: nhắc các đơn vị chưa gửi báo cáo qua e-mail; xem tình hình gửi báo cáo.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help=_("gửi e-mail nhắc các đơn vị chưa gửi báo cáo (chạy hằng ngày)"))
        remind.add_argument("--days-before", type=int, default=rules.DEFAULT_DAYS_BEFORE,
                            help=_("nhắc từ bao nhiêu ngày trước hạn (mặc định 3)"))
        remind.add_argument("--repeat-days", type=int, default=rules.DEFAULT_REPEAT_DAYS,
                            help=_("sau hạn, nhắc lại đơn vị chưa gửi sau mỗi bao nhiêu ngày (mặc định 7)"))
        remind.add_argument("--today", help=_("coi hôm nay là ngày này (yyyy-mm-dd), để thử"))
        remind.add_argument("--dry-run", action="store_true", help=_("chỉ liệt kê, không gửi e-mail"))
        status = sub.add_parser("status", help=_("tình hình gửi báo cáo của các kỳ đang mở"))
        status.add_argument("--today", help=_("coi hôm nay là ngày này (yyyy-mm-dd)"))

    def handle(self, *args, **options):
        today = _day(options["today"]) if options.get("today") else timezone.localdate()
        if options["action"] == "remind":
            if options["days_before"] < 0 or options["repeat_days"] < 1:
                raise CommandError(_("--days-before phải ≥ 0 và --repeat-days phải ≥ 1."))
            run = send_reminders(today=today, days_before=options["days_before"], repeat_days=options["repeat_days"],
                                 dry_run=options["dry_run"])
            kinds = {"before": _("nhắc trước hạn"), "overdue": _("nhắc quá hạn")}
            for period, unit, kind, recipients in run.sent:
                self.stdout.write(f"{period.label} · {unit} · {kinds[kind]} → {', '.join(recipients)}")
            for period, unit, kind in run.no_address:
                self.stderr.write(_("{period} · {unit}: cần {kind} nhưng đơn vị chưa có đầu mối nào có địa chỉ e-mail.").format(
                    period=period.label, unit=unit, kind=kinds[kind]))
            verb = _("Sẽ gửi") if options["dry_run"] else _("Đã gửi")
            self.stdout.write(_("{verb} {n} thư nhắc; {m} đơn vị không có địa chỉ e-mail.").format(
                verb=verb, n=len(run.sent), m=len(run.no_address)))
        else:
            labels = {"on_time": _("đúng hạn"), "late": _("trễ hạn"), "missing": _("chưa gửi, quá hạn"),
                      "pending": _("chưa gửi, còn hạn")}
            for period in ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).select_related("province"):
                rows = timeliness(period, today)
                counts = {k: sum(1 for r in rows if r.status == k) for k in labels}
                rate = rules.timeliness_rate(r.status for r in rows)
                summary = ", ".join(f"{counts[k]} {labels[k]}" for k in labels)
                rate_text = "—" if rate is None else f"{rate}%".replace(".", ",")
                self.stdout.write(_("{period} ({province}), hạn {deadline}: {summary}; tỷ lệ đúng hạn {rate}").format(
                    period=period.label, province=period.province.name, deadline=f"{period.deadline:%d/%m/%Y}",
                    summary=summary, rate=rate_text))
