import getpass
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.choices import Role
from cchc.accounts.models import Profile
from cchc.accounts.services import create_user
from cchc.platform.command import CchcCommand


class Command(CchcCommand):
    help = gettext_lazy("Tạo (hoặc cập nhật) tài khoản với vai trò; đầu mối CCHC cần --unit.")
    refused = gettext_lazy("Có {count} lỗi, chưa tạo tài khoản.")


    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values, help="; ".join(f"{r.value}: {r.label}" for r in Role))
        parser.add_argument("--unit", help=_("mã hoặc khóa đơn vị (ví dụ 52.SNV, vn:legacy:commune:21550)"))
        parser.add_argument("--name", default="", help=_("họ và tên"))
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true", help=_("đọc mật khẩu từ đầu vào chuẩn (không hỏi)"))

    def handle(self, *args, **options):
        unit = None
        if options["unit"]:
            # The units app's one rule (key, code, name; the newest of successive units), reached through
            # the model so that accounts, below units, does not import it.
            unit = Profile._meta.get_field("unit").related_model.objects.resolve(options["unit"])
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(_("Mật khẩu: "))
            if password != getpass.getpass(_("Nhập lại mật khẩu: ")):
                raise CommandError(_("Hai lần nhập mật khẩu không khớp."))
        create_user(username=options["username"], password=password, role=options["role"], unit=unit,
                    full_name=options["name"], email=options["email"])
        self.stdout.write(_("Đã tạo tài khoản {username} ({role}).").format(
            username=options["username"], role=Role(options["role"]).label))
