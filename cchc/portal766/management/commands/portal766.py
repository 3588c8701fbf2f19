"""`cchc portal766 import FILE…`: import the national portal's published 766 answers (JSON);
`cchc portal766 import-lists FILE…`: import the portal's dossier lists (CSV, XLSX; cchc.portal766.lists)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.portal766 import MAX_BYTES
from cchc.platform.command import CchcCommand
from cchc.portal766 import lists, services


class Command(CchcCommand):
    help = gettext_lazy(
        "Điểm 766 Cổng Dịch vụ công quốc gia công bố: cchc portal766 import TỆP… — nhập các tệp JSON của Cổng "
        "(tổng hợp hoặc chi tiết), khớp đơn vị theo mã trên Cổng; nhập lại cùng tệp không thay đổi gì"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập các tệp JSON điểm 766 Cổng công bố"))
        imp.add_argument("files", nargs="+", metavar="TỆP", help=_("tệp JSON của Cổng"))
        dossiers = sub.add_parser("import-lists", help=_("nhập các tệp danh sách hồ sơ Cổng tính ở chỉ số 2.1, 5.1, "
                                                          "5.2, 5.4 (CSV, XLSX)"))
        dossiers.add_argument("files", nargs="+", metavar="TỆP", help=_("tệp CSV hoặc XLSX: unit, period, indicator, "
                                                                       "MaHoSo"))

    def handle(self, *args, **options):
        if options["action"] == "import-lists":
            for name in options["files"]:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(_("Không có tệp {file}.").format(file=name))
                result = lists.import_file(path.read_bytes(), path.name)  # the reader refuses a file over its limit
                self.stdout.write(_("{file}: đã nhập {n} hồ sơ thành {lists} danh sách ({replaced} danh sách thay danh "
                                    "sách đã có).").format(file=path.name, n=result.rows, lists=result.lists,
                                                           replaced=result.replaced))
            return
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("Không có tệp {file}.").format(file=name))
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(_("Tệp {file} vượt giới hạn {limit} MB.").format(file=name, limit=MAX_BYTES // 2**20))
            result = services.import_snapshot(path.read_bytes(), path.name)
            s = result.snapshot
            if result.created:
                self.stdout.write(_("{file}: đã nhập số liệu Cổng công bố ngày {day} ({period}), {n} đơn vị khớp, "
                                    "{m} đơn vị không khớp.").format(file=path.name, day=f"{s.run_date:%d/%m/%Y}",
                                                                     period=s.period_label, n=result.matched,
                                                                     m=len(result.unmatched)))
            else:
                self.stdout.write(_("{file}: đã nhập trước đây, không thay đổi gì.").format(file=path.name))
            for code, unit_name in result.unmatched:
                self.stdout.write("  " + _("không khớp: {code} {name}").format(code=code, name=unit_name))
