"""The integrity checks (cchc.core.integrity) are counts of the catalogue with a list of dossiers, and a
hand-worked case: the figure equals its list and holds the dossier the rule flags."""

from __future__ import annotations

from cchc.analytics import services
from cchc.analytics.sql import LISTED_KPIS
from cchc.analytics.store import FactStore
from cchc.core import integrity, kpis
from cchc.dossiers.models import Dossier
from tests.analytics.helpers import at
from tests.factories import build_dossier


def test_every_rule_is_a_listed_count_of_the_catalogue_with_its_source():
    for rule in integrity.RULES:
        definition = kpis.definitions(rule.code)[-1]
        assert definition.measure == kpis.COUNT and not definition.higher_is_better
        assert rule.code in LISTED_KPIS
        assert rule.source.strip() and rule.name_vi


def test_each_rule_counts_and_lists_the_dossier_it_flags(province, procedures, tmp_path):
    common = {"unit": province.commune, "received_at": at(2025, 2, 3), "due_at": at(2025, 2, 20, 17)}
    closed, _fine, no_document, twice, _once = Dossier.objects.bulk_create([
        # processed without a result on file, the result a document: flagged
        build_dossier(procedure=procedures[0], status=9, finished_at=at(2025, 2, 10), result_digitised=False,
                      **common),
        build_dossier(procedure=procedures[0], status=10, finished_at=at(2025, 2, 10), result_digitised=True,
                      **common),
        build_dossier(procedure=procedures[2], status=9, finished_at=at(2025, 2, 10), result_digitised=False,
                      **common),
        # two supplement requests (result on file, so not closed early)
        build_dossier(procedure=procedures[0], status=10, finished_at=at(2025, 2, 10), result_digitised=True,
                      supplement_count=2, **common),
        build_dossier(procedure=procedures[0], status=10, finished_at=at(2025, 2, 10), result_digitised=True,
                      supplement_count=1, **common),
    ])
    kept, _returned, _recent = Dossier.objects.bulk_create([
        # processed on 20/3 and not returned by the quarter's end (11 days): flagged; returned in time; processed
        # on 21/3 (10 days, not more than 10)
        build_dossier(procedure=procedures[0], status=9, finished_at=at(2025, 3, 20), result_digitised=True,
                      **common),
        build_dossier(procedure=procedures[0], status=10, finished_at=at(2025, 3, 20), returned_at=at(2025, 3, 31),
                      result_digitised=True, **common),
        build_dossier(procedure=procedures[0], status=9, finished_at=at(2025, 3, 21), result_digitised=True,
                      **common),
    ])
    store = FactStore(tmp_path / "facts.duckdb")
    store.sync(incremental=False)
    store.compute("quarter", 2025)
    start = at(2025, 1, 1).date()
    for unit in (province.commune, province.province):
        for code, expected in (("closed_before_result", [closed.pk]), ("supplement_over_once", [twice.pk]),
                               # the two processed in February never returned either
                               ("unreturned", [kept.pk, no_document.pk, closed.pk])):
            figure = next(f for f in services.values_for(codes=[code], period_kind="quarter", period_start=start,
                                                         units=[unit.pk]))
            listed = services.listed_dossiers(unit, kpi_code=code, kind="quarter", start=start)
            assert [r.dossier.pk for r in listed] == expected, code
            assert figure.numerator == len(expected)
