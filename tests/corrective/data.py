"""Corrective actions for the tests, made as the detection would make them; the stored KPI values they
are detected from come from tests/dashboard/data.py (``kpi``, ``AS_OF``, ``VN``), re-exported here."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cchc.corrective.models import CorrectiveAction
from cchc.dossiers.models import Dossier, Procedure
from cchc.plans.models import Target
from tests import factories
from tests.dashboard.data import AS_OF, VN, kpi, month_values, year_values

__all__ = ["AS_OF", "VN", "action", "grow", "kpi", "month_values", "year_values"]


def action(*, plan, unit, state: str = "required", first: date = date(2022, 3, 31), last: date = date(2022, 6, 30),
           **fields) -> CorrectiveAction:
    """A corrective action on target CT01 of ``plan`` (as detection would make it)."""
    target = Target.objects.get(plan=plan, code="CT01")
    readings = [
        {"period": "Quý I/2022", "kind": "quarter", "end": first.isoformat(), "value": "20.0000",
         "projection": "20.0000", "threshold": "35.0000"},
        {"period": "6 tháng 2022", "kind": "half", "end": last.isoformat(), "value": "25.0000",
         "projection": "25.0000", "threshold": "35.0000"},
    ]
    return CorrectiveAction.objects.create(target=target, unit=unit, first_period_end=first, last_period_end=last,
                                           readings=readings, state=state, **fields)


def grow(tree, plan) -> None:
    """40 more communes, each with its stored values and a corrective action, and 200 dossiers: what the
    query counts are measured again with (tests/corrective and tests/dashboard test_query_counts)."""
    for i in range(40):
        unit = factories.make_unit(key=f"t:more:{i}", code=f"98{i:04d}", name=f"Xã Thêm {i}", kind="commune",
                                   parent=tree.district2, province=tree.province, latitude=14 + i / 100, longitude=109.0)
        kpi(unit=unit, code="ontime_rate", kind="year", start=date(2022, 1, 1), numerator=i, denominator=40)
        kpi(unit=unit, code="digitised_results_rate", kind="year", start=date(2022, 1, 1), value=i)
        action(plan=plan, unit=unit)
    procedure = Procedure.objects.create(code="1.000001", name="Chứng thực bản sao", time_limit=1,
                                         time_limit_kind="working_days")
    Dossier.objects.bulk_create(
        Dossier(source_system="motcua", code=f"HS-{i}", unit=tree.commune, procedure=procedure, status=4,
                received_at=datetime(2022, 3, 2, 8, 0, tzinfo=UTC), due_at=datetime(2022, 3, 3, 8, 0, tzinfo=UTC))
        for i in range(200)
    )
