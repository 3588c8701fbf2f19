"""Identifiers are never formatted as numbers. With Vietnamese number formatting (USE_THOUSAND_SEPARATOR,
"." between thousands) ``{{ unit.pk }}`` renders 1552 as "1.552": a select's value, a form field's name
(a report's "task-1.552-base") or a data attribute then names nothing once a table passes 999 rows (the
suite found it in the unit mapping of an import). Every template prints an identifier through
``|unlocalize``; a test keeps it so, and one renders a page with a large identifier."""

from __future__ import annotations

import re
from pathlib import Path

from cchc.units.models import Unit
from tests.factories import client_for, make_dossier

ROOT = Path(__file__).resolve().parents[2] / "cchc"
BARE_ID = re.compile(r"\{\{ *[a-z_]+(?:\.[a-z_]+)*(?:\.pk|\.id|_id) *\}\}")


def test_no_template_prints_an_identifier_as_a_number():
    found = [f"{path.relative_to(ROOT)}: {match}" for path in ROOT.rglob("*.html")
             for match in BARE_ID.findall(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_unit_past_999_is_named_by_its_plain_id_in_the_dossier_filter(province, users):
    unit = Unit.objects.create(pk=123_456, key="t:commune:big", code="90199", name="Xã Số Lớn", kind="commune",
                               parent=province.district, province=province.province)
    make_dossier(unit=unit)
    page = client_for(user=users["admin"]).get("/dossiers/").content.decode()
    assert 'value="123456"' in page and "123.456" not in page
