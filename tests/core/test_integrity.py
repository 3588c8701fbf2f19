"""The integrity checks, one dossier at a time, hand-worked from seed 001 and DOMAIN §4 (cchc.core.integrity)."""

from __future__ import annotations

import pytest

from cchc.core import integrity


@pytest.mark.parametrize(("status", "in_period", "document", "on_file", "flagged"), [
    (9, True, True, False, True),  # processed, no result on file: the seed's case
    (10, True, True, False, True),  # returned without a result on file
    (9, True, True, True, False),  # the electronic result is there
    (9, True, False, False, False),  # the procedure's result is no document: nothing to wait for
    (7, True, True, False, False),  # withdrawn by the citizen: no result expected
    (4, True, True, False, False),  # still processing
    (9, False, True, False, False),  # finished in another period: flagged there, not here
])
def test_closed_before_result(status, in_period, document, on_file, flagged):
    assert integrity.closed_before_result(status=status, finished_in_period=in_period, result_is_document=document,
                                          result_on_file=on_file) is flagged


@pytest.mark.parametrize(("count", "flagged"), [(0, False), (1, False), (2, True), (3, True)])
def test_supplement_over_once(count, flagged):
    assert integrity.supplement_over_once(supplement_count=count) is flagged
