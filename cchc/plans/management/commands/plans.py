from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError, InvalidInput
from cchc.plans import plan_io
from cchc.plans.models import Plan
from cchc.plans.services import import_plan


class Command(BaseCommand):
    help = "Kế hoạch CCHC: nhập từ tệp YAML/Excel, xuất ra YAML/Excel."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nhập một hay nhiều tệp kế hoạch (.yaml, .xlsx); tệp lỗi không ghi gì")
        imp.add_argument("files", nargs="+", type=Path)
        exp = sub.add_parser("export", help="xuất một kế hoạch")
        exp.add_argument("code", help="mã kế hoạch, ví dụ BD-2022")
        exp.add_argument("-o", "--output", type=Path, required=True, help="tệp đích; đuôi .yaml hoặc .xlsx quyết định định dạng")
        sub.add_parser("list", help="liệt kê các kế hoạch")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            for path in options["files"]:
                try:
                    s = import_plan(path.read_bytes(), path.name)
                except InvalidInput as exc:
                    for issue in exc.issues:
                        self.stderr.write(str(issue))
                    raise CommandError(f"{path.name}: tệp có {len(exc.issues)} lỗi, không ghi dữ liệu nào.") from exc
                except (OSError, DomainError) as exc:
                    raise CommandError(f"{path}: {exc}") from exc
                self.stdout.write(f"{path.name}: {s.plan.code} — {s.areas} lĩnh vực, {s.targets} chỉ tiêu, {s.tasks} nhiệm vụ, {s.assignments} phân công.")
        elif action == "export":
            plan = Plan.objects.filter(code=options["code"]).select_related("province").first()
            if plan is None:
                raise CommandError(f"Không có kế hoạch mã {options['code']}.")
            out: Path = options["output"]
            if out.suffix.lower() in {".yaml", ".yml"}:
                out.write_bytes(plan_io.write_yaml(plan))
            elif out.suffix.lower() == ".xlsx":
                out.write_bytes(plan_io.write_xlsx(plan))
            else:
                raise CommandError("Đuôi tệp phải là .yaml hoặc .xlsx.")
            self.stdout.write(f"Đã xuất {plan.code} ra {out}.")
        else:
            for plan in Plan.objects.select_related("province"):
                self.stdout.write(f"{plan.code:<10} {plan.document_number:<16} {plan.year} {plan.title}")
