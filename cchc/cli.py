"""The ``cchc`` command: Django's management commands behind one entry point.

``cchc --help`` lists CCHC's own commands first; every Django command (migrate, shell, ...) works too.
"""

from __future__ import annotations

import os
import sys

from cchc.core.i18n import N_

#: Each command's line in ``cchc --help``: marked here, translated when printed (``usage``).
OWN_COMMANDS = {
    "setup": N_("tạo khóa bí mật, cơ sở dữ liệu và tệp tĩnh (chạy lại không sao)"),
    "serve": N_("chạy máy chủ web (gunicorn) phục vụ CCHC, kèm tiến trình việc nền"),
    "worker": N_("chạy việc nền và lịch tự chạy (cchc serve đã kèm; --once: chạy việc đang chờ rồi thoát)"),
    "demo": N_("tỉnh mẫu: cchc demo load | logins | dossiers --count 10000000"),
    "units": N_("nhập đơn vị hành chính thật (cchc units import --province \"Bình Định\")"),
    "plans": N_("nhập / xuất kế hoạch CCHC (YAML, Excel)"),
    "createuser": N_("tạo tài khoản với vai trò và đơn vị"),
    "tokens": N_("mã truy cập API cho hệ thống một cửa (create / list / revoke)"),
    "procedures": N_("danh mục thủ tục hành chính (cchc procedures import FILE | --demo)"),
    "dossiers": N_("nhập tệp hồ sơ từ hệ thống một cửa (cchc dossiers import FILE --source HỆ_THỐNG), "
                   "chuyển hồ sơ của đơn vị đã giải thể (cchc dossiers transfer-dissolved [--dry-run])"),
    "kpi": N_("chỉ số từ hồ sơ: sync, rebuild --year 2025 [--kind quarter], show MÃ_ĐƠN_VỊ"),
    "reports": N_("báo cáo định kỳ: remind (e-mail nhắc đơn vị chưa gửi báo cáo), status"),
    "backup": N_("sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp .tar"),
    "restore": N_("khôi phục từ tệp sao lưu (dừng máy chủ trước), rồi dựng lại kho phân tích"),
    "portal766": N_("điểm 766 Cổng công bố: import TỆP… (đối chiếu với điểm CCHC)"),
    "actions": N_("khắc phục chỉ tiêu không đạt hai kỳ liên tiếp: detect"),
    "publications": N_("công bố, công khai TTHC (chỉ số 766 nhóm 1): cchc publications import FILE"),
    "petitions": N_("phản ánh, kiến nghị: cchc petitions import FILE (chỉ số 6.1, 6.2 của Bộ chỉ số 766)"),
    "portalcounts": N_("số liệu 766 từ hệ thống khác (đồng bộ, phí, dân cư…): import FILE"),
    "parindex": N_("Chỉ số CCHC: structure import TỆP [--supersedes MÃ] | structure export MÃ --format xlsx|yaml -o TỆP"),
    "classification": N_("phân loại mức độ hoàn thành nhiệm vụ: run --year 2026 --block commune --user TÀI_KHOẢN"),
}


def _ensure_secret_key() -> None:
    """Give this install its own secret key (before settings load: they refuse to start without one)."""
    import secrets
    from pathlib import Path

    if os.environ.get("CCHC_SECRET_KEY"):
        return
    data_dir = Path(os.environ.get("CCHC_DATA_DIR", Path(__file__).resolve().parent.parent / "var"))
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        sys.stdout.write(f"Đã tạo khóa bí mật riêng cho bản cài đặt này: {key_file}\n")


def usage() -> str:
    """``cchc --help``: CCHC's own commands first, in the active language (Django's settings loaded)."""
    from django.utils.translation import gettext as _

    lines = [_("Cách dùng: cchc LỆNH [tùy chọn]   (cchc LỆNH --help để xem chi tiết)"), "", _("Lệnh của CCHC:")]
    lines += [f"  {name:<11} {_(text)}" for name, text in OWN_COMMANDS.items()]
    lines += ["", _("Mọi lệnh quản trị của Django cũng dùng được (migrate, shell, dbshell, ...): cchc help --commands")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"} and len(argv) == 2:
        os.environ.setdefault("CCHC_HELP_ONLY", "1")  # the list needs the catalogue, not a secret key
        import django

        django.setup()
        sys.stdout.write(usage() + "\n")
        return
    if argv[1] == "setup":
        _ensure_secret_key()
    if "-h" in argv or "--help" in argv:
        # Help needs no secret: let settings load with a throwaway key so every command can print it.
        os.environ["CCHC_HELP_ONLY"] = "1"
    from django.core.management import execute_from_command_line

    argv[0] = "cchc"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
