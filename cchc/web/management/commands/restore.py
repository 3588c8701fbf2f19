import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.analytics import services as analytics
from cchc.analytics.listing import lists_dir
from cchc.analytics.store import default_path
from cchc.platform import backup
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Khôi phục cơ sở dữ liệu và tệp đính kèm từ một tệp sao lưu của «cchc backup», rồi tính lại "
                        "kho phân tích. Phải dừng máy chủ trước; dữ liệu bị thay được giữ lại bên cạnh.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("tệp sao lưu (.tar) do «cchc backup» ghi"))
        parser.add_argument("--yes", action="store_true", help=_("không hỏi lại (cho kịch bản tự động)"))

    def handle(self, *args, **options):
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(_("Khôi phục sẽ thay toàn bộ dữ liệu hiện có: thêm --yes để xác nhận."))
            answer = input(_("Khôi phục sẽ thay toàn bộ dữ liệu hiện có. Gõ «có» để tiếp tục: "))
            if answer.strip().lower() not in ("có", "co", "yes"):
                raise CommandError(_("Đã hủy; không thay đổi gì."))
        say = lambda step: self.stderr.write(f"· {step}")  # noqa: E731
        summary = backup.restore(Path(options["path"]), progress=say)
        self.stdout.write(_("Đã khôi phục ({engine}, {files} tệp đính kèm) từ {path}.").format(
            engine=summary.engine, files=summary.files, path=summary.path))
        for table, count in summary.counts.items():
            self.stdout.write(f"  {table}: {count:,}".replace(",", "."))
        # The fact store and the drill-down lists are derived from the database: rebuilt from the restored one.
        say(_("Dựng lại kho phân tích"))
        store, lists = default_path(), lists_dir()
        for path in (store, Path(f"{store}.wal")):
            path.unlink(missing_ok=True)
        if lists.is_dir():
            for item in lists.rglob("*"):
                if item.is_file():
                    item.unlink()
        years = sorted(analytics.years_with_figures())
        for year in years:
            say(_("Tính lại chỉ số năm {year}").format(year=year))
            analytics.rebuild_kpis(year=year)
        self.stdout.write(_("Kho phân tích đã được dựng lại ({years}).").format(
            years=", ".join(map(str, years)) or _("chưa có số liệu")))
