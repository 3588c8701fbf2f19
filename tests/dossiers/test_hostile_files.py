"""Hostile files (issue #10): every reader is bounded. A file past a limit (bytes, rows, columns, cell length,
unpacked size of an .xlsx) is refused with a Vietnamese message naming the file and the limit, before it is
read whole; a file with no data row is refused, not imported as "0 rows"; a file with thousands of bad rows
lists the first ``IMPORT_MAX_ISSUES`` problems and counts the rest, the same on every channel. The files are
built in the test (tests/dossiers/hostile.py) at modest sizes under lowered limits; bench/hostile_files.py
builds them at full size."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.management import CommandError, call_command

from cchc.core.errors import InvalidInput, Issue
from cchc.dossiers.forms import UploadForm
from cchc.dossiers.models import Dossier
from cchc.dossiers.services import import_dossier_file
from cchc.platform.errors import error_body, job_records
from cchc.platform.tables import read_table
from tests.dossiers import hostile
from tests.dossiers.helpers import OUR_HEADER, counts, csv_bytes, dossier_row


@pytest.fixture
def limits(settings):
    settings.IMPORT_MAX_ROWS = 1000
    settings.IMPORT_MAX_ISSUES = 20
    return settings


def refusal(content: bytes, filename: str) -> list[Issue]:
    """The issues of a file the import refuses, after checking that nothing was written."""
    before = counts()
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(content, filename, source_system="motcua")
    assert counts() == before
    return exc.value.issues


def texts(issues: list[Issue]) -> list[str]:
    return [str(i) for i in issues]


# --- rows ---------------------------------------------------------------------------------------------

def test_an_xlsx_of_many_one_cell_rows_is_refused_at_the_row_limit(ledger, limits):
    assert texts(refusal(hostile.many_rows_xlsx(5000), "dong.xlsx")) == [
        "dong.xlsx: Tệp có hơn 1.000 dòng dữ liệu, vượt giới hạn một lần nhập (IMPORT_MAX_ROWS); hãy chia tệp "
        "thành nhiều phần."]


def test_an_xlsx_whose_dimension_declares_too_many_rows_is_refused(ledger, limits):
    issues = refusal(hostile.many_rows_xlsx(1500, declare=True), "dong.xlsx")
    assert "hơn 1.000 dòng dữ liệu" in issues[0].message


def test_an_xlsx_just_within_the_limit_is_read(limits):
    assert read_table(hostile.many_rows_xlsx(1000), "dong.xlsx").count == 1000


def test_a_json_list_of_empty_objects_is_refused_at_the_row_limit(ledger, limits):
    issues = refusal(hostile.empty_objects_json(100_000), "rong.json")
    assert [(i.file, i.row) for i in issues] == [("rong.json", 1001)]
    assert "hơn 1.000 dòng dữ liệu" in issues[0].message


def test_a_csv_past_the_row_limit_is_refused_before_its_rows_are_checked(ledger, limits):
    issues = refusal(hostile.many_rows_csv(5000), "dong.csv")
    assert texts(issues) == [
        "dong.csv: Tệp có hơn 1.000 dòng dữ liệu, vượt giới hạn một lần nhập (IMPORT_MAX_ROWS); hãy chia tệp thành "
        "nhiều phần."]


def test_a_csv_whose_quoted_cells_span_lines_is_counted_in_rows_not_lines(limits):
    lines = "".join(f'HS-{n},"dòng một\ndòng hai"\n' for n in range(1000))
    assert read_table(("code,note\n" + lines).encode(), "nhieu-dong.csv").count == 1000


def test_the_wrapped_json_form_is_bounded_too(limits):
    with pytest.raises(InvalidInput) as exc:
        read_table(b'{"source": "x", "records": ' + hostile.empty_objects_json(2000) + b"}", "rong.json")
    assert "hơn 1.000 dòng dữ liệu" in exc.value.issues[0].message


# --- bytes, unpacked size, cells, columns, nesting ------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(ledger, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    issues = refusal(b"code\n" + b"x" * (2 * 1024 * 1024), "to.csv")
    assert texts(issues) == ["to.csv: Tệp quá lớn: 2 MB, vượt giới hạn 1 MB một tệp (IMPORT_MAX_BYTES); hãy chia tệp "
                             "thành nhiều phần."]


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(ledger, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 2 * 1024 * 1024
    content = hostile.blank_xlsx(8 * 1024 * 1024)
    assert len(content) < 100_000  # the zip bomb's tell: tiny packed, large unpacked
    issues = refusal(content, "trang.xlsx")
    assert "Tệp Excel khi giải nén lớn 8 MB, vượt giới hạn 2 MB (IMPORT_MAX_UNZIPPED_BYTES)" in issues[0].message


@pytest.mark.parametrize("inside_cell", [True, False])
def test_blanks_longer_than_a_cell_may_be_are_refused_before_openpyxl_reads_them(ledger, settings, inside_cell):
    settings.IMPORT_MAX_CELL_CHARS = 10_000
    issues = refusal(hostile.blank_xlsx(3 * 1024 * 1024, inside_cell=inside_cell), "trang.xlsx")
    assert texts(issues) == ["trang.xlsx: Ô dài hơn 10.000 ký tự, vượt giới hạn (IMPORT_MAX_CELL_CHARS)."]


def test_a_csv_cell_past_the_limit_is_refused_with_its_row(ledger, settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    content = csv_bytes([dossier_row(code="HS-1"), dossier_row(code="HS-2", receipt_number="x" * 5000)], header=OUR_HEADER)
    issues = refusal(content, "dai.csv")
    assert [(i.file, i.row) for i in issues] == [("dai.csv", 3)]
    assert "Ô dài hơn 1.000 ký tự" in issues[0].message


def test_a_json_cell_past_the_limit_is_refused_with_its_record_and_field(settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    with pytest.raises(InvalidInput) as exc:
        read_table(b'[{"code": "HS-1"}, {"code": "' + b"x" * 2000 + b'"}]', "dai.json")
    assert [(i.row, i.field) for i in exc.value.issues] == [(2, "code")]


def test_too_many_columns_are_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    header = ",".join(f"c{n}" for n in range(11)).encode()
    with pytest.raises(InvalidInput) as exc:
        read_table(header + b"\n" + b"," * 10 + b"\n", "rong.csv")
    assert "hơn 10 cột" in exc.value.issues[0].message
    with pytest.raises(InvalidInput) as exc:
        read_table(b"[" + b",".join(b'{"k%d": 1}' % n for n in range(11)) + b"]", "rong.json")
    assert "hơn 10 cột" in exc.value.issues[0].message


@pytest.mark.parametrize(("content", "message"), [
    (hostile.nested_json(100_000), "Tệp JSON lồng nhau quá sâu."),
    (b'[{"code": ' + b"9" * 5000 + b"}]", "Tệp JSON có số quá dài."),
    (b"[{}, {}", "Tệp JSON sai cú pháp: Expecting ',' delimiter."),
    (b"[{}] []", "Tệp JSON sai cú pháp: Extra data."),
])
def test_json_a_parser_cannot_follow_is_refused_by_name(content, message):
    with pytest.raises(InvalidInput) as exc:
        read_table(content, "x.json")
    assert exc.value.issues[0].file == "x.json"
    assert exc.value.issues[0].message == message


# --- no data rows ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "filename"), [
    (hostile.header_only_xlsx(), "rong.xlsx"),
    (b"code,unit_code,procedure_code,status,received_at\n\n\n", "rong.csv"),
    (b"[]", "rong.json"),
])
def test_a_file_without_a_data_row_is_refused_not_imported_as_zero_rows(ledger, content, filename):
    assert texts(refusal(content, filename)) == [
        f"{filename}: Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề, hoặc toàn dòng trống): không có gì để nhập."]


# --- the error list is capped, the same on every channel ------------------------------------------------

@pytest.fixture
def many_bad_rows(ledger, limits):
    """500 rows, each with a bad status: 500 problems."""
    return csv_bytes([dossier_row(code=f"HS-{n}", status="0") for n in range(500)], header=OUR_HEADER)


def test_the_import_keeps_the_first_problems_and_counts_the_rest(many_bad_rows):
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(many_bad_rows, "xau.csv", source_system="motcua")
    assert exc.value.count == 500
    assert len(exc.value.issues) <= 40  # kept while checking: the first ones, not all 500
    assert not Dossier.objects.exists()


def test_the_command_prints_the_first_problems_and_the_count(many_bad_rows, tmp_path, capsys):
    path = tmp_path / "xau.csv"
    path.write_bytes(many_bad_rows)
    with pytest.raises(CommandError) as exc:
        call_command("dossiers", "import", str(path), "--source", "motcua")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 21
    assert lines[-1] == "… và 480 lỗi khác, không liệt kê ở đây (tổng cộng 500 lỗi)."
    assert str(exc.value) == "Có 500 lỗi, không ghi hồ sơ nào."


def test_the_api_body_and_the_job_keep_the_same_list(many_bad_rows):
    with pytest.raises(InvalidInput) as exc:
        import_dossier_file(many_bad_rows, "xau.csv", source_system="motcua")
    body = error_body(exc.value)
    stored = job_records(exc.value, logger=None, job="test", system={})
    assert len(body["issues"]) == len(stored) == 21
    assert body["issues"][-1]["message"] == "… và 480 lỗi khác, không liệt kê ở đây (tổng cộng 500 lỗi)."
    assert [i["row"] for i in body["issues"][:20]] == [i["row"] for i in stored[:20]] == list(range(2, 22))
    assert Issue.from_dict(stored[-1]).text() == body["issues"][-1]["message"]


# --- the page's own size limit --------------------------------------------------------------------------

def test_the_upload_form_refuses_a_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    form = UploadForm({"source_system": "motcua"},
                      {"file": SimpleUploadedFile("to.csv", b"x" * (1024 * 1024 + 1), content_type="text/csv")})
    assert not form.is_valid()
    assert form.errors["file"] == ["Tệp «to.csv» lớn 1.0 MB, vượt giới hạn 1 MB một tệp; hãy chia tệp thành nhiều phần."]


def test_the_upload_page_says_so_and_stores_nothing(users, settings):
    from cchc.dossiers.models import ImportJob
    from tests.factories import client_for

    settings.IMPORT_MAX_BYTES = 1024 * 1024
    response = client_for(user=users["officer"]).post("/dossiers/upload/", {
        "file": SimpleUploadedFile("to.csv", b"x" * (2 * 1024 * 1024), content_type="text/csv"),
        "source_system": "motcua"})
    assert response.status_code == 200
    assert "Tệp «to.csv» lớn 2.0 MB, vượt giới hạn 1 MB một tệp" in response.content.decode()
    assert not ImportJob.objects.exists()


class RecordingHandler(FileUploadHandler):
    """Records each file Django starts to receive (the first handler: nothing else is changed)."""

    started: list[str] = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        RecordingHandler.started.append(file_name)
        return super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(users, settings):
    """The request's length says it is too large: 413 with the limit named, the view never runs and Django
    never starts receiving the file (no temporary file is written)."""
    from cchc.dossiers.models import ImportJob
    from tests.factories import client_for

    settings.UPLOAD_MAX_BYTES = 64 * 1024
    settings.FILE_UPLOAD_HANDLERS = ["tests.dossiers.test_hostile_files.RecordingHandler",
                                     *settings.FILE_UPLOAD_HANDLERS]
    RecordingHandler.started.clear()
    client = client_for(user=users["officer"])
    response = client.post("/dossiers/upload/", {
        "file": SimpleUploadedFile("lon.csv", b"x" * (200 * 1024), content_type="text/csv"), "source_system": "motcua"})
    assert response.status_code == 413
    assert "Tệp gửi lên quá lớn (0.2 MB, tối đa 0.0625 MB một lần gửi)" in response.content.decode()
    assert RecordingHandler.started == [] and not ImportJob.objects.exists()
    # within the limit, the same handler sees the file (the check above is not vacuous)
    client.post("/dossiers/upload/", {
        "file": SimpleUploadedFile("nho.csv", b"x" * 1024, content_type="text/csv"), "source_system": "motcua"})
    assert RecordingHandler.started == ["nho.csv"]


# --- memory stays bounded ---------------------------------------------------------------------------------

def peak_mib(read, *args) -> float:
    """Peak memory (MiB, Python's allocations) of ``read(*args)``, which must refuse its file."""
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput):
            read(*args)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_million_rows_xlsx_costs_the_memory_of_the_limit_not_of_the_file(limits):
    content = hostile.many_rows_xlsx(1_000_000)  # 30 MB of sheet XML; openpyxl alone would keep a million rows
    assert peak_mib(read_table, content, "dong.xlsx") < 10


def test_a_json_of_a_million_empty_objects_costs_the_memory_of_the_limit(limits):
    content = hostile.empty_objects_json(1_000_000)  # 3 MB; parsed whole it would be a million dicts
    assert peak_mib(read_table, content, "rong.json") < 3 * len(content) / 2**20 + 5


def test_refused_cells_leave_no_reference_cycle_for_the_paused_collector():
    """The import pauses the garbage collector (import_pipeline._gc_paused): a refused cell must not keep the
    frames that refused it in a cycle, or a file of 100,000 bad rows holds 300 MB until the import ends."""
    import gc

    from cchc.dossiers import ingest

    table = ingest.read_table(hostile.many_rows_csv(200), "xau.csv")
    gc.collect()
    gc.disable()
    try:
        parsed = ingest.parse_records(table)
        assert len(parsed.issues) >= 400
        del parsed
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("text", [
    "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r", "a,b\n1,2", 'a,b\n"x\ny",2\n', 'a,b\r\n"x\r\ny",2\r\n', "", "a\n\n\nb\n",
])
def test_csv_lines_are_read_as_a_text_stream_reads_them(text):
    """The CSV reader walks the text's lines as slices (tables._lines) instead of copying it into a StringIO."""
    import csv
    import io

    from cchc.platform.tables import _lines

    assert list(csv.reader(_lines(text))) == list(csv.reader(io.StringIO(text, newline="")))
