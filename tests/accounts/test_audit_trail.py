"""The audit trail as an inspector reads it (issue #12, item 4): ``cchc.accounts.audit.audit_rows`` turns
django-auditlog's stored strings into names and values, and the audit page filters and pages them.

The entries are written as auditlog writes them (``LogEntry`` rows with its string values: ids for foreign
keys, stored codes for choices, naive UTC instants, ``json.dumps`` text), so each case says what is stored
and what a reader must see.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cchc.accounts.audit import audit_rows
from cchc.accounts.models import ApiToken, Profile
from cchc.plans.models import Task
from cchc.reporting.models import GeneratedDocument, ReportingPeriod
from tests.factories import client_for

User = get_user_model()
AT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 00:30 on 2 March in Vietnam


def entry(model, pk, changes, *, actor=None, action=LogEntry.Action.UPDATE, at=AT, name="đối tượng", addr=None):
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), object_id=int(pk),
        object_repr=name, action=action, changes=changes, actor=actor, timestamp=at, remote_addr=addr)


def change_of(row, field):
    [found] = [c for c in row.changes if c.field == field]
    return found.old, found.new


# --- the formatting function, case by case -----------------------------------------------------------

def test_a_choice_shows_its_label_and_the_field_its_name(users):
    profile = users["focal_commune"].profile
    [row] = audit_rows([entry(Profile, profile.pk, {"role": ["focal_point", "leader"]})])
    assert change_of(row, "Vai trò") == ("Đầu mối CCHC của đơn vị", "Lãnh đạo")
    assert row.object_type == "Hồ sơ người dùng"


def test_a_foreign_key_shows_the_related_objects_name(users, province):
    profile = users["focal_commune"].profile
    [row] = audit_rows([entry(Profile, profile.pk, {"unit": [str(province.commune.pk), str(province.commune2.pk)],
                                                    "user": ["None", str(users["leader"].pk)]})])
    assert change_of(row, "Đơn vị") == ("Xã Mỹ Đức", "Xã Mỹ Lộc")
    # A key declared without a verbose name is named by its related model (auth's "user", in Vietnamese).
    assert [c.field for c in row.changes][1] != "user"
    assert row.changes[1].old == "—" and row.changes[1].new == "Người leader"  # a person by full name


def test_a_foreign_key_to_a_row_since_deleted_says_so(users):
    [row] = audit_rows([entry(Profile, users["leader"].profile.pk, {"unit": ["987654", "None"]})])
    assert change_of(row, "Đơn vị") == ("#987654 (đã xóa)", "—")


def test_dates_booleans_and_instants_show_as_the_project_writes_them(plan, users):
    task = Task.objects.get(plan=plan, code="NV02")
    token = ApiToken.objects.create(name="Một cửa", user=users["admin"], token_hash="x" * 64, hint="cchc_ab")
    rows = audit_rows([
        entry(Task, task.pk, {"deadline": ["2026-03-31", "2026-06-30"]}),
        entry(User, users["leader"].pk, {"is_active": ["True", "False"]}),
        entry(ApiToken, token.pk, {"revoked_at": ["None", "2026-03-01 17:30:00"]}),  # naive UTC, as stored
    ])
    assert change_of(rows[0], "Thời hạn") == ("31/03/2026", "30/06/2026")
    assert rows[1].changes[0].old == "Có" and rows[1].changes[0].new == "Không"
    assert change_of(rows[2], "Thu hồi lúc") == ("—", "00:30 02/03/2026")


def test_json_is_decoded_so_vietnamese_shows(province, users):
    doc = GeneratedDocument.objects.create(period=_period(province, users), created_by=users["officer"])
    stored = json.dumps({"nguoi_ky": "Giám đốc Sở"})  # auditlog's text: \u escapes
    assert "\\u" in stored
    [row] = audit_rows([entry(GeneratedDocument, doc.pk, {"options": ["{}", stored]})])
    assert change_of(row, "Thông tin văn bản") == ("{}", '{"nguoi_ky": "Giám đốc Sở"}')


def test_a_creation_lists_its_values_but_not_the_rows_own_key(users):
    profile = users["leader"].profile
    [row] = audit_rows([entry(Profile, profile.pk, {"id": ["None", str(profile.pk)], "role": ["None", "leader"]},
                              action=LogEntry.Action.CREATE)])
    assert [(c.field, c.old, c.new) for c in row.changes] == [("Vai trò", "—", "Lãnh đạo")]


def test_many_to_many_changes_name_the_objects(province, users):
    period = _period(province, users)
    [row] = audit_rows([entry(ReportingPeriod, period.pk, {"units": {"type": "m2m", "operation": "add",
                                                                    "objects": ["Xã Mỹ Đức"]}})])
    assert row.changes[0].old == "—" and row.changes[0].new == "Xã Mỹ Đức"


def test_the_row_says_who_when_and_what_in_words(users):
    actor = users["focal_commune"]
    rows = audit_rows([entry(Profile, actor.profile.pk, {}, actor=actor, action=LogEntry.Action.CREATE),
                       entry(Profile, actor.profile.pk, {}, action=LogEntry.Action.DELETE)])
    assert (rows[0].action, rows[0].actor, rows[0].actor_unit) == ("Tạo mới", "Người focal_commune", "Xã Mỹ Đức")
    assert rows[0].when == "00:30 02/03/2026" and rows[0].at.utcoffset().total_seconds() == 7 * 3600
    assert (rows[1].action, rows[1].actor) == ("Xóa", "Hệ thống")


def test_in_english_the_same_entry_reads_in_english(users, province):
    profile = users["focal_commune"].profile
    with translation.override("en"):
        [row] = audit_rows([entry(Profile, profile.pk, {"role": ["focal_point", "leader"]}, actor=users["officer"])])
    assert row.action == "Changed"
    assert row.when == "02/03/2026 00:30"
    assert change_of(row, "Role") == ("Unit PAR focal point", "Leader")
    assert row.object_type == "User profile"


def test_queries_do_not_grow_with_the_number_of_entries(users, province, plan):
    def count(n):
        entries = [entry(Profile, users["focal_commune"].profile.pk,
                         {"unit": [str(province.commune.pk), str(province.commune2.pk)], "role": ["leader", "inspector"]},
                         actor=users[name])
                   for name in list(users)[:n]]
        entries += [entry(Task, t.pk, {"plan": ["None", str(plan.pk)]}) for t in Task.objects.all()[:n]]
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            audit_rows(entries)
        return len(queries)

    assert count(2) == count(8) <= 6  # actors, units, plans, content types


# --- the page: who may read it --------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("leader", 200), ("inspector", 200),
                                              ("focal_snv", 403), ("focal_commune", 403)])
def test_the_audit_page_is_for_province_wide_roles(users, role, status):
    response = client_for(user=users[role]).get(reverse("accounts:audit"))
    assert response.status_code == status
    home = client_for(user=users[role]).get(reverse("home"), follow=True).content.decode()  # a leader lands on the dashboard
    assert (reverse("accounts:audit") in home) == (status == 200)


def test_the_addresses_show_on_the_audit_page(users):
    entry(Profile, users["leader"].profile.pk, {"role": ["leader", "inspector"]}, actor=users["officer"], addr="10.1.2.3")
    assert "10.1.2.3" in client_for(user=users["inspector"]).get(reverse("accounts:audit")).content.decode()


# --- filters, paging, hostile values -----------------------------------------------------------------

def rows_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-entry="(\d+)"', page)]


def test_filters_by_unit_user_type_and_local_days(users, province, plan):
    task = Task.objects.get(plan=plan, code="NV02")
    by_commune = entry(Task, task.pk, {"deadline": ["None", "2026-06-30"]}, actor=users["focal_commune"])
    by_officer = entry(Profile, users["leader"].profile.pk, {"role": ["leader", "inspector"]}, actor=users["officer"],
                       at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))  # 23:30 on 1 March in Vietnam
    client = client_for(user=users["inspector"])

    def shown(**params):
        return set(rows_on(client.get(reverse("accounts:audit"), params).content.decode())) & {by_commune.pk, by_officer.pk}

    assert shown() == {by_commune.pk, by_officer.pk}
    assert shown(unit=province.commune.pk) == {by_commune.pk}
    assert shown(unit=province.snv.pk) == {by_officer.pk}
    assert shown(actor="Người officer") == {by_officer.pk}
    assert shown(model=ContentType.objects.get_for_model(Task).pk) == {by_commune.pk}
    assert shown(model=ContentType.objects.get_for_model(Task).pk, object=task.pk) == {by_commune.pk}
    assert shown(**{"from": "02/03/2026"}) == {by_commune.pk}
    assert shown(to="2026-03-01") == {by_officer.pk}
    assert shown(**{"from": "01/03/2026", "to": "01/03/2026"}) == {by_officer.pk}


def test_pages_go_by_the_last_entry_without_counting(users):
    made = [entry(Profile, users["leader"].profile.pk, {"role": ["leader", "inspector"]}).pk for _ in range(53)]
    client = client_for(user=users["admin"])
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("accounts:audit"), {"actor": ""}).content.decode()
    # No count of the audit entries (the header's count of unread notices is another table's, issue 14).
    assert not any("COUNT(" in q["sql"].upper() and "notices_notification" not in q["sql"] for q in queries)
    assert rows_on(first) == sorted(made, reverse=True)[:50]
    older = re.search(r'href="\?before=(\d+)"', first).group(1)
    second = client.get(reverse("accounts:audit"), {"before": older}).content.decode()
    assert [n for n in rows_on(second) if n in made] == sorted(made, reverse=True)[50:]
    assert "before=" not in second.split("Mới nhất")[-1]


@pytest.mark.parametrize("params", [
    {"from": "31/02/2026"}, {"to": "9999-99-99"}, {"from": "0001-01-01"}, {"to": "99999-12-31"},
    {"from": "2026-03-01T25:00"}, {"model": "abc"}, {"model": "-1"}, {"unit": "1e9"}, {"unit": "٣"},
    {"before": "99999999999999999999999"}, {"model": "7", "object": "x" * 5000}, {"actor": "%' OR 1=1 --"},
    {"from": "３１/０１/２０２６"}, {"to": "2999-12-31"},
])
def test_hostile_filter_values_never_fail_the_page(users, params):
    entry(Profile, users["leader"].profile.pk, {"role": ["leader", "inspector"]})
    response = client_for(user=users["officer"]).get(reverse("accounts:audit"), params)
    assert response.status_code == 200


def test_a_date_that_is_no_date_is_named_and_ignored(users):
    made = entry(Profile, users["leader"].profile.pk, {"role": ["leader", "inspector"]})
    page = client_for(user=users["officer"]).get(reverse("accounts:audit"), {"from": "31/02/2026"}).content.decode()
    assert "Từ ngày" in page and "31/02/2026" in page and "không phải là một ngày" in page
    assert made.pk in rows_on(page)


def _period(province, users):
    from cchc.reporting import services

    return services.open_period(user=users["officer"], province=province.province, kind="quarter", year=2022,
                                number=1, deadline=datetime(2022, 4, 15).date(), units=[province.commune])


def test_the_audit_page_reads_a_bounded_number_of_queries(users, province):
    client = client_for(user=users["inspector"])
    ContentType.objects.clear_cache()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:audit")).status_code == 200
        return len(queries)

    few = count()
    for name in users:  # more entries, more actors, more units named in the changes
        entry(Profile, users[name].profile.pk, {"unit": ["None", str(province.commune2.pk)], "user": ["None", str(users[name].pk)]},
              actor=users[name])
    ContentType.objects.clear_cache()
    assert count() <= few + 3  # actors, units, users: one query each however many rows
