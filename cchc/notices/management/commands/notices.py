"""`cchc notices`: the schedule of notices (`schedule`), and running a producer by hand (`run`), e.g. to try
it or to catch up after the job runner was down. Each producer is idempotent: a second run the same day
notifies nobody again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform.command import CchcCommand

PREFIX = "notices."


def _entries() -> dict[str, dict]:
    return {name.removeprefix(PREFIX): entry for name, entry in getattr(settings, "CCHC_SCHEDULE", {}).items()
            if name.startswith(PREFIX)}


class Command(CchcCommand):
    help = gettext_lazy("Thông báo: «cchc notices schedule» liệt kê lịch tạo thông báo; «cchc notices run TÊN» chạy "
                        "ngay một bộ tạo thông báo (chạy lại trong ngày không tạo trùng).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("schedule", help=_("liệt kê lịch tạo thông báo"))
        run = sub.add_parser("run", help=_("chạy ngay một bộ tạo thông báo, hoặc «all» cho tất cả"))
        run.add_argument("name", help=_("tên trong lịch (vd. morning_digest) hoặc all"))

    def handle(self, *args, **options):
        entries = _entries()
        if options["action"] == "schedule":
            for name, entry in entries.items():
                self.stdout.write(f"{name:<20} {entry['cron']:<12} {entry['doc']}")
            return
        names = list(entries) if options["name"] == "all" else [options["name"]]
        for name in names:
            if name not in entries:
                raise CommandError(_("Không có bộ tạo thông báo «{name}»; có: {names}.").format(
                    name=name, names=", ".join(entries)))
            made = import_string(entries[name]["func"])()
            self.stdout.write(f"{name}: {made}")
