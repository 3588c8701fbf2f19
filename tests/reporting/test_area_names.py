"""A standard reform area's name (cchc.core.reporting.DEFAULT_AREAS) is stored as a copy by plans and
report narratives; wherever it is shown it reads in the reader's language (cchc.core.reporting.area_name),
while a plan's own wording is shown as written."""

from __future__ import annotations

import unicodedata

import pytest
from django.utils import translation

from cchc.core.reporting import DEFAULT_AREAS, area_name
from cchc.plans.models import PlanArea
from tests.factories import client_for

ENGLISH = {
    "CDDH": "Direction and management of reform", "TC": "Institutional reform",
    "TTHC": "Administrative procedure reform", "TCBM": "Reform of the state administrative apparatus",
    "CV": "Civil service reform", "TCC": "Public finance reform",
    "CQDT": "Building and developing e-government and digital government",
}


@pytest.mark.parametrize(("code", "name"), DEFAULT_AREAS)
def test_a_standard_name_reads_in_the_readers_language(code, name):
    with translation.override("en"):
        assert area_name(name) == ENGLISH[code]
        assert area_name(f" {unicodedata.normalize('NFD', name)} ") == ENGLISH[code]  # a copy as another system wrote it
    with translation.override("vi"):
        assert area_name(name) == name


@pytest.mark.parametrize("name", ["Cải cách hành chính trong lĩnh vực đất đai", "Chuyển đổi số", ""])
def test_a_plans_own_wording_is_shown_as_written(name):
    with translation.override("en"):
        assert area_name(name) == name


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("en", ["Administrative procedure reform", "Direction and management of reform"], ["Cải cách thủ tục hành chính"]),
    ("vi", ["Cải cách thủ tục hành chính", "Công tác chỉ đạo, điều hành"], ["Administrative procedure reform"]),
])
def test_the_report_and_plan_pages_name_the_areas_in_the_readers_language(report, plan, users, language, shown,
                                                                          not_shown):
    focal = client_for(user=users["focal_commune"])
    focal.cookies["django_language"] = language
    officer = client_for(user=users["officer"])
    officer.cookies["django_language"] = language
    area = PlanArea.objects.get(plan=plan, code="TTHC")
    target = area.targets.first()
    with translation.override("vi"):  # the middleware activates the cookie's language; leave it as it was
        pages = {
            "report": focal.get(report.get_absolute_url()).content.decode(),
            "plan": officer.get(f"/plans/{plan.code}/").content.decode(),
            "target": officer.get(f"/plans/targets/{target.pk}/").content.decode(),
        }
    for page, html in pages.items():
        assert all(text in html for text in shown[:1]), (page, [t for t in shown if t not in html])
        assert not any(text in html for text in not_shown), page
    assert all(text in pages["report"] for text in shown) and all(text in pages["plan"] for text in shown)
