from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cchc.dossiers.refused import refused_file, refused_name
from cchc.dossiers.services import RefusedImport, import_dossier_files
from cchc.dossiers.signals import receivers_finish_before_returning
from cchc.dossiers.transfers import transfer_dissolved
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Hồ sơ TTHC: nhập tệp hồ sơ từ hệ thống một cửa (CSV, Excel, JSON; định dạng CCHC hoặc tên trường của Cổng DVC quốc gia).")
    refused = gettext_lazy("Có {count} lỗi, không ghi hồ sơ nào.")
    # No system checks: they load every URL, view and API schema (≈ 150 MiB measured), which an import
    # never uses; the server runs them (issue 10: an import of the largest file within 500 MB).
    requires_system_checks: list[str] = []


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("nhập một hay nhiều tệp hồ sơ; có lỗi thì không ghi gì, trừ khi dùng --valid-rows (xem docs/dossier-files.md)"))
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--source", required=True, help=_("hệ thống nguồn, ví dụ motcua-binhdinh; hồ sơ được nhận diện theo (nguồn, mã hồ sơ)"))
        imp.add_argument("--valid-rows", action="store_true",
                         help=_("nhập các dòng hợp lệ, trả lại các dòng lỗi: mỗi tệp có dòng lỗi được trả lại thành tệp "
                                "TÊN-dong-loi cùng định dạng, thêm cột «Lỗi»"))
        imp.add_argument("--refused-dir", type=Path, default=Path("."),
                         help=_("thư mục ghi các tệp dòng lỗi khi dùng --valid-rows (mặc định: thư mục hiện tại)"))
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
        # The process ends after this: the KPI refresh the import triggers runs in it, not as a background
        # job, at the end of the block, once the files are let go (cchc.dossiers.signals).
        with receivers_finish_before_returning():
            self._report(self._write(files, options), files, options)
            files.clear()
            if not connection.in_atomic_block:
                # The connection's cached statements (the import's inserts of thousands of rows each) held
                # 60 MiB after 200,000 dossiers; the refresh opens a new one.
                connection.close()

    def _write(self, files, options):
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as bar:
            job = bar.add_task(_("Kiểm tra và ghi hồ sơ"), total=None)
            try:
                return import_dossier_files(
                    files, source_system=options["source"], valid_rows=options["valid_rows"],
                    progress=lambda done, total: bar.update(job, completed=done, total=total),
                )
            except RefusedImport as exc:
                self._unknown_units(exc.unknown_units, options["source"])
                raise

    def _report(self, summary, files, options) -> None:
        self.stdout.write(
            _("{rows} dòng: tạo mới {created}, cập nhật {updated}, không đổi {unchanged}"
              "; {due_computed} hạn trả do hệ thống tính.").format(
                rows=summary.rows, created=summary.created, updated=summary.updated,
                unchanged=summary.unchanged, due_computed=summary.due_computed)
        )
        for name, columns in summary.ignored_columns.items():
            self.stdout.write(_("{file}: bỏ qua {n} cột CCHC không dùng: {columns}.").format(
                file=name, n=len(columns), columns=", ".join(columns)))
        if options["valid_rows"]:
            self._give_back(files, summary, options["refused_dir"])
            self._unknown_units(summary.unknown_units, options["source"])

    def _unknown_units(self, unknown: list[dict], source: str) -> None:
        """The unit names and codes that matched no unit, once each, and how to map them."""
        for entry in unknown:
            self.stderr.write(_("Đơn vị chưa nhận ra: «{reference}» ({rows} dòng, từ dòng {first} của {file}).").format(
                reference=" / ".join(t for t in (entry["ref"], entry["name"]) if t), rows=entry["rows"],
                first=entry["first_rows"][0], file=entry["file"]))
        if unknown:
            self.stderr.write(_("Ánh xạ chúng trên trang của lượt nhập, hoặc thêm tên gọi khác của hệ thống nguồn «{source}» "
                                "(cchc units aliases) rồi nhập lại.").format(source=source))

    def _give_back(self, files, summary, folder: Path) -> None:
        """Each file's refused rows as a file of its own format, with the column «Lỗi»."""
        self.stdout.write(_("Đã nhập {imported} dòng, từ chối {refused} dòng.").format(
            imported=summary.created + summary.updated + summary.unchanged, refused=summary.refused_rows))
        for issue in summary.refused:
            self.stderr.write(str(issue))
        for content, name in files:
            if not any(issue.file == name for issue in summary.refused):
                continue
            target = folder / refused_name(name)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_bytes(refused_file(content, name, summary.refused))
            except OSError as exc:
                raise CommandError(f"{target}: {exc.strerror or exc}") from exc
            self.stdout.write(_("Các dòng lỗi của {file}: {path}").format(file=name, path=target))
