"""A dossier row's unit is found by the one rule (cchc.units.services.UnitResolver, through
cchc.dossiers.references.Units): key, code, then name (NFC, case folded), valid on the day of receipt."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import InvalidInput
from cchc.dossiers.models import Dossier
from cchc.dossiers.references import Units
from cchc.dossiers.services import import_dossier_file
from tests.dossiers.helpers import csv_bytes, dossier_row
from tests.factories import make_unit


def test_a_unit_named_in_another_case_and_spacing_is_found(ledger):
    import_dossier_file(csv_bytes([dossier_row(code="HS-TEN", unit_code="  XÃ MỸ   LỘC ")]), "ten.csv",
                        source_system="motcua")
    assert Dossier.objects.get(code="HS-TEN").unit == ledger.commune2


def test_a_name_two_units_share_on_the_day_is_refused_naming_them(ledger):
    make_unit(key="t:commune:twin", code="90299", name="Xã Mỹ Lộc", kind="commune", parent=ledger.district2,
              province=ledger.province)
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(csv_bytes([dossier_row(code="HS-TEN", unit_code="Xã Mỹ Lộc")]), "ten.csv",
                            source_system="motcua")
    (issue,) = exc.value.issues
    assert issue.field == "unit_code"
    assert issue.message == ("«Xã Mỹ Lộc» ứng với 2 đơn vị cùng còn hiệu lực: Xã Mỹ Lộc (90102, t:commune:2); "
                             "Xã Mỹ Lộc (90299, t:commune:twin); hãy dùng mã hoặc khóa định danh của đơn vị.")


def test_a_code_reused_after_the_reorganisation_follows_the_day(ledger):
    ledger.commune.valid_to = date(2025, 6, 30)
    ledger.commune.save()
    new = make_unit(key="t:2025:commune:x", code="90101", name="Xã Mới", kind="commune", parent=ledger.province,
                    province=ledger.province, valid_from=date(2025, 7, 1))
    units = Units()
    assert units.resolve("90101", "", date(2025, 6, 30))[0] == ledger.commune.pk
    assert units.resolve("90101", "", date(2025, 7, 1))[0] == new.pk
    # the reference fails on the day, the name decides
    assert units.resolve(ledger.commune.key, "Xã Mới", date(2025, 7, 1))[0] == new.pk
