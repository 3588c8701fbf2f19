"""Imports larger than one part: rows are checked on a thread of their own and written part by part while
the next part is checked (import_pipeline.FIRST_PART, then PART rows). The result must not depend on where the
parts fall, and a problem in a later part must still leave nothing written."""

from __future__ import annotations

import pytest
from django.utils import translation

from cchc.core.errors import InvalidInput
from cchc.dossiers import import_pipeline
from cchc.dossiers.models import Dossier, DossierEvent, DossierSupplement
from cchc.dossiers.services import import_dossier_file, import_dossier_files
from cchc.dossiers.writer import FIELDS
from tests.dossiers.helpers import OUR_HEADER, PROCEDURES, counts, csv_bytes, generated_rows

N = import_pipeline.FIRST_PART + 1000  # two parts


@pytest.fixture
def rows(ledger):
    return generated_rows(n=N, unit_codes=["90101", "90102", "90201", "52.STP"], procedure_codes=list(PROCEDURES))


def _stored(source: str) -> dict[str, tuple]:
    """Each dossier of a source with its fields, supplements and events, keyed by code."""
    dossiers = {pk: (code, *values) for pk, code, *values in
                Dossier.objects.filter(source_system=source).values_list("pk", "code", *FIELDS)}
    supplements: dict[int, list] = {pk: [] for pk in dossiers}
    for pk, requested, completed in DossierSupplement.objects.filter(dossier__source_system=source).values_list(
            "dossier", "requested_at", "completed_at"):
        supplements[pk].append((requested, completed))
    events: dict[int, list] = {pk: [] for pk in dossiers}
    for pk, kind, at in DossierEvent.objects.filter(dossier__source_system=source).values_list("dossier", "kind", "at"):
        events[pk].append((kind, at))
    return {row[0]: (row[1:], sorted(supplements[pk]), sorted(events[pk])) for pk, row in dossiers.items()}


def test_a_file_of_two_parts_gives_what_two_files_of_one_part_each_give(rows):
    half = N // 2
    assert half < import_pipeline.FIRST_PART

    whole = import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "ca-nam.csv", source_system="whole")
    halves = import_dossier_files([(csv_bytes(rows[:half], header=OUR_HEADER), "dau.csv"),
                                   (csv_bytes(rows[half:], header=OUR_HEADER), "cuoi.csv")], source_system="halves")

    assert (whole.rows, whole.created, halves.created) == (N, N, N)
    stored = _stored("whole")
    assert len(stored) == N
    assert stored == _stored("halves")
    assert sum(len(events) for _fields, _supplements, events in stored.values()) > 3 * N  # received, finished, …


def test_importing_the_file_again_changes_nothing_and_one_changed_row_is_one_update(rows):
    import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")
    before = counts(), list(Dossier.objects.order_by("pk").values("pk", "updated_at"))

    again = import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")

    assert (again.created, again.updated, again.unchanged) == (0, 0, N)
    assert (counts(), list(Dossier.objects.order_by("pk").values("pk", "updated_at"))) == before

    rows[-1] = dict(rows[-1], receipt_number="BN-MOI")  # in the second part
    later = import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")

    assert (later.created, later.updated, later.unchanged) == (0, 1, N - 1)
    assert Dossier.objects.get(source_system="x", code=rows[-1]["code"]).receipt_number == "BN-MOI"


def test_a_bad_row_in_a_later_part_leaves_nothing_written(rows):
    rows[-2] = dict(rows[-2], status="0")
    before = counts()

    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")

    assert [(i.row, i.field) for i in exc.value.issues] == [(N, "status")]
    assert counts() == before


def test_a_row_that_cannot_be_read_in_a_later_part_refuses_the_file_alone(rows):
    # A CSV file is read as its first parts are written: a short row far down still refuses it, with
    # only the reading problems listed (the rows' own problems are not looked at), and nothing is kept.
    rows[1] = dict(rows[1], status="0")
    content = csv_bytes(rows, header=OUR_HEADER) + b"HS-9,BN-9,90101\n"
    before = counts()

    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(content, "hs.csv", source_system="x")

    assert [(i.row, i.message) for i in exc.value.issues] == [(N + 2, "Dòng có 3 cột trong khi tiêu đề có 19 cột.")]
    assert counts() == before


def test_broken_quoting_in_a_later_part_refuses_the_file(rows):
    content = csv_bytes(rows, header=OUR_HEADER) + b'HS-9,"BN-9,90101\n'

    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(content, "hs.csv", source_system="x")

    assert "Tệp CSV hỏng" in exc.value.issues[0].message
    assert Dossier.objects.count() == 0


def test_a_code_repeated_in_a_later_part_names_the_first_row(rows):
    rows[-1] = dict(rows[-1], code=rows[0]["code"])

    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")

    assert [(i.row, i.message) for i in exc.value.issues] == [
        (N + 1, f"Mã hồ sơ «{rows[0]['code']}» trùng với dòng 2.")]
    assert Dossier.objects.count() == 0


def test_problems_found_on_the_checking_thread_are_in_the_callers_language(rows):
    rows[-1] = dict(rows[-1], status="0")

    with translation.override("en"), pytest.raises(InvalidInput) as exc:
        import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")

    assert exc.value.issues[0].message == "The status must be a number from 1 to 10, got “0”."


def test_progress_of_a_large_file_goes_up_to_twice_the_rows(rows):
    seen = []
    import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x",
                        progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2 * N, 2 * N)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert len(seen) >= 3  # after each part written, and at the end


def test_a_file_of_exactly_one_first_part(ledger):
    # The reader then finds the end only on its next read, an empty part.
    rows = generated_rows(n=import_pipeline.FIRST_PART, unit_codes=["90101"], procedure_codes=list(PROCEDURES))
    summary = import_dossier_file(csv_bytes(rows, header=OUR_HEADER), "hs.csv", source_system="x")
    assert (summary.rows, summary.created) == (import_pipeline.FIRST_PART, import_pipeline.FIRST_PART)
