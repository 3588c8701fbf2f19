from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.plans import plan_io
from cchc.plans.models import Plan
from cchc.plans.services import import_plan
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Kế hoạch CCHC: nhập từ tệp YAML/Excel, xuất ra YAML/Excel.")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập một hay nhiều tệp kế hoạch (.yaml, .xlsx); tệp lỗi không ghi gì"))
        imp.add_argument("files", nargs="+", type=Path)
        exp = sub.add_parser("export", help=_("xuất một kế hoạch"))
        exp.add_argument("code", help=_("mã kế hoạch, ví dụ BD-2022"))
        exp.add_argument("-o", "--output", type=Path, required=True, help=_("tệp đích; đuôi .yaml hoặc .xlsx quyết định định dạng"))
        sub.add_parser("list", help=_("liệt kê các kế hoạch"))

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            for path in options["files"]:
                try:
                    content = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"{path}: {exc.strerror or exc}") from exc
                s = import_plan(content, path.name)
                self.stdout.write(_("{file}: {code} — {areas} lĩnh vực, {targets} chỉ tiêu, {tasks} nhiệm vụ, {assignments} phân công.").format(
                    file=path.name, code=s.plan.code, areas=s.areas, targets=s.targets, tasks=s.tasks,
                    assignments=s.assignments))
        elif action == "export":
            plan = Plan.objects.filter(code=options["code"]).select_related("province").first()
            if plan is None:
                raise CommandError(_("Không có kế hoạch mã {code}.").format(code=options["code"]))
            out: Path = options["output"]
            if out.suffix.lower() in {".yaml", ".yml"}:
                out.write_bytes(plan_io.write_yaml(plan))
            elif out.suffix.lower() == ".xlsx":
                out.write_bytes(plan_io.write_xlsx(plan))
            else:
                raise CommandError(_("Đuôi tệp phải là .yaml hoặc .xlsx."))
            self.stdout.write(_("Đã xuất {code} ra {path}.").format(code=plan.code, path=out))
        else:
            for plan in Plan.objects.select_related("province"):
                self.stdout.write(f"{plan.code:<10} {plan.document_number:<16} {plan.year} {plan.title}")
