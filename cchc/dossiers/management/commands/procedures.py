from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError, InvalidInput
from cchc.dossiers.catalogue import import_catalogue, import_demo_catalogue


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: cchc procedures import FILE (CSV/Excel) hoặc cchc procedures import --demo."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nhập (cập nhật) danh mục TTHC theo mã; có lỗi thì không ghi gì")
        imp.add_argument("file", nargs="?", type=Path, help="tệp .csv hoặc .xlsx (cột: code,name,field,level,time_limit,time_unit,fee,online_level,source)")
        imp.add_argument("--demo", action="store_true", help="danh mục mẫu kèm theo (2.647 TTHC thật; mức độ trực tuyến là dữ liệu MẪU)")

    def handle(self, *args, **options):
        path, demo = options["file"], options["demo"]
        if bool(path) == demo:
            raise CommandError("Cho đúng một trong hai: tệp danh mục, hoặc --demo.")
        try:
            if demo:
                summary, name = import_demo_catalogue(), "danh mục mẫu"
            else:
                summary, name = import_catalogue(path.read_bytes(), path.name), path.name
        except InvalidInput as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"Có {len(exc.issues)} lỗi, không ghi thủ tục nào.") from exc
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for warning in summary.warnings:
            self.stdout.write(f"Cảnh báo: {warning}")
        self.stdout.write(
            f"{name}: {summary.rows} thủ tục — tạo mới {summary.created}, cập nhật {summary.updated}, "
            f"không đổi {summary.unchanged}; {len(summary.warnings)} cảnh báo."
        )
