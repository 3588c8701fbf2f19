from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import Progress

from cchc.platform.command import CchcCommand
from cchc.units.services import import_province


class Command(CchcCommand):
    help = gettext_lazy("Danh mục đơn vị hành chính: cchc units import --province \"Bình Định\".")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập tỉnh (trước 1/7/2025), các sở, huyện, xã và đơn vị kế thừa sau sắp xếp 2025"))
        imp.add_argument("--province", required=True, action="append", help=_("tên tỉnh trước 2025, ví dụ \"Bình Định\" (lặp lại được)"))

    def handle(self, *args, **options):
        for name in options["province"]:
            with Progress(transient=True) as bar:
                job = bar.add_task(_("Nhập {name}").format(name=name), total=None)
                result = import_province(name, progress=lambda done, total, job=job: bar.update(job, completed=done, total=total))
            successor = f" → {result.successor_province.name}" if result.successor_province else ""
            self.stdout.write(
                _("{province}{successor}: tạo mới {created}, cập nhật {updated}, "
                  "{links} liên kết kế thừa.").format(
                    province=result.province.name, successor=successor, created=result.created,
                    updated=result.updated, links=result.links)
            )
