from pathlib import Path

from django.core.management.base import CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import Progress

from cchc.platform.command import CchcCommand
from cchc.units.aliases import PORTAL_FILE, import_aliases, import_portal_units
from cchc.units.services import import_province


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(_("Không đọc được tệp {file}: {error}").format(file=path, error=exc.strerror)) from exc


class Command(CchcCommand):
    help = gettext_lazy("Danh mục đơn vị hành chính: cchc units import --province \"Bình Định\".")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập tỉnh (trước 1/7/2025), các sở, huyện, xã và đơn vị kế thừa sau sắp xếp 2025"))
        imp.add_argument("--province", required=True, action="append", help=_("tên tỉnh trước 2025, ví dụ \"Bình Định\" (lặp lại được)"))
        portal = sub.add_parser("portal", help=_("gắn mã và tên đơn vị trên Cổng DVCQG vào đơn vị hiện hành"))
        portal.add_argument("--file", default=str(PORTAL_FILE), help=_("tệp CSV danh sách đơn vị của Cổng (mặc định: Gia Lai 10/10/2026)"))
        portal.add_argument("--province", default="Gia Lai", help=_("tỉnh hiện hành, mặc định Gia Lai"))
        portal.add_argument("--on", default=None, help=_("ngày các đơn vị còn hiệu lực, YYYY-MM-DD (mặc định hôm nay)"))
        aliases = sub.add_parser("aliases", help=_("nhập tên gọi khác của đơn vị từ tệp CSV"))
        aliases.add_argument("file", help=_("tệp CSV có các cột source_system, code, name, unit, valid_from, valid_to"))

    def handle(self, *args, **options):
        if options["action"] == "portal":
            return self._portal(options)
        if options["action"] == "aliases":
            path = Path(options["file"])
            created = import_aliases(_read(path), path.name)
            self.stdout.write(_("Đã nhập tên gọi khác: tạo mới {n}.").format(n=created))
            return None
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
        return None

    def _portal(self, options):
        on = None
        if options["on"]:
            on = parse_date(options["on"])
            if on is None:
                raise CommandError(_("--on: «{value}» không phải ngày YYYY-MM-DD.").format(value=options["on"]))
        path = Path(options["file"])
        result = import_portal_units(_read(path), path.name, province=options["province"], on=on)
        self.stdout.write(_("{province}: khớp {matched} đơn vị của Cổng, tạo mới {aliases} tên gọi khác.").format(
            province=result.province.name, matched=len(result.matched), aliases=result.aliases_created))
        for code, portal_name, unit in result.by_hand:
            self.stdout.write(_("  {code} «{name}» khớp theo bảng đối chiếu với {unit}.").format(
                code=code, name=portal_name, unit=unit.name))
        for code, portal_name, reason in result.unmatched:
            self.stderr.write(_("  Không khớp {code} «{name}»: {reason}.").format(code=code, name=portal_name, reason=reason))
        if result.unmatched:
            raise CommandError(_("{n} đơn vị của Cổng chưa khớp với đơn vị nào; các đơn vị còn lại đã được gắn.")
                               .format(n=len(result.unmatched)))
        return None
