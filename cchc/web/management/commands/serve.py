import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy CCHC bằng máy chủ gunicorn (không dùng runserver), kèm tệp tĩnh qua WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CCHC_BIND", "127.0.0.1:8000"), help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CCHC_WORKERS", "2")), help="số tiến trình")
        parser.add_argument("--threads", type=int, default=4, help="số luồng mỗi tiến trình")

    def handle(self, *args, **options):
        argv = [
            sys.executable, "-m", "gunicorn", "cchc.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--access-logfile", "-", "--timeout", "120",
        ]
        self.stdout.write(f"CCHC đang chạy tại http://{options['bind']}  (Ctrl+C để dừng)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
