from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform import backup
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp .tar (chạy được khi máy chủ đang phục vụ).")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help=_("tệp sẽ ghi (mặc định var/backups/cchc-NGÀY-GIỜ.tar)"))

    def handle(self, *args, **options):
        summary = backup.backup(Path(options["path"]) if options["path"] else None,
                                progress=lambda step: self.stderr.write(f"· {step}"))
        self.stdout.write(_("Đã sao lưu ({engine}, {files} tệp đính kèm, {seconds:.1f} giây): {path}").format(
            engine=summary.engine, files=summary.files, seconds=summary.seconds, path=summary.path))
        for table, count in summary.counts.items():
            self.stdout.write(f"  {table}: {count:,}".replace(",", "."))
        self.stdout.write(_("Khóa bí mật không nằm trong tệp sao lưu: giữ riêng tệp secret_key (hoặc CCHC_SECRET_KEY)."))
