"""Importing real units from vietnamadminunits: Bình Định before 1/7/2025, its departments, the province and
communes that took it over (Gia Lai) with lineage, and the pages that show them."""

from __future__ import annotations

import io
import json
from datetime import date
from importlib import resources

import pytest
import yaml
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from vietnamadminunits.database import query

from cchc.accounts.models import Role
from cchc.core.errors import NotFound
from cchc.units.models import Unit, UnitLink
from cchc.units.services import DEPARTMENTS_FILE, import_province, lineage_of
from tests.factories import client_for, make_user

#: A new ward of Gia Lai formed (no split) from two old communes of Bình Định, per the package's mapping.
NEW_WARD = "Phường An Nhơn Đông"
NEW_WARD_KEY = "phuongannhondong"
OLD_WARDS = {"Xã Nhơn An", "Phường Nhơn Hưng"}


def _legacy_province() -> Unit:
    return Unit.objects.get(kind="province", name="Tỉnh Bình Định", valid_to=date(2025, 6, 30))


def _snapshot() -> tuple[dict[str, int], set[tuple[int, int]]]:
    units = dict(Unit.objects.values_list("key", "pk"))
    links = set(UnitLink.objects.values_list("predecessor_id", "successor_id"))
    return units, links


def test_the_import_reproduces_the_packages_districts_and_communes(db):
    expected = query(
        "SELECT COUNT(DISTINCT districtCode) AS districts, COUNT(DISTINCT wardCode) AS communes "
        "FROM admin_units_legacy WHERE provinceKey = 'tinhbinhdinh'"
    )[0]

    result = import_province("Bình Định")

    province = _legacy_province()
    assert result.province == province
    districts = Unit.objects.filter(province=province, kind="district")
    communes = Unit.objects.filter(province=province, kind="commune")
    assert (districts.count(), communes.count()) == (expected["districts"], expected["communes"])
    assert (districts.count(), communes.count()) == (11, 155)
    assert districts.filter(name="Huyện Phù Mỹ").exists()
    assert set(communes.values_list("parent__kind", flat=True)) == {"district"}


def test_the_departments_come_from_the_departments_file(db):
    # Changed (issue 11): the file lists the departments before 2025 and those of the early-2025
    # consolidation (a new short is a new unit), so Bình Định has 21 before and 3 new ones after.
    entry = yaml.safe_load(DEPARTMENTS_FILE.read_text(encoding="utf-8"))["before_2025"]["52"]
    listed = {d["short"]: d["name"] for d in entry["departments"]}
    listed |= {d["short"]: d["name"] for d in entry["consolidation"] if d["short"] not in listed}

    import_province("Bình Định")

    departments = Unit.objects.filter(province=_legacy_province(), kind="department")
    assert departments.count() == len(listed) == 24
    assert set(departments.values_list("code", "name")) == {(f"52.{short}", name) for short, name in listed.items()}
    assert Unit.objects.get(key="dept:52.SNV").name == "Sở Nội vụ"


def test_the_province_that_took_over_from_1_july_2025_is_gia_lai(db):
    result = import_province("Bình Định")

    gia_lai = result.successor_province
    assert (gia_lai.name, gia_lai.valid_from, gia_lai.valid_to) == ("Tỉnh Gia Lai", date(2025, 7, 1), None)
    old = _legacy_province()
    assert old.valid_to == date(2025, 6, 30)
    link = UnitLink.objects.get(predecessor=old, successor=gia_lai)
    assert (link.kind, link.effective_date) == ("merged", date(2025, 7, 1))


def test_a_new_ward_is_traced_to_the_old_communes_it_was_formed_from(db):
    mapping = json.loads(resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text("utf-8"))
    old_keys = mapping["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhgialai"][NEW_WARD_KEY]
    assert old_keys == ["tinhbinhdinh_thixaannhon_xanhonan", "tinhbinhdinh_thixaannhon_phuongnhonhung"]

    import_province("Bình Định")

    new = Unit.objects.get(name=NEW_WARD, valid_from=date(2025, 7, 1))
    lineage = lineage_of(new)
    assert {u.name for u in lineage["ancestors"]} == OLD_WARDS
    assert {u.parent.name for u in lineage["ancestors"]} == {"Thị xã An Nhơn"}
    assert lineage["descendants"] == []
    assert set(new.predecessor_links.values_list("kind", flat=True)) == {"merged"}
    nhon_an = Unit.objects.get(name="Xã Nhơn An", parent__name="Thị xã An Nhơn")
    assert lineage_of(nhon_an) == {"ancestors": [], "descendants": [new]}


def test_importing_twice_creates_nothing_new(db):
    import_province("Bình Định")
    before = _snapshot()
    audit_before = LogEntry.objects.count()

    again = import_province("Bình Định")

    assert (again.created, again.updated) == (0, 0)
    assert _snapshot() == before
    assert LogEntry.objects.count() == audit_before


def test_an_unknown_province_is_not_found_in_vietnamese(db):
    with pytest.raises(NotFound) as caught:
        import_province("Atlantis")

    assert caught.value.message == "Không tìm thấy tỉnh «Atlantis» trong danh mục đơn vị hành chính trước 01/07/2025."
    assert not Unit.objects.exists()


def test_the_units_import_command(db):
    out = io.StringIO()

    call_command("units", "import", "--province", "Bình Định", stdout=out)

    assert "Tỉnh Bình Định → Tỉnh Gia Lai: tạo mới" in out.getvalue()
    assert Unit.objects.filter(province=_legacy_province(), kind="commune").count() == 155


def test_the_units_import_command_reports_an_unknown_province(db):
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh «Atlantis»"):
        call_command("units", "import", "--province", "Atlantis", stdout=io.StringIO())


# --- pages ------------------------------------------------------------------------------------------

@pytest.fixture
def viewer(db):
    import_province("Bình Định")
    return client_for(user=make_user(username="lanhdao", role=Role.LEADER))


@pytest.mark.parametrize(
    "as_of, shown, hidden",
    [
        ("2025-06-30", "Tỉnh Bình Định", "Tỉnh Gia Lai"),
        ("30/06/2025", "Tỉnh Bình Định", "Tỉnh Gia Lai"),
        ("2025-07-01", "Tỉnh Gia Lai", "Tỉnh Bình Định"),
    ],
)
def test_the_tree_shows_the_units_in_force_on_the_chosen_day(viewer, as_of, shown, hidden):
    response = viewer.get(reverse("units:tree"), {"as_of": as_of})

    assert [u.name for u in response.context["roots"]] == [shown]
    body = response.content.decode()
    assert shown in body
    assert hidden not in body


def test_the_search_finds_a_district_by_name(viewer):
    response = viewer.get(reverse("units:tree"), {"q": "Phù Mỹ", "as_of": "2025-06-30"})

    names = [u.name for u in response.context["matches"]]
    assert "Huyện Phù Mỹ" in names
    assert "Huyện Phù Mỹ" in response.content.decode()


def test_the_detail_page_of_a_new_ward_lists_its_predecessors(viewer):
    new = Unit.objects.get(name=NEW_WARD, valid_from=date(2025, 7, 1))

    body = viewer.get(reverse("units:detail", args=[new.pk])).content.decode()

    assert "Hình thành từ" in body
    for old in Unit.objects.filter(name__in=OLD_WARDS, parent__name="Thị xã An Nhơn"):
        assert f'<a href="{old.get_absolute_url()}">{old.name}</a>' in body
