"""A failed document generation keeps why as message ids and parameters (cchc.platform.errors.job_records)
and the document's page says it in the reader's language, whatever language the job ran in."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from cchc.reporting import documents
from cchc.reporting.models import GeneratedDocument
from tests.factories import client_for


def _document(period, user, report=None, **options) -> GeneratedDocument:
    base = {**documents.default_options(period, report), "issued_on": "2022-04-15", "signer_name": "Trần Thị B"}
    base["issued_on"] = str(base["issued_on"])
    return GeneratedDocument.objects.create(period=period, report=report, created_by=user, options={**base, **options})


def _page(user, doc, language: str) -> str:
    client = client_for(user=user)
    client.cookies["django_language"] = language
    with translation.override("vi"):  # the middleware activates the cookie's language; leave it as it was
        return client.get(reverse("reporting:document", args=[doc.pk])).content.decode()


def test_a_missing_libreoffice_is_said_in_english_and_the_word_file_stays(period, users, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this server: the PDF step fails
    doc = _document(period, users["officer"])
    with translation.override("vi"):  # the job runs in the site's language
        documents.run(doc.pk)
    doc.refresh_from_db()
    assert doc.state == GeneratedDocument.State.FAILED and doc.docx and doc.xlsx and not doc.pdf
    assert doc.errors == [{"message": (
        "Máy chủ chưa cài LibreOffice (lệnh soffice) nên chưa tạo được bản PDF. Quản trị viên cài gói "
        "libreoffice-writer-nogui rồi thử lại; bản Word (DOCX) vẫn tải về được."), "params": {}}]
    english = _page(users["officer"], doc, "en")
    assert "LibreOffice (the soffice command) is not installed on the server" in english
    assert "Máy chủ chưa cài" not in english
    assert "Máy chủ chưa cài LibreOffice" in _page(users["officer"], doc, "vi")


def test_a_refusal_with_parameters_is_said_in_english(period, report, province, users):
    """The unit ended before the period: content.collect refuses, naming the unit and the period."""
    province.commune.valid_to = date(2021, 12, 31)
    province.commune.save()
    doc = _document(period, users["officer"], report)
    with translation.override("vi"):
        documents.run(doc.pk)
    doc.refresh_from_db()
    assert doc.state == GeneratedDocument.State.FAILED
    [entry] = doc.errors
    assert entry["message"] == "{unit} không tồn tại trong kỳ báo cáo {period}."
    assert entry["params"]["unit"] == "Xã Mỹ Đức"
    english = _page(users["officer"], doc, "en")
    assert "Xã Mỹ Đức did not exist during the reporting period Quarter I, 2022." in english
    assert "không tồn tại trong kỳ báo cáo" not in english
    assert "Xã Mỹ Đức không tồn tại trong kỳ báo cáo Quý I/2022." in _page(users["officer"], doc, "vi")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_unexpected_failure_says_see_the_log_in_the_readers_language(period, users, language, caplog):
    doc = _document(period, users["officer"], issued_on="not a day")  # a broken row: ValueError in the job
    documents.run(doc.pk)
    doc.refresh_from_db()
    assert doc.errors == [{"message": "Lỗi hệ thống khi tạo văn bản; xem nhật ký máy chủ.", "params": {}}]
    assert "document generation" in caplog.text  # the traceback went to the log
    expected = {"en": "System error while creating the document; see the server log.",
                "vi": "Lỗi hệ thống khi tạo văn bản; xem nhật ký máy chủ."}[language]
    assert expected in _page(users["officer"], doc, language)
