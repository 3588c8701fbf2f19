"""The index versions' pages: who may open what (every URL name of the versions × every role, plus the
appraiser and an integration account), the list with the illustrative mark and the national structures
as reference, a version's tree, the upload (all or nothing, the issues named on the page) and the
downloads."""

from __future__ import annotations

import io

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc.accounts.models import Role
from cchc.parindex import structure
from cchc.parindex.models import IndexVersion
from tests.factories import client_for, make_integration_user, make_user
from tests.parindex.test_structure import VERSION_ROW, rows_small, xlsx
from tests.permission_matrix import ROLES, check_cell, url_names

# fmt: off
EXPECTED = {
    #                              anon admin offic lead  insp  f_snv f_dist f_com f_com2
    "parindex:versions":         (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "parindex:version":          (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "parindex:version_upload":   (302, 200,  200,  403,  403,  403,  403,   403,  403),
    "parindex:version_xlsx":     (302, 200,  200,  200,  200,  200,  200,   200,  200),
    "parindex:version_yaml":     (302, 200,  200,  200,  200,  200,  200,   200,  200),
}
# fmt: on


@pytest.fixture
def versions(db):
    return structure.load_illustrative()


def url_of(name: str, versions) -> str:
    return reverse(name, args=[versions[1].pk]) if name in {"parindex:version", "parindex:version_xlsx",
                                                            "parindex:version_yaml"} else reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_status_of_every_page_for_every_role(name, role, versions, users):
    url = url_of(name, versions)
    check_cell(EXPECTED, name, role, users, url, redirect=lambda: f"/login/?next={url}")


def test_every_url_of_the_versions_has_a_row():
    names = {n for n in url_names() if n.startswith("parindex:version")}
    assert "parindex:versions" in names, "the walk must see the namespace, or this test could never fail"
    assert names == set(EXPECTED)


def test_an_appraiser_reads_and_an_integration_account_does_not(versions, province):
    appraiser = client_for(user=make_user(username="thamdinh", role=Role.APPRAISER))
    assert appraiser.get(reverse("parindex:version", args=[versions[0].pk])).status_code == 200
    assert appraiser.get(reverse("parindex:version_upload")).status_code == 403
    machine = client_for(user=make_integration_user())
    for name in ("parindex:versions", "parindex:version_yaml"):
        assert machine.get(url_of(name, versions)).status_code == 403


def test_the_list_marks_the_illustrative_and_shows_the_national_counts(versions, users):
    page = client_for(user=users["leader"]).get(reverse("parindex:versions")).content.decode()
    for text in ("Bộ Chỉ số CCHC khối xã, phường năm 2026 (minh họa)", "Khối xã, phường", "Khối sở, ban, ngành",
                 "minh họa", "876/QĐ-BNV", "8 / 37 / 88", "8 / 43 / 95", "1187/QĐ-BNV", "chưa tìm thấy",
                 "Đang áp dụng"):
        assert text in page, text
    assert "2026" in page and "2.026" not in page
    assert 'id="upload"' not in page
    assert 'id="upload"' in client_for(user=users["officer"]).get(reverse("parindex:versions")).content.decode()


def test_a_version_shows_its_tree_with_points_methods_rules_and_applicability(versions, users):
    page = client_for(user=users["focal_commune"]).get(reverse("parindex:version", args=[versions[1].pk]))
    text = page.content.decode()
    for words in ("8 lĩnh vực, 22 tiêu chí, 29 tiêu chí thành phần", "Cải cách thủ tục hành chính", "Khối xã, phường",
                  "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "Tính từ số liệu CCHC", "Điều tra xã hội học",
                  "Theo chỉ số ontime_rate: từ 98: 7 điểm; từ 95: 6 điểm", "Đơn vị có giải quyết TTHC",
                  "Nhóm A ≥ 90%", "mặc định quốc gia", "Bộ chỉ số minh họa, không phải quyết định thật của tỉnh.",
                  "Theo tỷ lệ báo cáo định kỳ gửi đúng hạn: từ 100: 2 điểm; từ 90: 1,5 điểm"):
        assert words in text, words


def test_the_downloads_are_the_version(versions, users):
    client = client_for(user=users["inspector"])
    response = client.get(reverse("parindex:version_yaml", args=[versions[0].pk]))
    assert 'filename="minh-hoa-so-nganh-2026.yaml"' in response["Content-Disposition"]
    assert yaml.safe_load(response.content)["version"]["code"] == "minh-hoa-so-nganh-2026"
    response = client.get(reverse("parindex:version_xlsx", args=[versions[0].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Bộ chỉ số" and sheet["B2"].value == "minh-hoa-so-nganh-2026"


def _upload(client: Client, content: bytes, name: str, **extra):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("parindex:version_upload"), {"file": upload, **extra})


def test_the_officer_uploads_a_file_and_a_superseding_one(users, db):
    client = Client(enforce_csrf_checks=False)
    client.force_login(users["officer"])
    response = _upload(client, xlsx(rows_small()), "xa.xlsx")
    version = IndexVersion.objects.get(code="xa-2027")
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert version.created_by == users["officer"]
    response = _upload(client, xlsx(rows_small(), version=["Bộ chỉ số", "xa-2027-b", *VERSION_ROW[2:]]), "b.xlsx",
                       supersedes="xa-2027")
    assert response.status_code == 302
    page = client.get(reverse("parindex:version", args=[version.pk])).content.decode()
    assert "Đã được thay thế" in page and "xa-2027-b" in page


def test_a_bad_upload_names_file_row_and_field_and_writes_nothing(users, db):
    rows = rows_small()
    rows[2][4] = 15
    response = _upload(client_for(user=users["admin"]), xlsx(rows), "xa.xlsx")
    assert response.status_code == 200
    text = response.content.decode()
    assert "xa.xlsx, dòng 4, trường «Điểm tối đa»: Tổng điểm các tiêu chí thành phần (55) khác điểm tối đa của " \
           "tiêu chí (60)." in text
    assert IndexVersion.objects.count() == 0
    response = _upload(client_for(user=users["admin"]), b"\x00\x01binary", "x.xlsx")
    assert response.status_code == 200 and "Không đọc được tệp Excel" in response.content.decode()


def test_a_focal_point_cannot_upload(users, db):
    response = _upload(client_for(user=users["focal_commune"]), xlsx(rows_small()), "xa.xlsx")
    assert response.status_code == 403 and IndexVersion.objects.count() == 0


def test_the_pages_and_the_issues_read_in_english(versions, users):
    client = client_for(user=users["officer"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("parindex:version", args=[versions[1].pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("8 areas, 22 criteria, 29 component criteria", "Scoring method", "national default", "Group A ≥ 90%",
                  "From indicator ontime_rate: from 98: 7 points", "from 90: 1.5 points"):
        assert words in page, words
    rows = rows_small()
    rows[2][4] = 15
    upload = io.BytesIO(xlsx(rows))
    upload.name = "xa.xlsx"
    text = client.post(reverse("parindex:version_upload"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "xa.xlsx, row 4, field «Điểm tối đa»: The component criteria add up to 55, not the criterion&#x27;s " \
           "maximum (60)." in text


def test_a_version_with_its_own_bands_shows_them(versions, users):
    version = versions[0]
    version.bands = [{"code": "T", "label": "Tốt", "min_pct": 85}, {"code": "K", "label": "Khá", "min_pct": 70}]
    version.save()
    page = client_for(user=users["leader"]).get(reverse("parindex:version", args=[version.pk])).content.decode()
    assert "Tốt ≥ 85%; Khá ≥ 70%" in page and "(mặc định quốc gia)" not in page and "Khối sở, ban, ngành" in page


def test_the_par_index_page_leads_to_the_versions_for_those_who_may_read_them(users, db):
    """The menu's "Chỉ số CCHC" opens /par-index/, which links to the versions (one menu entry, not three)."""
    link = f'href="{reverse("parindex:versions")}"'
    for role in ("officer", "leader", "inspector", "focal_commune"):
        home = client_for(user=users[role]).get(reverse("home"), follow=True).content.decode()
        assert f'href="{reverse("parindex:index")}"' in home, role
        assert link in client_for(user=users[role]).get(reverse("parindex:index")).content.decode(), role
    appraiser = make_user(username="thamdinh", role=Role.APPRAISER)
    assert link in client_for(user=appraiser).get(reverse("parindex:index")).content.decode()
