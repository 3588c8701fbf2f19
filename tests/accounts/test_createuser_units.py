"""``cchc createuser --unit`` finds the unit by the one rule (cchc.units.services.resolve, reached through
the Profile's foreign key, so that accounts does not import the units app)."""

from __future__ import annotations

import io
import sys
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import PASSWORD, make_unit


def _create(monkeypatch, unit: str):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    call_command("createuser", "dm.x", "--role", "focal_point", "--unit", unit, "--password-stdin", stdout=io.StringIO())
    return get_user_model().objects.get(username="dm.x").profile.unit


def test_by_key_code_and_name(province, monkeypatch):
    assert _create(monkeypatch, "t:52.SNV") == province.snv
    assert _create(monkeypatch, "52.STP") == province.stp
    assert _create(monkeypatch, "huyện vân canh") == province.district2


def test_the_newest_of_successive_units_with_one_code(province, monkeypatch):
    province.commune.valid_to = date(2025, 6, 30)
    province.commune.save()
    new = make_unit(key="t:2025:commune:x", code="90101", name="Xã Mới", kind="commune", parent=province.province,
                    province=province.province, valid_from=date(2025, 7, 1))
    assert _create(monkeypatch, "90101") == new


def test_a_shared_name_is_refused_naming_the_units(province, monkeypatch):
    make_unit(key="t:commune:twin", code="90299", name="Xã Mỹ Đức", kind="commune", parent=province.district2,
              province=province.province)
    with pytest.raises(CommandError, match=r"Xã Mỹ Đức \(90101, t:commune:1\); Xã Mỹ Đức \(90299, t:commune:twin\)"):
        _create(monkeypatch, "Xã Mỹ Đức")
    assert not get_user_model().objects.filter(username="dm.x").exists()
