"""Unit pickers (issue 12 item 7): each unit named with its parent and validity, by default the units valid
in the page's period (today when none), the ended ones on request; the chosen unit still scoped by the
user's units on the server; hostile values never a 500."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone, translation

from cchc.core.collation import vi_sort_key
from cchc.units.models import Unit
from tests.factories import client_for, make_dossier, make_province_tree, make_unit, make_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    t = make_province_tree()
    # the old commune ended with its district on 30/6/2025; the new one of the same name began on 1/7/2025
    Unit.objects.filter(pk__in=[t.commune.pk, t.district.pk]).update(valid_to=date(2025, 6, 30))
    t.commune.refresh_from_db()
    t.new_commune = make_unit(key="t:commune:new", code="90199", name="Xã Mỹ Đức", kind="commune",
                              parent=t.province, province=t.province, valid_from=date(2025, 7, 1))
    return t


def test_labels_of_units(tree):
    with translation.override("vi"):
        assert tree.commune.label == "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)"
        assert tree.new_commune.label == "Xã Mỹ Đức — Tỉnh Thử Nghiệm (từ 01/07/2025)"
        assert tree.snv.label == "Sở Nội vụ — Tỉnh Thử Nghiệm"
    with translation.override("en"):
        assert tree.commune.label == "Xã Mỹ Đức — Huyện Phù Mỹ (until 30/06/2025)"
        assert tree.new_commune.label == "Xã Mỹ Đức — Tỉnh Thử Nghiệm (from 01/07/2025)"


def offered(page: str) -> set[int]:
    """The units the page's unit picker offers."""
    select = re.search(r'<select id="unit".*?</select>', page, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def _valid(day_from, day_to):
    return {u.pk for u in Unit.objects.all()
            if (u.valid_from is None or u.valid_from <= day_to) and (u.valid_to is None or u.valid_to >= day_from)}


@pytest.mark.parametrize(("start", "end"), [
    (date(2025, 1, 1), date(2025, 3, 31)),   # before the reorganisation: the old commune, not the new one
    (date(2025, 8, 1), date(2025, 8, 31)),   # after: the new one only
    (date(2025, 6, 1), date(2025, 7, 31)),   # across it: both
    (date(2025, 7, 1), None),                # one end given: that day
])
def test_the_default_list_is_the_units_valid_in_the_period(tree, start, end):
    choices = Unit.objects.picker(start, end)
    day_to = end or start
    assert {pk for pk, _label in choices} == _valid(start, day_to)
    # Vietnamese order on every database ("Đ" after "D", not after "Z" nor as the database's locale puts it)
    assert [label for _pk, label in choices] == sorted((label for _pk, label in choices), key=vi_sort_key)


def test_today_by_default_and_the_ended_on_request(tree):
    today = timezone.localdate()
    assert {pk for pk, _l in Unit.objects.picker()} == _valid(today, today)
    assert tree.commune.pk not in {pk for pk, _l in Unit.objects.picker()}
    assert {pk for pk, _l in Unit.objects.picker(include_ended=True)} == set(Unit.objects.values_list("pk", flat=True))
    # the chosen unit stays offered even when it is no longer valid
    assert tree.commune.pk in {pk for pk, _l in Unit.objects.picker(selected=tree.commune.pk)}


def test_dossier_list_picker_offers_the_valid_units_qualified(tree):
    users = make_users(tree=tree)
    for unit in (tree.commune, tree.new_commune, tree.commune2):
        make_dossier(unit=unit)
    client = client_for(user=users["officer"])
    with translation.override("vi"):
        page = client.get("/dossiers/", {"from": "01/08/2025", "to": "31/08/2025"}).content.decode()
        assert "Xã Mỹ Đức — Tỉnh Thử Nghiệm (từ 01/07/2025)" in page
        assert "Huyện Phù Mỹ (đến 30/06/2025)" not in page
        assert 'data-unit-choice="Gõ để tìm đơn vị"' in page and '<label for="unit">Đơn vị</label>' in page
        page = client.get("/dossiers/", {"from": "01/08/2025", "to": "31/08/2025", "ended": "1"}).content.decode()
        assert "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)" in page
        page = client.get("/dossiers/", {"from": "01/01/2025", "to": "31/03/2025"}).content.decode()
        assert "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)" in page
        assert "(từ 01/07/2025)" not in page


def test_the_chosen_unit_is_scoped_by_the_user(tree):
    users = make_users(tree=tree)
    mine = make_dossier(unit=tree.commune2, code="H-MINE")
    other = make_dossier(unit=tree.other_district_commune, code="H-OTHER")
    client = client_for(user=users["focal_commune2"])
    page = client.get("/dossiers/", {"ended": "1"}).content.decode()
    assert offered(page) == {tree.commune2.pk}
    page = client.get("/dossiers/", {"unit": str(tree.other_district_commune.pk), "ended": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert other.code not in text and mine.code not in text
    assert offered(text) == {tree.commune2.pk}  # not offered even when asked for


@pytest.mark.parametrize("value", ["x", "-1", "99999999999999999999999", "1e3", "٣", "' OR 1=1 --", "\x00"])
def test_hostile_values_never_fail(tree, value):
    users = make_users(tree=tree)
    for who, url in (("officer", "/dossiers/"), ("admin", "/accounts/audit/")):
        response = client_for(user=users[who]).get(url, {"unit": value, "ended": value, "from": value, "to": value})
        assert response.status_code in (200, 400)  # a NUL is refused as a bad request before the view


def test_audit_picker_names_the_units_qualified(tree):
    users = make_users(tree=tree)
    with translation.override("vi"):
        page = client_for(user=users["admin"]).get("/accounts/audit/").content.decode()
        assert "Xã Mỹ Lộc — Huyện Phù Mỹ" in page  # focal_commune2's unit
        assert "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)" not in page  # focal_commune's, ended
        page = client_for(user=users["admin"]).get("/accounts/audit/", {"ended": "1"}).content.decode()
        assert "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)" in page


def test_the_reporting_periods_unit_choice_names_the_units_qualified(tree):
    users = make_users(tree=tree)
    with translation.override("vi"):
        page = client_for(user=users["officer"]).get("/reports/periods/new/").content.decode()
    select = re.search(r'<select name="units".*?</select>', page, re.S).group(0)
    assert 'data-unit-choice="Gõ để tìm đơn vị"' in select
    assert "Xã Mỹ Đức — Huyện Phù Mỹ (đến 30/06/2025)</option>" in select
    assert "Xã Mỹ Đức — Tỉnh Thử Nghiệm (từ 01/07/2025)</option>" in select
