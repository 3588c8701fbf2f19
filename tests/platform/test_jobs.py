"""cchc.platform.jobs: the one way background work starts (uploads, report documents, the KPI refresh)."""

from __future__ import annotations

import threading

import pytest
from django.db import transaction

from cchc.platform.jobs import in_background


@pytest.mark.django_db(transaction=True)
def test_the_thread_starts_when_the_transaction_commits():
    ran = threading.Event()
    with transaction.atomic():
        thread = in_background(ran.set, name="test-job")
        assert not thread.is_alive() and not ran.is_set()  # the row describing the work is not visible yet
    thread.join(timeout=10)
    assert ran.is_set() and thread.name == "test-job" and thread.daemon


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_starts_nothing():
    ran = threading.Event()
    with pytest.raises(RuntimeError), transaction.atomic():
        thread = in_background(ran.set, name="never")
        raise RuntimeError
    assert not ran.wait(timeout=0.2) and thread.ident is None


def test_outside_a_transaction_or_asked_it_starts_at_once():
    seen = []
    thread = in_background(seen.append, 42, name="now", after_commit=False)
    thread.join(timeout=10)
    assert seen == [42]
