"""What the benchmark scripts share: their data directory and settings, the throwaway PostgreSQL database
and the percentile they report."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def use_data_dir(path: str | None, prefix: str) -> Path:
    """Point CCHC at ``path`` (a new temp directory named ``prefix…`` when None), with a throwaway secret
    key unless one is set; call before Django is imported."""
    data_dir = Path(path or tempfile.mkdtemp(prefix=prefix)).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["CCHC_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("CCHC_TESTING", "1")  # a throwaway key for this throwaway database
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    return data_dir


def ensure_postgres_database() -> None:
    """with-postgres.sh points CCHC_DATABASE_URL at a database it does not create: create it."""
    url = os.environ.get("CCHC_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"],
                         dbname="postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            con.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def p95(values: list[float]) -> float:
    """The 95th percentile of the samples (the nearest rank below)."""
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]
