"""`cchc petitions import FILE`: a PAKN system's export (CSV/XLSX), all or nothing."""

from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.petitions.services import import_table
from cchc.platform.command import CchcCommand
from cchc.platform.tables import read_table


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("«{value}» không phải ngày YYYY-MM-DD.").format(value=text)) from exc


class Command(CchcCommand):
    help = gettext_lazy(
        "Phản ánh, kiến nghị (PAKN): cchc petitions import FILE [--as-of YYYY-MM-DD] — nhập tệp CSV/XLSX của hệ "
        "thống PAKN (cập nhật theo mã PAKN), tính số liệu chỉ số 6.1 và 6.2 của Bộ chỉ số 766; có lỗi thì không "
        "ghi gì")
    refused = gettext_lazy("Có {count} lỗi, không ghi PAKN nào.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập tệp PAKN (.csv hoặc .xlsx); có lỗi thì không ghi gì"))
        imp.add_argument("file", type=Path, help=_(
            "tệp .csv hoặc .xlsx (cột bắt buộc: code, unit, received_on; cột khác: action, acted_on, due_on, "
            "handled_on, status, likes, dislikes, recomplained, topic, dossier_code, title)"))
        imp.add_argument("--as-of", type=_day, default=None, help=_(
            "ngày số liệu (ngày xuất tệp): PAKN chưa xử lý được xét đúng hạn theo ngày này; mặc định hôm nay"))

    def handle(self, *args, **options):
        path: Path = options["file"]
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError(_("Chỉ nhận tệp .csv hoặc .xlsx: {file}").format(file=path.name))
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        result = import_table(read_table(content, path.name), as_of=options["as_of"])
        self.stdout.write(_(
            "{file}: {rows} PAKN ({created} mới, {updated} cập nhật) của {units} đơn vị; {late} trễ hạn, "
            "{unsatisfied} không đạt hài lòng.").format(
            file=path.name, rows=result.rows, created=result.created, updated=result.updated, units=result.units,
            late=result.late, unsatisfied=result.unsatisfied))
