"""Backup and restore of an install: its database and its uploaded files, in one archive.

An archive is an uncompressed tar (the database pages compress poorly and a tar streams) holding:

* ``manifest.json``: the format, the database engine, when, the applied migrations, the counts of the main
  tables (what ``restore`` prints, and checks against what it restored);
* the database: ``database.sqlite3`` made with SQLite's online backup API (consistent while the server
  runs and writes, WAL included), or ``database.pgdump`` from ``pg_dump --format=custom``;
* ``media/``: the uploaded evidence, documents and import files.

The secret key is not in the archive (whoever holds a backup should not get the key that signs sessions):
keep ``secret_key`` with the install, or set ``CCHC_SECRET_KEY``. The analytics fact store and the
drill-down lists are derived from the database; the command rebuilds them after a restore.

A restore replaces the database and the files whole, so it refuses to run while ``cchc serve`` serves
this install (its pid file, :func:`server_pid`), and keeps what it replaced beside it (``*.before-restore-…``)
until the operator removes it. On SQLite it deletes the old database's ``-wal`` and ``-shm`` files: left
behind, SQLite would replay the old write-ahead log onto the restored file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"
#: The tables whose row counts the manifest keeps (what an operator recognises).
COUNTED = ("auth_user", "units_unit", "plans_plan", "dossiers_dossier", "reporting_report")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Summary:
    path: Path
    engine: str
    counts: dict[str, int]
    files: int
    seconds: float


def pid_file() -> Path:
    return Path(settings.DATA_DIR) / "serve.pid"


def write_server_pid() -> None:
    """Called by ``cchc serve`` before it becomes gunicorn (the same process: exec keeps the pid)."""
    pid_file().write_text(str(os.getpid()), encoding="ascii")


def server_pid() -> int | None:
    """The pid of a ``cchc serve`` still serving this install, or None (no pid file, or a stale one)."""
    try:
        pid = int(pid_file().read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return pid if b"gunicorn" in cmdline or b"serve" in cmdline else None


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    out = {}
    with connection.cursor() as cursor:
        for table in COUNTED:
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                out[table] = cursor.fetchone()[0]
    return out


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore's connection arguments for the default database (the password in the environment,
    never on the command line)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    if shutil.which(argv[0]) is None:
        raise DomainError(_("Không tìm thấy lệnh {command} của PostgreSQL trên máy này.").format(command=argv[0]))
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise DomainError(_("{command} báo lỗi: {error}").format(command=argv[0], error=done.stderr.strip()[-500:]))


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"cchc-{timezone.localtime():%Y%m%d-%H%M%S}.tar"


def backup(dest: Path | None = None, *, progress: Progress = lambda _s: None) -> Summary:
    """Write an archive of the database and the uploaded files to ``dest`` (default
    ``<data>/backups/cchc-<time>.tar``); safe while the server runs."""
    started = time.monotonic()
    dest = Path(dest or default_path())
    dest.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=dest.parent) as work:
        work_dir = Path(work)
        progress(_("Sao lưu cơ sở dữ liệu"))
        if engine == "sqlite":
            db_copy = work_dir / SQLITE_MEMBER
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(db_copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            db_copy = work_dir / PG_MEMBER
            args, env = _pg_env()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(db_copy), *args], env)
        manifest = {
            "format": FORMAT, "engine": engine, "created_at": timezone.now().isoformat(),
            "migrations": sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
            "counts": _counts(),
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        progress(_("Ghi tệp sao lưu"))
        partial = dest.with_name(dest.name + ".partial")
        files = 0
        with tarfile.open(partial, "w") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(db_copy, arcname=db_copy.name)
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        tar.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(media).as_posix()}")
                        files += 1
        os.replace(partial, dest)  # a backup cut short leaves a .partial, never a truncated .tar
    return Summary(dest, engine, manifest["counts"], files, time.monotonic() - started)


def _manifest(tar: tarfile.TarFile, name: str) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read(1_000_000)) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DomainError(_("{file}: không phải tệp sao lưu của CCHC (thiếu hoặc sai {manifest}).").format(
            file=name, manifest=MANIFEST))
    return manifest


def _safe_members(tar: tarfile.TarFile, name: str) -> list[tarfile.TarInfo]:
    """The archive's members, refused whole if one is not a plain file or folder inside the archive (a
    crafted archive must not write outside the data directory)."""
    members = tar.getmembers()
    for m in members:
        parts = Path(m.name).parts
        if not (m.isfile() or m.isdir()) or m.name.startswith("/") or ".." in parts:
            raise DomainError(_("{file}: tệp sao lưu chứa mục không hợp lệ «{member}».").format(file=name, member=m.name))
    return members


def restore(archive: Path, *, progress: Progress = lambda _s: None) -> Summary:
    """Replace this install's database and uploaded files with the archive's. Refused while ``cchc serve``
    serves this install, for an archive of the other database engine, or for one that is not a backup."""
    started = time.monotonic()
    archive = Path(archive)
    pid = server_pid()
    if pid is not None:
        raise DomainError(_("Máy chủ CCHC đang chạy (tiến trình {pid}); dừng «cchc serve» trước khi khôi phục.").format(pid=pid))
    if not archive.is_file():
        raise DomainError(_("Không có tệp {file}.").format(file=archive))
    engine = _engine()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    try:
        tar = tarfile.open(archive, "r")
    except (tarfile.TarError, OSError) as exc:
        raise DomainError(_("{file}: không đọc được tệp sao lưu ({error}).").format(file=archive.name, error=exc)) from exc
    with tar, tempfile.TemporaryDirectory(dir=Path(settings.DATA_DIR)) as work:
        manifest = _manifest(tar, archive.name)
        if manifest.get("engine") != engine:
            raise DomainError(_("{file} là bản sao lưu {their}, còn bản cài đặt này dùng {ours}.").format(
                file=archive.name, their=manifest.get("engine"), ours=engine))
        members = _safe_members(tar, archive.name)
        progress(_("Giải nén tệp sao lưu"))
        tar.extractall(work, members=members, filter="data")
        work_dir = Path(work)
        progress(_("Khôi phục cơ sở dữ liệu"))
        connections.close_all()
        if engine == "sqlite":
            db_path = Path(settings.DATABASES["default"]["NAME"])
            restored = work_dir / SQLITE_MEMBER
            check = sqlite3.connect(restored)
            try:
                ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                check.close()
            if not ok:
                raise DomainError(_("{file}: cơ sở dữ liệu trong tệp sao lưu bị hỏng.").format(file=archive.name))
            if db_path.exists():
                keep = sqlite3.connect(db_path)  # checkpoint the old WAL into the copy kept aside
                try:
                    keep.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    keep.close()
                os.replace(db_path, db_path.with_name(f"{db_path.name}.before-restore-{stamp}"))
            for suffix in ("-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.replace(restored, db_path)
        else:
            args, env = _pg_env()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
                  str(work_dir / PG_MEMBER)], env)
        progress(_("Khôi phục tệp đính kèm"))
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            os.replace(media, media.with_name(f"{media.name}.before-restore-{stamp}"))
        restored_media = work_dir / MEDIA_MEMBER
        if restored_media.is_dir():
            shutil.move(str(restored_media), str(media))
        else:
            media.mkdir(parents=True)
        files = sum(1 for p in media.rglob("*") if p.is_file())
    counts = _counts()
    if counts != manifest.get("counts"):
        raise DomainError(_("Số bản ghi sau khi khôi phục ({counts}) khác với tệp sao lưu ({expected}).").format(
            counts=counts, expected=manifest.get("counts")))
    return Summary(archive, engine, counts, files, time.monotonic() - started)
