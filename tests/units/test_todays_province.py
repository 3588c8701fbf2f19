"""Today's Gia Lai whole (issue 11, items 1-2, units side): both predecessor provinces from the package
with their merger lineage, departments in two steps (early-2025 consolidation, then the 1/7/2025
merger), the national portal's 149 units as aliases, and blocks."""

from __future__ import annotations

import io
import json
from datetime import date
from importlib import resources

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from vietnamadminunits.database import query

from cchc.core.errors import DomainError
from cchc.units.aliases import (
    PORTAL_FILE,
    PORTAL_SOURCE,
    import_aliases,
    import_portal_units,
    portal_unit_name,
)
from cchc.units.departments import consolidation_date, load
from cchc.units.models import Unit, UnitAlias, UnitLink
from cchc.units.services import UnitNotFound, UnitResolver, import_province, lineage_of, resolve

PORTAL_DAY = date(2026, 10, 10)  # the day of the portal's list (its README)
EVE = date(2025, 6, 30)


def _snapshot():
    units = set(Unit.objects.values_list("key", "name", "valid_from", "valid_to", "parent_id", "block"))
    links = set(UnitLink.objects.values_list("predecessor_id", "successor_id", "kind", "effective_date", "source"))
    aliases = set(UnitAlias.objects.values_list("source_system", "code", "name", "unit_id", "valid_from", "valid_to"))
    return units, links, aliases


@pytest.fixture(scope="module")
def gia_lai(django_db_setup, django_db_blocker):
    """Both predecessors of today's Gia Lai and the portal's list, imported once for this module."""
    with django_db_blocker.unblock():
        import_province("Bình Định")
        import_province("Gia Lai")
        portal = import_portal_units(on=PORTAL_DAY)
        yield portal
        UnitAlias.objects.all().delete()
        UnitLink.objects.all().delete()
        Unit.objects.update(parent=None, province=None)
        Unit.objects.all().delete()


def _legacy(code: str) -> Unit:
    return Unit.objects.get(key=f"vn:legacy:province:{code}")


@pytest.mark.parametrize("province_key, code, districts, communes", [
    ("tinhbinhdinh", "52", 11, 155),
    ("tinhgialai", "64", 17, 218),
])
def test_both_predecessor_provinces_hold_the_packages_districts_and_communes(gia_lai, db, province_key, code,
                                                                             districts, communes):
    expected = query(
        "SELECT COUNT(DISTINCT districtCode) AS districts, COUNT(DISTINCT wardCode) AS communes "
        f"FROM admin_units_legacy WHERE provinceKey = '{province_key}'"
    )[0]
    province = _legacy(code)
    assert province.valid_to == EVE
    got = (Unit.objects.filter(province=province, kind="district").count(),
           Unit.objects.filter(province=province, kind="commune").count())
    assert got == (expected["districts"], expected["communes"]) == (districts, communes)
    assert UnitLink.objects.get(predecessor=province, successor__key="vn:2025:province:52").kind == "merged"


def test_every_old_commune_of_both_provinces_is_linked_as_the_packages_mapping_says(gia_lai, db):
    mapping = json.loads(resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text("utf-8"))
    edges = {(old, new) for new, olds in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhgialai"].items() for old in olds}
    edges |= {(old, item["newWardKey"]) for old, news in mapping["DICT_PROVINCE_WARD_DIVIDED"]["tinhgialai"].items()
              for item in news}
    today = Unit.objects.get(key="vn:2025:province:52")
    links = UnitLink.objects.filter(successor__province=today, successor__kind="commune")
    assert links.count() == len(edges)
    assert Unit.objects.filter(province=today, kind="commune").count() == 135
    for code in ("52", "64"):
        old = Unit.objects.filter(province=_legacy(code), kind="commune")
        assert not old.filter(successor_links__isnull=True).exists()  # each old commune went somewhere


def test_the_consolidation_ends_absorbed_departments_and_links_them_on_its_date(gia_lai, db):
    day = consolidation_date("52")
    assert day == load()["consolidation_date"] == date(2025, 3, 1)
    planning = Unit.objects.get(key="dept:52.SKHDT")
    assert planning.valid_to == date(2025, 2, 28)
    link = UnitLink.objects.get(predecessor=planning)
    assert (link.successor.key, link.kind, link.effective_date) == ("dept:52.STC", "merged", day)
    assert "cần đối chiếu quyết định của tỉnh" in link.source
    labour = Unit.objects.get(key="dept:64.SLDTBXH")
    assert set(labour.successor_links.values_list("successor__key", "kind")) == {
        ("dept:64.SNV", "split"), ("dept:64.SGDDT", "split"), ("dept:64.SYT", "split")}
    new = Unit.objects.get(key="dept:52.SNNMT")
    assert (new.valid_from, new.valid_to, new.block) == (day, EVE, "agency")
    assert Unit.objects.get(key="dept:52.STC").valid_to == EVE  # the receiving department goes on


def test_a_department_of_today_traces_back_to_its_predecessors_in_both_provinces(gia_lai, db):
    today = Unit.objects.get(key="dept:2025:52.SNNMT")
    assert (today.name, today.valid_from, today.valid_to, today.block) == (
        "Sở Nông nghiệp và Môi trường", date(2025, 7, 1), None, "agency")
    step2 = today.predecessor_links.all()
    assert {(link.predecessor.key, link.kind, link.effective_date) for link in step2} == {
        ("dept:52.SNNMT", "merged", date(2025, 7, 1)), ("dept:64.SNNMT", "merged", date(2025, 7, 1))}
    assert {u.key for u in lineage_of(today)["ancestors"]} == {
        "dept:52.SNNMT", "dept:64.SNNMT", "dept:52.SNNPTNT", "dept:52.STNMT", "dept:64.SNNPTNT", "dept:64.STNMT"}


def test_todays_province_has_the_portals_14_agencies_and_135_communes(gia_lai, db):
    today = Unit.objects.get(key="vn:2025:province:52")
    valid = Unit.objects.filter(province=today).valid_on(PORTAL_DAY)
    assert valid.filter(block="agency").count() == 14
    assert valid.filter(block="commune").count() == 135
    assert not Unit.objects.filter(province=today, block="district").exists()


def test_every_portal_row_is_a_unit_valid_on_the_portals_day_in_its_block(gia_lai, db):
    assert gia_lai.unmatched == []
    assert len(gia_lai.matched) == 149
    units = [unit for _code, unit in gia_lai.matched]
    assert len({u.pk for u in units}) == 149
    assert all(u.is_valid_on(PORTAL_DAY) for u in units)
    assert sorted(u.block for u in units).count("agency") == 14
    assert sorted(u.block for u in units).count("commune") == 135
    # The two spelt differently by the portal are matched by the table, and said so.
    assert {(code, unit.name) for code, _name, unit in gia_lai.by_hand} == {("H21.108", "Xã Al Bá"),
                                                                             ("H21.131", "Xã Ia Chia")}


@pytest.mark.parametrize("ref, key", [
    ("UBND xã Vân Canh", "vn:2025:commune:21994"),
    ("H21.227", "vn:2025:commune:21994"),
    ("UBND Xã Chơ Long", None),
    ("Sở Y tế - tỉnh Gia Lai", "dept:2025:52.SYT"),
    ("H21.19", "dept:2025:52.SYT"),
    ("019d2be3-6a85-74ec-a347-7c7ff203c70e", "dept:2025:52.SYT"),
])
def test_the_portals_codes_and_names_resolve_to_todays_units(gia_lai, db, ref, key):
    unit = resolve(ref, on=PORTAL_DAY)
    if key is None:
        assert unit.name == "Xã Chơ Long"
    else:
        assert unit.key == key
    assert resolve(ref, on=PORTAL_DAY, source_system=PORTAL_SOURCE) == unit
    assert UnitResolver().resolve_id(ref, on=date(2025, 7, 1)) == unit.pk


def test_an_alias_does_not_resolve_outside_its_dates(gia_lai, db):
    with pytest.raises(UnitNotFound) as caught:
        resolve("H21.227", on=date(2025, 6, 30))
    assert caught.value.valid_elsewhere
    with pytest.raises(UnitNotFound):
        resolve("H21.227", on=PORTAL_DAY, source_system="motcua")  # another system's aliases only


def test_importing_again_changes_nothing(gia_lai, db):
    before = _snapshot()

    again = [import_province("Gia Lai"), import_province("Bình Định")]
    portal = import_portal_units(on=PORTAL_DAY)

    assert [(r.created, r.updated) for r in again] == [(0, 0), (0, 0)]
    assert portal.aliases_created == 0 and len(portal.matched) == 149
    assert _snapshot() == before


def test_the_migration_backfills_blocks_from_kinds(gia_lai, db):
    from importlib import import_module

    backfill = import_module("cchc.units.migrations.0002_blocks_and_aliases").backfill_blocks
    Unit.objects.update(block="")
    backfill(django_apps, None)
    assert dict(Unit.objects.filter(key__in=["vn:2025:province:52", "dept:52.SNV", "vn:legacy:district:545",
                                             "vn:2025:commune:21994"]).values_list("key", "block")) == {
        "vn:2025:province:52": "province", "dept:52.SNV": "agency", "vn:legacy:district:545": "district",
        "vn:2025:commune:21994": "commune"}


def test_an_alias_file_maps_another_systems_names(gia_lai, db):
    content = ("source_system,code,name,unit,valid_from,valid_to\n"
               "motcua,MC-VC,,vn:2025:commune:21994,2025-07-01,\n"
               "motcua,,Một cửa Vân Canh,Xã Vân Canh,2025-07-01,2025-12-31\n").encode()
    assert import_aliases(content, "aliases.csv") == 2
    assert import_aliases(content, "aliases.csv") == 0
    assert resolve("một cửa vân canh", on=date(2025, 8, 1)).key == "vn:2025:commune:21994"
    with pytest.raises(UnitNotFound):
        resolve("Một cửa Vân Canh", on=date(2026, 1, 1))
    with pytest.raises(DomainError, match="Dòng 2, cột valid_from: «1/7/2025» không phải ngày YYYY-MM-DD"):
        import_aliases("source_system,code,name,unit,valid_from,valid_to\nmotcua,X,,Xã Vân Canh,1/7/2025,\n".encode(), "x.csv")
    with pytest.raises(DomainError, match="thiếu cột: valid_to"):
        import_aliases(b"source_system,code,name,unit,valid_from\n", "x.csv")


def test_the_portal_command_reports_rows_it_cannot_match(gia_lai, db, tmp_path):
    path = tmp_path / "portal.csv"
    path.write_text("portal_code,portal_name,block\nH21.999,UBND xã Không Có,COMMUNE\nH21.19,Sở Y tế - tỉnh Gia Lai,AGENCY\n",
                    encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 đơn vị của Cổng chưa khớp"):
        call_command("units", "portal", "--file", str(path), "--on", "2026-10-10", stdout=out, stderr=err)
    assert "Không khớp H21.999 «UBND xã Không Có»: không có đơn vị nào tên «Xã Không Có»" in err.getvalue()
    assert not Unit.objects.filter(name="Xã Không Có").exists()


@pytest.mark.parametrize("portal_name, expected", [
    ("UBND xã Vân Canh", "Xã Vân Canh"), ("UBND Xã Chơ Long", "Xã Chơ Long"),
    ("UBND xã Kông Bơ La - Gia Lai", "Xã Kông Bơ La"), ("Thanh tra tỉnh - tỉnh Gia Lai", "Thanh tra tỉnh"),
    ("UBND phường Pleiku", "Phường Pleiku"),
])
def test_portal_names_are_read_as_cchc_names(portal_name, expected):
    assert portal_unit_name(portal_name, "Gia Lai") == expected


def test_the_shipped_portal_file_has_149_rows():
    assert PORTAL_FILE.read_text(encoding="utf-8").count("\n") == 150
