"""The units of a report's manually measured values are found by the one rule (cchc.units.services
.UnitResolver, in cchc.reporting.content._manual_index): key, code or name, among the scope's units."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.reporting.content import _manual_index
from cchc.units.models import Unit
from cchc.units.services import AmbiguousUnit
from tests.factories import make_unit

Q1 = date(2022, 1, 1), date(2022, 3, 31)


def test_key_code_and_name_without_a_query(province):
    units = list(Unit.objects.all())
    measures = [("CT02", "t:52.SNV", "20 phút"), (" CT02 ", "90101", " 45 "), ("CT03", "sở  TƯ PHÁP", "3"),
                ("CT02", "t:khong-co", "9")]  # not in the scope: not this report's
    with CaptureQueriesContext(connection) as queries:
        index = _manual_index(measures, units, *Q1)
    assert index == {("CT02", province.snv.pk): "20 phút", ("CT02", province.commune.pk): "45",
                     ("CT03", province.stp.pk): "3"}
    assert len(queries) == 0


def test_a_name_two_units_share_is_refused(province):
    make_unit(key="t:commune:twin", code="90299", name="Xã Mỹ Đức", kind="commune", parent=province.district2,
              province=province.province)
    # Before the one rule the value went to both units.
    with pytest.raises(AmbiguousUnit, match="«Xã Mỹ Đức» ứng với 2 đơn vị"):
        _manual_index([("CT02", "Xã Mỹ Đức", "1")], list(Unit.objects.all()), *Q1)
