"""`cchc inspections`: rewrite the recorded inspection KPIs of a year, list remediation items near or past
their deadline."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.levels import UnitKind
from cchc.inspections import figures
from cchc.inspections.models import InspectionPlan
from cchc.platform.command import CchcCommand
from cchc.units.models import Unit


class Command(CchcCommand):
    help = gettext_lazy("Kiểm tra CCHC: cchc inspections figures --year 2026 | cchc inspections due --days 7")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        fig = sub.add_parser("figures", help=_("ghi lại tỷ lệ đơn vị được kiểm tra và tỷ lệ tồn tại được khắc phục"))
        fig.add_argument("--year", type=int, default=None, help=_("năm (mặc định: năm nay)"))
        due = sub.add_parser("due", help=_("việc khắc phục chưa xong, đến hạn hoặc quá hạn"))
        due.add_argument("--days", type=int, default=7, help=_("số ngày tới (mặc định 7)"))

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["action"] == "figures":
            year = options["year"] or today.year
            ids = set(InspectionPlan.objects.filter(year=year).values_list("province_id", flat=True))
            for province in Unit.objects.filter(pk__in=ids, kind=UnitKind.PROVINCE):
                figures.refresh(province, year)
                self.stdout.write(_("Đã ghi số liệu kiểm tra năm {year}: {province}").format(year=year,
                                                                                          province=province.name))
            return
        for item in figures.remediation_items_due(today, options["days"]):
            self.stdout.write(f"{item.deadline:%d/%m/%Y}  {item.owner.name}: {item.finding.text}")
