from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import ApiToken
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Mã truy cập API cho hệ thống tích hợp: create / list / revoke.")


    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("tạo mã mới (chỉ hiện một lần)"))
        create.add_argument("name", help=_("tên gợi nhớ, ví dụ «Một cửa điện tử tỉnh»"))
        create.add_argument("--user", required=True, help=_("tài khoản mà mã đại diện (vai trò integration để gửi hồ sơ)"))
        sub.add_parser("list", help=_("liệt kê các mã"))
        revoke = sub.add_parser("revoke", help=_("thu hồi mã theo gợi ý (vài ký tự đầu)"))
        revoke.add_argument("hint")

    def handle(self, *args, **options):
        if options["action"] == "create":
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có tài khoản «{user}».").format(user=options["user"]))
            _record, token = ApiToken.issue(name=options["name"], user=user)
            self.stdout.write(_("Mã truy cập (lưu lại ngay, sẽ không hiện lại):"))
            self.stdout.write(token)
        elif options["action"] == "list":
            for t in ApiToken.objects.select_related("user").order_by("created_at"):
                state = (_("thu hồi {date}").format(date=f"{t.revoked_at:%d/%m/%Y}") if t.revoked_at
                         else _("đang dùng"))
                self.stdout.write(f"{t.hint}…  {t.name}  ({t.user.username}, {state})")
        else:
            count = ApiToken.objects.filter(hint__startswith=options["hint"], revoked_at__isnull=True).update(revoked_at=timezone.now())
            if not count:
                raise CommandError(_("Không có mã nào đang dùng khớp gợi ý đó."))
            self.stdout.write(_("Đã thu hồi {count} mã.").format(count=count))
