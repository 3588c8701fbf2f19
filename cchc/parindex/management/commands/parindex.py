"""`cchc parindex structure import FILE [--supersedes CODE]` and `cchc parindex structure export CODE --format
xlsx|yaml -o FILE`: an index version's structure from and to a file (also on the versions pages)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.parindex import structure
from cchc.parindex.models import IndexVersion
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Chỉ số CCHC: cchc parindex structure import TỆP [--supersedes MÃ_CŨ] | structure export MÃ "
                        "--format xlsx|yaml -o TỆP")
    refused = gettext_lazy("Có {count} lỗi, không ghi bộ chỉ số nào.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        struct = sub.add_parser("structure", help=_("bộ chỉ số: nhập từ / xuất ra tệp Excel hoặc YAML"))
        actions = struct.add_subparsers(dest="action", required=True)
        imp = actions.add_parser("import", help=_("nhập một bộ chỉ số (.xlsx, .yaml); tệp có lỗi không ghi gì"))
        imp.add_argument("file", type=Path)
        imp.add_argument("--supersedes", metavar=_("MÃ_CŨ"),
                         help=_("mã bộ chỉ số cũ mà quyết định này sửa đổi, thay thế (được ghi «Đã được thay thế»)"))
        exp = actions.add_parser("export", help=_("xuất một bộ chỉ số"))
        exp.add_argument("code", help=_("mã bộ chỉ số, ví dụ minh-hoa-xa-phuong-2026"))
        exp.add_argument("--format", choices=("xlsx", "yaml"), required=True, help=_("định dạng tệp"))
        exp.add_argument("-o", "--output", type=Path, required=True, help=_("tệp đích"))

    def handle(self, *args, **options):
        if options["action"] == "import":
            path: Path = options["file"]
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}") from exc
            version = structure.import_structure(content, path.name, supersedes=options["supersedes"])
            counts = {depth: 0 for depth in range(3)}
            for depth, _node in structure.structure_rows(version):
                counts[depth] += 1
            self.stdout.write(_("{file}: đã nhập bộ chỉ số {code} — {areas} lĩnh vực, {criteria} tiêu chí, "
                                "{components} tiêu chí thành phần.").format(
                file=path.name, code=version.code, areas=counts[0], criteria=counts[1], components=counts[2]))
            return
        version = IndexVersion.objects.filter(code=options["code"]).first()
        if version is None:
            raise CommandError(_("Không có bộ chỉ số mã {code}.").format(code=options["code"]))
        out: Path = options["output"]
        data = structure.write_xlsx(version) if options["format"] == "xlsx" else structure.write_yaml(version)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{out}: {exc.strerror or exc}") from exc
        self.stdout.write(_("Đã xuất {code} ra {path}.").format(code=version.code, path=out))
