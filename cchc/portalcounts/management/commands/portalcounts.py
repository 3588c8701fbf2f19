"""`cchc portalcounts import FILE…`: the counts of 1.4, 4.1, 4.2, 5.3, 5.5, 5.6, 5.7 from a CSV or XLSX file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.platform.command import CchcCommand
from cchc.portalcounts import permissions, services


class Command(CchcCommand):
    help = gettext_lazy(
        "Số liệu 766 từ hệ thống khác: cchc portalcounts import FILE [--user TÊN] — tử số, mẫu số các chỉ số 1.4, "
        "4.1, 4.2, 5.3, 5.5, 5.6, 5.7 theo đơn vị và kỳ (tệp có lỗi thì không ghi dòng nào; dòng đã có được thay thế)"
    )
    refused = gettext_lazy("Có {count} lỗi, không ghi số liệu nào.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        take = sub.add_parser("import", help=_("nhập tệp CSV hoặc XLSX"))
        take.add_argument("files", nargs="+", help=_("tệp .csv hoặc .xlsx"))
        take.add_argument("--user", help=_("tài khoản ghi là người nhập (chuyên viên CCHC hoặc quản trị)"))

    def handle(self, *args, **options):
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None or not permissions.can_import_counts(user):
                raise CommandError(_("Tài khoản «{user}» không có hoặc không được nhập số liệu này.").format(
                    user=options["user"]))
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("Không có tệp {file}.").format(file=name))
            result = services.import_file(path.read_bytes(), path.name, user=user)
            self.stdout.write(_("Đã nhập {rows} dòng từ {file}: {created} mới, {replaced} thay thế, {unchanged} "
                                "không đổi.").format(rows=result.rows, file=path.name, created=result.created,
                                                     replaced=result.replaced, unchanged=result.unchanged))
