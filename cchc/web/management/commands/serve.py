import ctypes
import os
import signal
import subprocess
import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform import backup
from cchc.platform.command import CchcCommand

#: prctl(2): ask the kernel to send the child a signal when its parent ends.
PR_SET_PDEATHSIG = 1


def _ends_with(parent: int):
    """For the worker's process, before it runs: get SIGTERM when the server's process ends, however it
    ends (Ctrl+C, SIGTERM, even SIGKILL), so no worker is left behind; and stop at once if the server
    already ended."""

    def prepare() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os._exit(0)

    return prepare


class Command(CchcCommand):
    help = gettext_lazy("Chạy CCHC bằng máy chủ gunicorn (không dùng runserver), kèm tệp tĩnh qua WhiteNoise "
                        "và tiến trình việc nền (cchc worker).")


    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CCHC_BIND", "127.0.0.1:8000"), help=_("địa chỉ:cổng (mặc định 127.0.0.1:8000)"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CCHC_WORKERS", "2")), help=_("số tiến trình"))
        parser.add_argument("--threads", type=int, default=4, help=_("số luồng mỗi tiến trình"))
        parser.add_argument("--no-worker", action="store_true",
                            help=_("không khởi động tiến trình việc nền (khi nó chạy riêng: cchc worker)"))

    def handle(self, *args, **options):
        argv = [
            sys.executable, "-m", "gunicorn", "cchc.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            "--access-logfile", "-", "--timeout", "120",
        ]
        if not options["no_worker"]:
            # The worker is a child of this process, which becomes gunicorn below (exec keeps the pid): it
            # gets the same settings and environment, and ends when the server ends (_ends_with).
            subprocess.Popen([sys.executable, "-m", "cchc.cli", "worker"], preexec_fn=_ends_with(os.getpid()),
                             close_fds=True)
            self.stdout.write(_("Tiến trình việc nền đã khởi động (cchc worker)."))
        self.stdout.write(_("CCHC đang chạy tại http://{bind}  (Ctrl+C để dừng)").format(bind=options["bind"]))
        sys.stdout.flush()
        backup.write_server_pid()  # exec keeps the pid: `cchc restore` refuses while this server runs
        os.execv(sys.executable, argv)
