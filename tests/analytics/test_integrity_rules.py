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


def _flagged(unit, code: str, start) -> tuple[int, list[int]]:
    figure = next(f for f in services.values_for(codes=[code], period_kind="quarter", period_start=start,
                                                 units=[unit.pk]))
    return figure.numerator, sorted(r.dossier.pk for r in services.listed_dossiers(unit, kpi_code=code, kind="quarter",
                                                                                     start=start))


def test_a_result_signed_after_the_finish_and_work_done_for_the_citizen_are_counted_and_listed(
        province, procedures, tmp_path):
    common = {"unit": province.commune, "received_at": at(2025, 2, 3), "due_at": at(2025, 2, 20, 17),
              "procedure": procedures[0], "result_digitised": True, "returned_at": at(2025, 2, 11)}
    signed_later, _signed_same_day, by_official, at_counter, paid_for, _citizen, _direct, _unknown = (
        Dossier.objects.bulk_create([
            # closed on 10/2, its result signed on 11/2: closed before its result existed
            build_dossier(status=10, finished_at=at(2025, 2, 10, 16), result_issued_at=at(2025, 2, 11, 8), **common),
            build_dossier(status=10, finished_at=at(2025, 2, 10, 16), result_issued_at=at(2025, 2, 10, 8), **common),
            # online, an official's account; online, the counter's terminal; paid online by an official
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=2, submitted_by_official=True, **common),
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=2, submitted_at_counter=True,
                          submitted_by_official=False, **common),
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=1, paid_online=True, fee_amount=25000,
                          paid_by_official=True, **common),
            # the citizen's own; taken at the counter (not online); the data says nothing
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=2, submitted_by_official=False,
                          submitted_at_counter=False, **common),
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=1, submitted_at_counter=True, **common),
            build_dossier(status=10, finished_at=at(2025, 2, 10), channel=2, paid_online=True, **common),
        ]))
    store = FactStore(tmp_path / "facts.duckdb")
    store.sync(incremental=False)
    store.compute("quarter", 2025)
    start = at(2025, 1, 1).date()
    for unit in (province.commune, province.province):
        assert _flagged(unit, "closed_before_result", start) == (1, [signed_later.pk])
        assert _flagged(unit, "on_behalf", start) == (3, sorted([by_official.pk, at_counter.pk, paid_for.pk]))
        coverage = next(f for f in services.values_for(codes=[integrity.ON_BEHALF_DATA], period_kind="quarter",
                                                       period_start=start, units=[unit.pk]))
        assert coverage.numerator == 5  # all but the signed ones and the one that says nothing


def test_ratings_in_bursts_follow_new_ratings_and_changes(province, procedures, tmp_path, settings):
    """Three identical ratings of a unit in 5 minutes (count 3): the engine flags all three, including a
    rating copied before the burst existed; a change that breaks the burst takes the flags away again."""
    settings.CCHC_INTEGRITY_BURST_COUNT, settings.CCHC_INTEGRITY_BURST_MINUTES = 3, 5
    common = {"procedure": procedures[0], "status": 10, "received_at": at(2025, 2, 3), "due_at": at(2025, 2, 20, 17),
              "finished_at": at(2025, 2, 10), "returned_at": at(2025, 2, 10), "result_digitised": True}

    def rated(unit, rating, minute):
        return build_dossier(unit=unit, rating=rating, rated_at=at(2025, 2, 10, 10, minute), **common)

    first, second, _other_value, _other_unit = Dossier.objects.bulk_create([
        rated(province.commune, 1, 0), rated(province.commune, 1, 2), rated(province.commune, 2, 3),
        rated(province.commune2, 1, 3)])
    store = FactStore(tmp_path / "facts.duckdb")
    store.sync(incremental=False)
    store.compute("quarter", 2025)
    start = at(2025, 1, 1).date()
    assert _flagged(province.commune, "rating_burst", start) == (0, [])

    third = Dossier.objects.bulk_create([rated(province.commune, 1, 5)])[0]  # 5 minutes after the first
    store.refresh(["quarter"], 2025)
    burst = sorted([first.pk, second.pk, third.pk])
    assert _flagged(province.commune, "rating_burst", start) == (3, burst)
    assert _flagged(province.province, "rating_burst", start) == (3, burst)
    assert _flagged(province.commune2, "rating_burst", start) == (0, [])

    third.rated_at = at(2025, 2, 10, 10, 6)  # now 6 minutes after the first: no span of 5 holds three
    third.save()
    store.refresh(["quarter"], 2025)
    assert _flagged(province.commune, "rating_burst", start) == (0, [])
    # a full copy decides the same
    store.sync(incremental=False)
    store.compute("quarter", 2025)
    assert _flagged(province.commune, "rating_burst", start) == (0, [])
