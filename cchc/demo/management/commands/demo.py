from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from cchc.accounts.choices import Role
from cchc.demo import province as demo
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Tỉnh mẫu: «cchc demo load» nạp đơn vị thật, ba kế hoạch CCHC gốc và tài khoản mẫu; «cchc demo logins» in tài khoản.")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help=_("nạp (hoặc cập nhật) dữ liệu mẫu; chạy lại không nhân đôi dữ liệu"))
        sub.add_parser("logins", help=_("in các tài khoản mẫu và mật khẩu"))
        dossiers = sub.add_parser("dossiers", help=_("sinh thêm hồ sơ mẫu (dữ liệu giả lập, nguồn «demo») cho tỉnh mẫu"))
        dossiers.add_argument("--count", type=int, default=demo.DEMO_DOSSIERS,
                              help=_("số hồ sơ (mặc định 200.000; thử 10000000)"))
        dossiers.add_argument("--seed", type=int, default=766, help=_("hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)"))
        dossiers.add_argument("--from", dest="start", default=f"{demo.HISTORY_FROM}-01-01",
                              help=_("ngày tiếp nhận sớm nhất (yyyy-mm-dd; mặc định 01/01/2021)"))

    def handle(self, *args, **options):
        if options["action"] == "dossiers":
            self._dossiers(options)
            return
        if options["action"] == "load":
            steps = 5 + len(demo.DEMO_PROVINCES) + 2
            with Progress(transient=True) as bar:
                job = bar.add_task(_("Nạp tỉnh mẫu"), total=steps)

                def step(label: str) -> None:
                    bar.update(job, advance=1, description=label)

                rows = demo.load(step)
        else:
            rows = demo.read_logins()
        table = Table(title=_("Tài khoản mẫu (lưu trong var/demo_logins.txt)"))
        for col in (_("Tên đăng nhập"), _("Mật khẩu"), _("Vai trò")):
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        if settings.CCHC_2FA_REQUIRED_ROLES:
            roles = ", ".join(str(Role(r).label) for r in settings.CCHC_2FA_REQUIRED_ROLES if r in Role.values)
            self.stdout.write(_("Đăng nhập hai bước bắt buộc với: {roles}. Ở lần đăng nhập đầu, quét mã QR bằng một ứng "
                                "dụng xác thực (Google/Microsoft Authenticator, FreeOTP…); chạy với "
                                "CCHC_2FA_REQUIRED_ROLES= để thử mà không cần.").format(roles=roles))

    def _dossiers(self, options):
        from cchc.demo.dossiers import generate

        start = date.fromisoformat(options["start"])
        end = timezone.localdate() - timedelta(days=1)
        with Progress() as bar:
            job = bar.add_task(_("Sinh hồ sơ mẫu"), total=options["count"])
            n = generate(count=options["count"], start=start, end=end, seed=options["seed"],
                         progress=lambda done, total: bar.update(job, completed=done))
        self.stdout.write(_("Đã thêm {count} hồ sơ mẫu (tiếp nhận từ {start} đến {end}).").format(
            count=f"{n:,}".replace(",", "."), start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}"))
