from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cchc.dossiers.services import import_dossier_files
from cchc.dossiers.signals import receivers_finish_before_returning
from cchc.dossiers.transfers import transfer_dissolved
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Hồ sơ TTHC: nhập tệp hồ sơ từ hệ thống một cửa (CSV, Excel, JSON; định dạng CCHC hoặc tên trường của Cổng DVC quốc gia).")
    refused = gettext_lazy("Có {count} lỗi, không ghi hồ sơ nào.")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập một hay nhiều tệp hồ sơ; có lỗi thì không ghi gì (xem docs/dossier-files.md)"))
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--source", required=True, help=_("hệ thống nguồn, ví dụ motcua-binhdinh; hồ sơ được nhận diện theo (nguồn, mã hồ sơ)"))
        move = sub.add_parser("transfer-dissolved", help=_("chuyển hồ sơ còn mở ngày 01/7/2025 của đơn vị đã chấm dứt hoạt động "
                                                            "sang đơn vị kế thừa (theo liên kết kế thừa)"))
        move.add_argument("--dry-run", action="store_true", help=_("chỉ liệt kê, không ghi gì"))

    def handle(self, *args, **options):
        if options["action"] == "transfer-dissolved":
            return self._transfer_dissolved(dry_run=options["dry_run"])
        return self._import(options)

    def _transfer_dissolved(self, *, dry_run: bool) -> None:
        with receivers_finish_before_returning():
            report = transfer_dissolved(dry_run=dry_run)
        for (old, new), n in report.moved.items():
            self.stdout.write(_("{old} → {new}: {n} hồ sơ").format(old=old, new=new, n=n))
        for problem in report.unresolved:
            self.stdout.write(problem.message)
        if dry_run:
            self.stdout.write(_("Chạy thử: sẽ chuyển {n} hồ sơ, không ghi gì.").format(n=report.total))
        else:
            self.stdout.write(_("Đã chuyển {n} hồ sơ.").format(n=report.total))

    def _import(self, options) -> None:
        files = []
        for path in options["files"]:
            try:
                files.append((path.read_bytes(), path.name))
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as bar:
            job = bar.add_task(_("Kiểm tra và ghi hồ sơ"), total=None)
            # The process ends after this: the KPI refresh the import triggers runs now, not in a thread.
            with receivers_finish_before_returning():
                summary = import_dossier_files(
                    files, source_system=options["source"],
                    progress=lambda done, total: bar.update(job, completed=done, total=total),
                )
        self.stdout.write(
            _("{rows} dòng: tạo mới {created}, cập nhật {updated}, không đổi {unchanged}"
              "; {due_computed} hạn trả do hệ thống tính.").format(
                rows=summary.rows, created=summary.created, updated=summary.updated,
                unchanged=summary.unchanged, due_computed=summary.due_computed)
        )
        for name, columns in summary.ignored_columns.items():
            self.stdout.write(_("{file}: bỏ qua {n} cột CCHC không dùng: {columns}.").format(
                file=name, n=len(columns), columns=", ".join(columns)))
