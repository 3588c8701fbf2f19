"""DOCX → PDF with LibreOffice headless (Debian's ``libreoffice-writer-nogui``), for a report ready to sign.

``soffice --headless --convert-to pdf`` runs in a new temporary folder with its own user profile
(``-env:UserInstallation``): two conversions at the same time, or a desktop LibreOffice of the same
account, would otherwise fight over one profile and one of them would silently do nothing. The process
group is killed when it runs past the time limit. Every failure is a :class:`DomainError` with a
message that keeps its id and parameters (a page shows it at once; the document job stores it and shows
it in each reader's language).

LibreOffice lays out Times New Roman with the metric-compatible Liberation Serif when the real font is
not installed (DOMAIN §11 Q1.5), so line breaks match Word's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext

from cchc.core.errors import DomainError
from cchc.core.i18n import keeping

_ = keeping(gettext)  # a failure's message keeps its id and parameters (a document job stores it)

__all__ = ["DEFAULT_TIMEOUT", "docx_to_pdf", "find_soffice"]

DEFAULT_TIMEOUT = 180.0  # seconds; a first start creates the profile (a few seconds), a report converts in ~2 s


def find_soffice() -> str | None:
    """The LibreOffice program on the PATH (``soffice``, else ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill(process: subprocess.Popen) -> None:
    """End soffice and the soffice.bin it started (they share the new session's process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _tail(text: bytes, limit: int = 300) -> str:
    return text.decode("utf-8", "replace").strip()[-limit:]


def docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT, soffice: str | None = None) -> bytes:
    """The PDF of ``docx`` (bytes in, bytes out)."""
    program = soffice or find_soffice()
    if not program:
        raise DomainError(_(
            "Máy chủ chưa cài LibreOffice (lệnh soffice) nên chưa tạo được bản PDF. Quản trị viên cài gói "
            "libreoffice-writer-nogui rồi thử lại; bản Word (DOCX) vẫn tải về được."
        ))
    if not docx.startswith(b"PK"):
        raise DomainError(_("Tệp đưa vào chuyển sang PDF không phải là văn bản Word (DOCX)."))
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as folder:
        work = Path(folder)
        source = work / "baocao.docx"
        source.write_bytes(docx)
        out = work / "out"
        out.mkdir()
        profile = work / "profile"
        command = [
            program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
            "--norestore", "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(out), str(source),
        ]
        env = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, env=env,
                                       start_new_session=True)
        except OSError as exc:
            raise DomainError(_("Không chạy được LibreOffice ({program}): {error}.").format(
                program=program, error=exc.strerror or exc)) from exc
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise DomainError(_(
                "LibreOffice không chuyển xong văn bản sang PDF trong {seconds} giây; vui lòng thử lại sau."
            ).format(seconds=int(timeout))) from None
        except BaseException:
            _kill(process)
            raise
        _kill(process)  # nothing of the conversion may outlive it (a no-op when all has exited)
        produced = out / "baocao.pdf"
        if process.returncode != 0 or not produced.exists():
            raise DomainError(_("LibreOffice không chuyển được văn bản sang PDF (mã lỗi {code}): {detail}").format(
                code=process.returncode, detail=_tail(stderr) or _tail(stdout) or _("không có thông báo lỗi")))
        data = produced.read_bytes()
        if not data.startswith(b"%PDF"):
            raise DomainError(_("LibreOffice tạo ra một tệp không phải PDF."))
        return data
