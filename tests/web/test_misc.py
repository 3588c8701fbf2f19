"""Project-wide guards: migrations in step with the models, settings that refuse to start without a secret
key, the home page's figures, the language switch."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.core.tasks import status_of
from cchc.plans.models import Assignment
from cchc.plans.services import report_progress
from tests.factories import client_for

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_no_model_change_lacks_a_migration(db):
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits (SystemExit) when one is missing

    assert "No changes detected" in out.getvalue()


def _start_django(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    data_dir = tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-c", env.pop("_CODE", "import django; django.setup()"), env.pop("_ARG", "")],
        env={**base, "CCHC_DEBUG": "0", "CCHC_TESTING": "0", "CCHC_DATA_DIR": str(data_dir),
             "DJANGO_SETTINGS_MODULE": "cchc.settings", **env},
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60,
    )


def test_the_settings_refuse_to_start_without_a_secret_key_outside_debug(tmp_path):
    refused = _start_django(tmp_path)

    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert "CCHC_SECRET_KEY" in refused.stderr
    # The same start with a key succeeds, so the refusal is about the key and nothing else.
    started = _start_django(tmp_path, CCHC_SECRET_KEY="khoa-bi-mat-rieng-cua-ban-cai-dat-nay-0123456789")
    assert started.returncode == 0, started.stderr


def test_a_value_cached_by_one_server_process_is_read_by_another(tmp_path):
    """Issue 10: the caches pages rely on are shared between server processes (not per-process memory),
    so a ranking built by one worker after a recompute is not built again by the next."""
    key = {"CCHC_SECRET_KEY": "khoa-bi-mat-rieng-cua-ban-cai-dat-nay-0123456789"}
    code = ("import django; django.setup(); from django.core.cache import cache; import sys; "
            "sys.argv[1] == 'set' and cache.set('xep-hang', 'Xã Phù Mỹ', 600); print(cache.get('xep-hang'))")
    for step, expected in (("get", "None"), ("set", "Xã Phù Mỹ"), ("get", "Xã Phù Mỹ")):
        done = _start_django(tmp_path, **key, _CODE=code, _ARG=step)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == expected, step


STAT = re.compile(r'<div class="n">(\d+)</div><div class="l"><span class="badge (\w+)">')


def test_the_overview_shows_the_real_counts_by_status(plan, users, province):
    # NV01: SNV, due 31/12/2022 (overdue). NV02: three communes, due 2099: one done, one started, one not.
    nv02 = Assignment.objects.filter(task__plan=plan, task__code="NV02")
    report_progress(user=users["focal_commune"], assignment=nv02.get(unit=province.commune), progress=100, note="Xong")
    report_progress(user=users["focal_commune2"], assignment=nv02.get(unit=province.commune2), progress=40, note="Dở")
    today = timezone.localdate()
    from_db = {s: 0 for s in ("not_started", "in_progress", "done", "overdue")}
    for a in Assignment.objects.select_related("task"):
        from_db[status_of(a.progress, a.task.deadline, today)] += 1
    assert from_db == {"not_started": 1, "in_progress": 1, "done": 1, "overdue": 1}

    response = client_for(user=users["leader"]).get(reverse("overview"))

    assert response.context["counts"] == from_db
    shown = {status: int(n) for n, status in STAT.findall(response.content.decode())}
    assert shown == from_db
    assert response.context["overdue_total"] == 1


def test_a_focal_points_overview_shows_its_own_units_counts_first(plan, users, province):
    response = client_for(user=users["focal_snv"]).get(reverse("overview"))

    assert response.context["mine"]["unit"] == province.snv
    assert response.context["mine"]["counts"] == {"not_started": 0, "in_progress": 0, "done": 0, "overdue": 1}
    assert "Nhiệm vụ năm 2022 của Sở Nội vụ" in response.content.decode()


def test_the_language_can_be_switched_to_english(users):
    client = client_for(user=users["leader"])
    assert '<html lang="vi">' in client.get(reverse("overview")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("overview")).content.decode()


def test_an_anonymous_visitor_can_switch_the_login_page_to_english(db):
    client = Client()

    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})

    assert '<html lang="en">' in client.get(reverse("login")).content.decode()
