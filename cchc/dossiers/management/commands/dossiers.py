from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cchc.core.errors import DomainError, InvalidInput
from cchc.dossiers.services import import_dossier_files


class Command(BaseCommand):
    help = "Hồ sơ TTHC: nhập tệp hồ sơ từ hệ thống một cửa (CSV, Excel, JSON; định dạng CCHC hoặc tên trường của Cổng DVC quốc gia)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="nhập một hay nhiều tệp hồ sơ; có lỗi thì không ghi gì (xem docs/dossier-files.md)")
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--source", required=True, help="hệ thống nguồn, ví dụ motcua-binhdinh; hồ sơ được nhận diện theo (nguồn, mã hồ sơ)")

    def handle(self, *args, **options):
        files = []
        for path in options["files"]:
            try:
                files.append((path.read_bytes(), path.name))
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        try:
            with Progress(*columns, transient=True) as bar:
                job = bar.add_task("Kiểm tra và ghi hồ sơ", total=None)
                summary = import_dossier_files(
                    files, source_system=options["source"],
                    progress=lambda done, total: bar.update(job, completed=done, total=total),
                )
        except InvalidInput as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"Có {len(exc.issues)} lỗi, không ghi hồ sơ nào.") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{summary.rows} dòng: tạo mới {summary.created}, cập nhật {summary.updated}, không đổi {summary.unchanged}"
            f"; {summary.due_computed} hạn trả do hệ thống tính."
        )
