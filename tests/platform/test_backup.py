"""`cchc backup` and `cchc restore` (issue 10, "Operations"): a round trip on the real database of the run
(SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore) brings back the rows and the
uploaded files as they were at the backup; a restore refuses to run over a live server, an archive that is
not a backup, one of the other engine, and one whose members would write outside the data directory."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cchc.dossiers.models import Dossier
from cchc.platform import backup
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _restore(path: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(path), yes=True, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def installed(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    tree = factories.make_province_tree()
    officer = factories.make_user(username="officer", role="par_officer", unit=tree.snv)
    dossier = factories.make_dossier(unit=tree.commune, code="HS-GIU-LAI")
    evidence = Path(settings.MEDIA_ROOT) / "evidence" / "2026" / "bien-ban.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 bien ban kiem tra")
    yield {"tree": tree, "officer": officer, "dossier": dossier, "evidence": evidence}
    if connection.vendor == "sqlite":  # the replaced test database kept beside it
        for kept in Path(settings.DATABASES["default"]["NAME"]).parent.glob("*.before-restore-*"):
            kept.unlink()


def test_a_restore_brings_back_the_rows_and_files_of_the_backup(installed, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out, stderr=io.StringIO())
    assert archive.is_file() and "dossiers_dossier: 1" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
        assert "media/evidence/2026/bien-ban.pdf" in tar.getnames()

    # What happens after the backup, and must be undone by the restore.
    Dossier.objects.filter(code="HS-GIU-LAI").delete()
    factories.make_user(username="nguoi.moi", role="leader")
    installed["evidence"].unlink()

    said = _restore(archive)

    assert Dossier.objects.filter(code="HS-GIU-LAI").exists()
    assert not get_user_model().objects.filter(username="nguoi.moi").exists()
    assert get_user_model().objects.filter(username="officer").exists()
    assert installed["evidence"].read_bytes() == b"%PDF-1.4 bien ban kiem tra"
    assert "Kho phân tích đã được dựng lại" in said
    # What the restore replaced is kept aside, not deleted.
    assert list(Path(settings.MEDIA_ROOT).parent.glob("media.before-restore-*"))


def test_a_restore_refuses_to_run_while_the_server_serves(installed, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    call_command("backup", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "serve"])
    try:
        cmdline = Path(f"/proc/{server.pid}/cmdline")
        for _ in range(100):  # until the child has become the program it runs
            if b"serve" in cmdline.read_bytes():
                break
            time.sleep(0.05)
        backup.pid_file().write_text(str(server.pid))
        with pytest.raises(CommandError, match=f"đang chạy \\(tiến trình {server.pid}\\)"):
            _restore(archive)
        Dossier.objects.get(code="HS-GIU-LAI")  # nothing was touched
    finally:
        server.kill()
        server.wait()
    _restore(archive)  # a stale pid file (the server stopped) does not block


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(("members", "words"), [
    ({"ghi-chu.txt": b"x"}, "không phải tệp sao lưu của CCHC"),
    ({"manifest.json": b"{not json"}, "không phải tệp sao lưu của CCHC"),
    ({"manifest.json": json.dumps({"format": 1, "engine": "oracle"}).encode()}, "là bản sao lưu oracle"),
])
def test_a_restore_refuses_what_is_not_a_backup_of_this_install(installed, tmp_path, members, words):
    with pytest.raises(CommandError, match=words):
        _restore(_tar(tmp_path / "la.tar", members))
    assert Dossier.objects.filter(code="HS-GIU-LAI").exists()


def test_a_restore_refuses_an_archive_writing_outside_the_data_directory(installed, tmp_path):
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    manifest = json.dumps({"format": 1, "engine": engine}).encode()
    with pytest.raises(CommandError, match="mục không hợp lệ «../../ngoai.txt»"):
        _restore(_tar(tmp_path / "doc.tar", {"manifest.json": manifest, "../../ngoai.txt": b"x"}))
    assert not (tmp_path / "ngoai.txt").exists()


def test_without_yes_and_without_a_terminal_the_restore_asks_for_yes(installed, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal, as in CI and cron
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar"), stdout=io.StringIO())
