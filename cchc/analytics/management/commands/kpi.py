import io
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cchc.analytics import services
from cchc.analytics.choices import PeriodKind, kpi_name
from cchc.core import kpis
from cchc.platform.command import CchcCommand
from cchc.units.services import resolve

STAGES = {"sync": gettext_lazy("Sao chép hồ sơ vào kho phân tích"), "compute": gettext_lazy("Tính chỉ số")}


def _format(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == kpis.DOSSIERS:
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.2f}".replace(".", ",") + (" %" if unit == kpis.PERCENT else "")


class Command(CchcCommand):
    help = gettext_lazy(
        "Chỉ số hồ sơ TTHC: cchc kpi sync | cchc kpi rebuild --year 2025 [--kind quarter] | "
        "cchc kpi show MÃ_ĐƠN_VỊ --year 2025 --kind quarter"
    )


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help=_("sao chép hồ sơ mới, đã sửa vào kho phân tích (DuckDB)"))
        sync.add_argument("--full", action="store_true", help=_("sao chép lại toàn bộ (thấy cả hồ sơ đã xóa)"))
        for name, text, full in (
            ("refresh", _("đồng bộ phần thay đổi rồi tính lại chỉ số của năm"), False),
            ("rebuild", _("sao chép lại toàn bộ rồi tính lại chỉ số của năm"), True),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--year", type=int, required=True, help=_("năm, ví dụ 2025"))
            p.add_argument("--kind", action="append", choices=kpis.PERIOD_KINDS,
                           help=_("loại kỳ (lặp lại được); mặc định: mọi loại kỳ"))
            p.set_defaults(full=full)
        show = sub.add_parser("show", help=_("xem chỉ số của một đơn vị"))
        show.add_argument("unit", help=_("mã hoặc khóa định danh của đơn vị"))
        show.add_argument("--year", type=int, default=timezone.localdate().year)
        show.add_argument("--kind", choices=kpis.PERIOD_KINDS, default="quarter")

    def handle(self, *args, **options):
        if options["action"] == "sync":
            self._sync(options["full"])
        elif options["action"] in ("refresh", "rebuild"):
            self._compute(options["year"], options["kind"], full=options["full"])
        else:
            self._show(options["unit"], options["year"], options["kind"])

    def _progress(self) -> Progress:
        return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        transient=True, console=Console(stderr=True))

    def _sync(self, full: bool) -> None:
        with self._progress() as bar:
            job = bar.add_task(str(STAGES["sync"]), total=None)
            result = services.sync_facts(
                full=full, progress=lambda _stage, done, total: bar.update(job, completed=done, total=total)
            )
        how = _("toàn bộ") if result.full else _("phần thay đổi")
        self.stdout.write(_("Đã sao chép {copied} hồ sơ ({how}) trong {seconds:.2f} giây.").format(
            copied=result.copied, how=how, seconds=result.seconds))

    def _compute(self, year: int, kinds: list[str] | None, *, full: bool) -> None:
        with self._progress() as bar:
            jobs: dict[str, int] = {}

            def progress(stage: str, done: int, total: int | None) -> None:
                if stage not in jobs:
                    jobs[stage] = bar.add_task(str(STAGES.get(stage, stage)), total=total)
                bar.update(jobs[stage], completed=done, total=total)

            run = services.rebuild_kpis if full else services.refresh_kpis
            synced, results = run(year=year, kinds=kinds, progress=progress)
        self.stdout.write(_("Đã sao chép {copied} hồ sơ trong {seconds:.2f} giây.").format(
            copied=synced.copied, seconds=synced.seconds))
        for r in results:
            self.stdout.write(
                _("{kind} {year}: {periods} kỳ, {values} giá trị chỉ số trong {seconds:.2f} giây "
                  "(SQL {sql_seconds:.2f} giây).").format(
                    kind=r.kind, year=r.year, periods=r.periods, values=r.values,
                    seconds=r.seconds, sql_seconds=r.sql_seconds)
            )

    def _show(self, code: str, year: int, kind: str) -> None:
        unit = resolve(code, during=(date(year, 1, 1), date(year, 12, 31)))
        data = services.kpi_table(unit, year=year, kind=kind)
        table = Table(title=_("{name} ({code}) — {kind}, năm {year}").format(
            name=unit.name, code=unit.code, kind=PeriodKind(kind).label, year=year))
        table.add_column(_("Chỉ số"))
        for p in data.periods:
            table.add_column(p.label, justify="right")
        for row in data.rows:
            d = row.definition
            table.add_row(kpi_name(d), *[_format(v.value if v else None, d.unit) for v in row.values])
        buffer = io.StringIO()
        Console(file=buffer, width=max(100, 40 + 16 * len(data.periods))).print(table)
        self.stdout.write(buffer.getvalue())
        if data.as_of is None:
            self.stdout.write(_("Chưa có số liệu: chạy `cchc kpi rebuild --year {year}`.").format(year=year))
        else:
            self.stdout.write(_("Số liệu tính lúc {time}.").format(time=f"{timezone.localtime(data.as_of):%H:%M %d/%m/%Y}"))
