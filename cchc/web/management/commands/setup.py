from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform.command import CchcCommand
from cchc.platform.schedule import sync_schedule


class Command(CchcCommand):
    help = gettext_lazy("Chuẩn bị một bản cài đặt: khóa bí mật riêng, cơ sở dữ liệu (migrate), tệp tĩnh. Chạy lại không mất dữ liệu.")


    def add_arguments(self, parser):
        parser.add_argument("--no-static", action="store_true", help=_("bỏ qua bước thu thập tệp tĩnh"))

    def handle(self, *args, **options):
        # The secret key file is made by the `cchc` entry point before settings load.
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("Cơ sở dữ liệu đã sẵn sàng."))
        sync_schedule()
        self.stdout.write(_("Lịch tự chạy đã sẵn sàng."))
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(_("Tệp tĩnh đã sẵn sàng."))
