"""Opening a season from the page runs on the worker (cchc.parindex.opening): the request checks the form
and queues the work, the page follows its progress (htmx) and then shows the season; a second opening of
the same version is refused while one waits; a failed opening says why and leaves no season, no
assessment and no score (one transaction). The jobs run through the worker's own code
(tests.background.wait_for_background_work)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone, translation

from cchc.parindex import opening, services
from cchc.parindex.models import Assessment, Component, Score, Season, SeasonOpening
from cchc.platform.jobs import write_progress
from tests import factories
from tests.background import wait_for_background_work
from tests.factories import client_for, make_index_version

FORM = {"opens_on": "10/11/2026", "self_due": "30/11/2026", "appraisal_due": "20/12/2026", "response_days": 5,
        "publish_on": "15/03/2027"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def _queue(version, user) -> SeasonOpening:
    return opening.queue(version, opens_on=date(2026, 11, 10), self_due=date(2026, 11, 30),
                         appraisal_due=date(2026, 12, 20), response_days=5, by=user)


def test_the_request_queues_the_opening_and_the_page_follows_it_to_the_season(transactional_db, province, users):
    version = make_index_version()
    officer = client_for(user=users["officer"])
    r = officer.post(reverse("parindex:season_open"), {"version": version.pk, **FORM})
    job = SeasonOpening.objects.get()
    assert r.status_code == 302 and r["Location"] == job.get_absolute_url()
    # Nothing of the season is written in the request: the worker does it.
    assert not Season.objects.exists() and not Assessment.objects.exists()
    assert job.state == SeasonOpening.State.QUEUED and job.created_by == users["officer"]
    with translation.override("vi"):
        waiting = officer.get(r["Location"]).content.decode()
    assert "Đang chờ" in waiting and f'hx-get="{job.get_absolute_url()}"' in waiting and 'hx-trigger="every 1s"' in waiting
    # While it runs, the page reads the figure the job's transaction writes beside it.
    SeasonOpening.objects.filter(pk=job.pk).update(state=SeasonOpening.State.RUNNING)
    write_progress(f"season-opening-{job.pk}", 2, 3)
    with translation.override("vi"):
        running = officer.get(r["Location"], **HTMX).content.decode()
    assert running.startswith('<div class="card" id="season-opening"') and "<html" not in running
    assert "Đã tạo bản tự đánh giá cho 2/3 đơn vị." in running and 'value="66"' in running
    SeasonOpening.objects.filter(pk=job.pk).update(state=SeasonOpening.State.QUEUED)

    assert wait_for_background_work() == 1
    job.refresh_from_db()
    season = Season.objects.get(version=version)
    assert (job.state, job.season, job.done, job.total) == (SeasonOpening.State.DONE, season, 3, 3)
    assert season.assessments.count() == 3 and season.opened_by == users["officer"]
    assert (season.publish_on, season.response_days) == (date(2027, 3, 15), 5)
    assert Score.objects.filter(assessment__season=season).count() == 3 * Component.objects.filter(
        criterion__area__version=version).count()
    # The poll that sees it done sends the browser to the season, where the officer reads how many units.
    done = officer.get(r["Location"], **HTMX)
    assert done["HX-Redirect"] == season.get_absolute_url()
    with translation.override("vi"):
        page = officer.get(season.get_absolute_url()).content.decode()
    assert "Đã mở đợt đánh giá cho 3 đơn vị." in page and "Xã Mỹ Lộc" in page
    # A plain visit later goes to the season too.
    assert officer.get(r["Location"])["Location"] == season.get_absolute_url()


def test_a_second_opening_of_the_version_is_refused_while_one_waits(transactional_db, province, users):
    version = make_index_version()
    _queue(version, users["officer"])
    officer = client_for(user=users["officer"])
    with translation.override("vi"):
        again = officer.post(reverse("parindex:season_open"), {"version": version.pk, **FORM})
    assert again.status_code == 200 and "Bộ chỉ số này đang được mở đợt đánh giá." in again.content.decode()
    assert SeasonOpening.objects.count() == 1
    # The form's checks still run in the request: dates out of order are refused before anything is queued.
    bad = officer.post(reverse("parindex:season_open"), {"version": version.pk, **FORM, "opens_on": "01/12/2026"})
    assert bad.status_code == 200 and SeasonOpening.objects.count() == 1


def test_a_failure_midway_leaves_no_season_and_the_page_says_why(transactional_db, province, users):
    """A computed criterion whose stored rule is broken (thresholds that are not numbers) fails on the one
    unit with a figure for it, Xã Mỹ Đức, the last of the three by name: the two units before it are
    rolled back with the season."""
    version = make_index_version()
    Component.objects.filter(criterion__area__version=version, code="3.1.1").update(
        rule={"source": "kpi", "kpi": "ontime_rate", "scale": "thresholds", "thresholds": [["nhiều", 4]]})
    start = date(2026, 1, 1)
    factories.make_kpi_value(unit=province.commune, code="received", start=start, kind="year", value=25,
                             numerator=25, as_of=timezone.now())
    factories.make_kpi_value(unit=province.commune, code="ontime_rate", start=start, kind="year", value=96,
                             numerator=24, denominator=25, as_of=timezone.now())
    job = _queue(version, users["officer"])
    wait_for_background_work()
    job.refresh_from_db()
    assert job.state == SeasonOpening.State.FAILED and job.season is None
    assert not Season.objects.exists() and not Assessment.objects.exists() and not Score.objects.exists()
    officer = client_for(user=users["officer"])
    with translation.override("vi"):
        page = officer.get(job.get_absolute_url()).content.decode()
    assert "Không mở được" in page and "không có dữ liệu nào được ghi" in page
    assert "Lỗi hệ thống khi mở đợt đánh giá; xem nhật ký máy chủ." in page and "hx-get" not in page
    with translation.override("vi"):
        index = officer.get(reverse("parindex:index")).content.decode()
    assert job.get_absolute_url() in index  # to find it again, and open again from the form


def test_the_worker_checks_again_and_words_the_problem_in_the_readers_language(transactional_db, province, users):
    """Opened meanwhile by another way (the demo, a second server): the queued opening fails with the
    rule's message, stored as its id and shown in each reader's language; nothing is written twice."""
    version = make_index_version()
    job = _queue(version, users["officer"])
    season = factories.make_season(by=users["officer"], version=version)
    wait_for_background_work()
    job.refresh_from_db()
    assert job.state == SeasonOpening.State.FAILED and Season.objects.get() == season
    assert Assessment.objects.count() == 3
    officer = client_for(user=users["officer"])
    with translation.override("vi"):
        assert "Bộ chỉ số này đã có đợt đánh giá." in officer.get(job.get_absolute_url()).content.decode()
    officer.cookies["django_language"] = "en"
    with translation.override("en"):
        english = officer.get(job.get_absolute_url()).content.decode()
    assert "This index version already has a season." in english and "Could not open" in english


def test_only_the_par_officer_follows_an_opening(transactional_db, province, users):
    version = make_index_version()
    job = _queue(version, users["officer"])
    for who in ("leader", "focal_commune"):
        assert client_for(user=users[who]).get(job.get_absolute_url()).status_code == 403
    assert client_for(user=users["admin"]).get(job.get_absolute_url()).status_code == 200
    # The rule is the service's: the worker refuses an opening its asker may no longer do.
    assert services.check_opening(version, opens_on=job.opens_on, self_due=job.self_due,
                                  appraisal_due=job.appraisal_due, response_days=5, by=users["officer"])
