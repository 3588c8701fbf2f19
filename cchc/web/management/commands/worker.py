from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform.command import CchcCommand
from cchc.platform.jobs import lower_priority, run_queued
from cchc.platform.schedule import sync_schedule


class Command(CchcCommand):
    help = gettext_lazy("Chạy việc nền (nhập tệp, tạo văn bản, tính lại chỉ số) và lịch tự chạy; "
                        "`cchc serve` đã tự khởi động lệnh này.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help=_("chạy các việc đang chờ một lần rồi thoát (không chạy lịch)"))

    def handle(self, *args, **options):
        lower_priority(settings.JOB_NICENESS)
        result = sync_schedule()
        if result.changed:
            self.stdout.write(_("Lịch tự chạy đã cập nhật: thêm {created}, sửa {updated}, bỏ {deleted}.").format(
                created=len(result.created), updated=len(result.updated), deleted=len(result.deleted)))
        if options["once"]:
            ran = run_queued(limit=10_000)
            self.stdout.write(_("Đã chạy {count} việc.").format(count=ran))
            return
        call_command("qcluster")
