from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.dossiers.catalogue import import_catalogue, import_demo_catalogue
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Danh mục thủ tục hành chính: cchc procedures import FILE (CSV/Excel) hoặc cchc procedures import --demo.")
    refused = gettext_lazy("Có {count} lỗi, không ghi thủ tục nào.")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập (cập nhật) danh mục TTHC theo mã; có lỗi thì không ghi gì"))
        imp.add_argument("file", nargs="?", type=Path, help=_("tệp .csv hoặc .xlsx (cột: code,name,field,level,time_limit,time_unit,fee,online_level,source)"))
        imp.add_argument("--demo", action="store_true", help=_("danh mục mẫu kèm theo (2.647 TTHC thật; mức độ trực tuyến là dữ liệu MẪU)"))

    def handle(self, *args, **options):
        path, demo = options["file"], options["demo"]
        if bool(path) == demo:
            raise CommandError(_("Cho đúng một trong hai: tệp danh mục, hoặc --demo."))
        try:
            if demo:
                summary, name = import_demo_catalogue(), _("danh mục mẫu")
            else:
                summary, name = import_catalogue(path.read_bytes(), path.name), path.name
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        for warning in summary.warnings:
            self.stdout.write(_("Cảnh báo: {warning}").format(warning=warning))
        self.stdout.write(
            _("{name}: {rows} thủ tục — tạo mới {created}, cập nhật {updated}, "
              "không đổi {unchanged}; {warnings} cảnh báo.").format(
                name=name, rows=summary.rows, created=summary.created, updated=summary.updated,
                unchanged=summary.unchanged, warnings=len(summary.warnings))
        )
