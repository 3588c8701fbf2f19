"""The demo's integrity facts (cchc.demo.integrity): after the step, every check of issue 14 item 2 flags a
few of the demo dossiers received since 1/7/2025, the engine counts them and each count equals its list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from cchc.analytics import services as analytics
from cchc.analytics.integrity import province_flags
from cchc.analytics.store import FactStore
from cchc.core.integrity import RULE_CODES
from cchc.demo import integrity as demo_integrity
from cchc.demo.dossiers import generate
from cchc.dossiers.catalogue import import_demo_catalogue
from cchc.dossiers.models import Dossier
from cchc.units.models import Unit
from cchc.units.services import import_province

pytestmark = pytest.mark.django_db


def test_each_new_check_flags_some_demo_dossiers_and_counts_equal_lists(tmp_path):
    import_province("Bình Định")
    import_demo_catalogue()
    end = timezone.localdate() - timedelta(days=1)
    generate(count=12_000, start=date(2025, 7, 1), end=end, provinces=("Bình Định",))
    assert demo_integrity.load() > 0
    assert demo_integrity.load() == 0  # a second load changes nothing
    assert not Dossier.objects.filter(rated_at__isnull=False, rating__isnull=True).exists()
    with override_settings(ANALYTICS_DUCKDB_PATH=tmp_path / "analytics.duckdb"):
        store = FactStore()
        store.sync(incremental=False)
        store.compute("year", 2025)
    start = date(2025, 1, 1)
    rows = province_flags("year", start)
    top = next(r for r in rows if r.unit.parent_id is None and r.unit.key.startswith("vn:2025:"))
    for code in ("closed_before_result", "rating_burst", "on_behalf"):
        assert top.count(code), code
    assert top.on_behalf_data > top.count("on_behalf")
    for row in rows[:5]:
        for code in RULE_CODES:
            listed = analytics.listed_dossiers(Unit.objects.get(pk=row.unit.pk), kpi_code=code, kind="year",
                                               start=start)
            assert len(listed) == (row.count(code) or 0), (row.unit.name, code)
