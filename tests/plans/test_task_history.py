"""A task's business history on its own page (issue #12, item 4): the task, its assignments and progress
reports, read by ``cchc.accounts.audit.audit_rows`` as on the audit page."""

from __future__ import annotations

import re

from django.urls import reverse

from cchc.accounts.audit import audit_url
from cchc.plans.models import Assignment, Task
from cchc.plans.services import report_progress
from tests.factories import client_for


def test_the_task_history_names_the_progress_and_who_reported_it(plan, users, province):
    task = Task.objects.get(plan=plan, code="NV02")
    assignment = Assignment.objects.get(task=task, unit=province.commune)
    report_progress(user=users["focal_commune"], assignment=assignment, progress=30, note="Đã số hóa 30 hồ sơ")

    detail = client_for(user=users["focal_commune2"]).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert reverse("plans:task_history", args=[task.pk]) in detail
    page = client_for(user=users["focal_commune2"]).get(reverse("plans:task_history", args=[task.pk])).content.decode()
    assert "<b>Tiến độ (%)</b>: 0 → 30" in page
    assert "Người focal_commune" in page and "Xã Mỹ Đức" in page and "Đã số hóa 30 hồ sơ" in page
    assert reverse("accounts:audit") not in page  # a focal point has no audit page to go to

    officer = client_for(user=users["officer"]).get(reverse("plans:task_history", args=[task.pk])).content.decode()
    assert audit_url(Task, task.pk).replace("&", "&amp;") in officer


def test_the_task_history_page_has_a_plain_title(plan, users):
    task = Task.objects.get(plan=plan, code="NV02")
    page = client_for(user=users["leader"]).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert re.search(r"<title>NV02 · CCHC</title>", page)
