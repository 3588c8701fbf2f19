"""`cchc publications import FILE`: import procedure publication records (CSV or XLSX)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform.command import CchcCommand
from cchc.publications import services


class Command(CchcCommand):
    help = gettext_lazy(
        "Công bố, công khai TTHC: cchc publications import TỆP — nhập các bản ghi công bố thủ tục (CSV, XLSX; tất cả "
        "hoặc không gì cả) và tính lại số liệu các chỉ số 1.1–1.3 của Bộ chỉ số 766"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập tệp công bố TTHC (CSV hoặc XLSX)"))
        imp.add_argument("file", help=_("đường dẫn tệp"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp «{path}».").format(path=path))
        summary = services.import_file(path.read_bytes(), path.name)
        self.stdout.write(_("Đã nhập {rows} dòng: {created} bản ghi mới, {updated} cập nhật, {unchanged} không đổi; "
                            "{figures} số liệu được tính lại.").format(rows=summary.rows, created=summary.created,
                                                                      updated=summary.updated, unchanged=summary.unchanged,
                                                                      figures=summary.figures))
