from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from cchc.web import demo


class Command(BaseCommand):
    help = "Tỉnh mẫu: «cchc demo load» nạp đơn vị thật, ba kế hoạch CCHC gốc và tài khoản mẫu; «cchc demo logins» in tài khoản."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="nạp (hoặc cập nhật) dữ liệu mẫu; chạy lại không nhân đôi dữ liệu")
        sub.add_parser("logins", help="in các tài khoản mẫu và mật khẩu")

    def handle(self, *args, **options):
        if options["action"] == "load":
            steps = 2 + len(demo.DEMO_PROVINCES) + 1
            with Progress(transient=True) as bar:
                job = bar.add_task("Nạp tỉnh mẫu", total=steps)

                def step(label: str) -> None:
                    bar.update(job, advance=1, description=label)

                rows = demo.load(step)
        else:
            rows = demo.read_logins()
        table = Table(title="Tài khoản mẫu (lưu trong var/demo_logins.txt)")
        for col in ("Tên đăng nhập", "Mật khẩu", "Vai trò"):
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
