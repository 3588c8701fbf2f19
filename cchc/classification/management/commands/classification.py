"""`cchc classification run --year 2026 --block commune`: compute a year's proposals (also on the page)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.classification import services
from cchc.core.errors import InvalidInput
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Phân loại năm: cchc classification run --year 2026 --block commune — lập (lại) đề xuất "
                        "phân loại mức độ hoàn thành nhiệm vụ của các đơn vị trong khối")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help=_("lập đề xuất phân loại của một năm và một khối"))
        run.add_argument("--year", type=int, required=True)
        run.add_argument("--block", choices=services.BLOCKS, default=services.BLOCKS[0])
        run.add_argument("--user", required=True, help=_("tài khoản Sở Nội vụ lập đề xuất (tỉnh của đơn vị)"))

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("Không có tài khoản {user}.").format(user=options["user"]))
        try:
            result = services.run(user=user, year=options["year"], block=options["block"])
        except InvalidInput as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(_("Đã lập đề xuất cho {n} đơn vị ({capped} đơn vị bị giới hạn mức xếp loại).")
                          .format(n=result.created + result.updated, capped=len(result.capped)))
        for name in result.capped:
            self.stdout.write(f"  {name}")
