import os
import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform import backup
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Chạy CCHC bằng máy chủ gunicorn (không dùng runserver), kèm tệp tĩnh qua WhiteNoise.")


    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CCHC_BIND", "127.0.0.1:8000"), help=_("địa chỉ:cổng (mặc định 127.0.0.1:8000)"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CCHC_WORKERS", "2")), help=_("số tiến trình"))
        parser.add_argument("--threads", type=int, default=4, help=_("số luồng mỗi tiến trình"))

    def handle(self, *args, **options):
        argv = [
            sys.executable, "-m", "gunicorn", "cchc.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--access-logfile", "-", "--timeout", "120",
        ]
        self.stdout.write(_("CCHC đang chạy tại http://{bind}  (Ctrl+C để dừng)").format(bind=options["bind"]))
        sys.stdout.flush()
        backup.write_server_pid()  # exec keeps the pid: `cchc restore` refuses while this server runs
        os.execv(sys.executable, argv)
