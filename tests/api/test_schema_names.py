"""The OpenAPI document names each response shape by its class name: two classes of one name (the 766
what-if's ``WhatIfOut`` and the PAR index's) became one component, and one operation was documented with the
other's shape (found by the schemathesis walk). Every schema class of the API has a name of its own."""

from __future__ import annotations

from collections import Counter

from ninja import Schema


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_class_of_the_api_has_a_name_of_its_own():
    import cchc.api  # noqa: F401  (every router and its schemas)

    ours = [c for c in set(_subclasses(Schema)) if c.__module__.startswith("cchc.")]
    assert len(ours) > 50, "the API's schemas must be found, or this test could never fail"
    twice = {name: sorted(c.__module__ for c in ours if c.__name__ == name)
             for name, n in Counter(c.__name__ for c in ours).items() if n > 1}
    assert not twice, twice
