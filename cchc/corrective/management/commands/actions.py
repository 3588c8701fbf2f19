"""`cchc actions detect`: require the corrective actions now (they are also detected after every KPI refresh)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.corrective import DEFAULT_TIMES
from cchc.corrective import services
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy(
        "Biện pháp khắc phục: cchc actions detect [--year 2025] — yêu cầu đơn vị giải trình, khắc phục các chỉ "
        "tiêu không đạt 2 kỳ báo cáo liên tiếp (chạy lại không tạo trùng)"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser("detect", help=_("rà soát chỉ tiêu không đạt nhiều kỳ liên tiếp, tạo yêu cầu khắc phục"))
        detect.add_argument("--year", type=int, action="append",
                            help=_("năm kế hoạch (lặp lại được); mặc định: mọi kế hoạch"))
        detect.add_argument("--times", type=int, default=DEFAULT_TIMES,
                            help=_("số kỳ liên tiếp không đạt (mặc định {n})").format(n=DEFAULT_TIMES))

    def handle(self, *args, **options):
        if options["times"] < 1:
            raise CommandError(_("Số kỳ liên tiếp phải từ 1 trở lên."))
        result = services.detect(years=options["year"], times=options["times"])
        self.stdout.write(_("Đã rà soát {plans} kế hoạch, {pairs} cặp chỉ tiêu – đơn vị: {created} yêu cầu khắc phục "
                            "mới, {existing} yêu cầu đã có.").format(plans=result.plans, pairs=result.pairs,
                                                                     created=len(result.created),
                                                                     existing=result.existing))
        for action in result.created:
            self.stdout.write(f"  {action.unit.name}: {action.target.code} ({action.periods})")
