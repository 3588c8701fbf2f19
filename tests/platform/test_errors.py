"""The one mapping (cchc.platform.errors.describe): every kind of failure, its status and code, worked out
by hand (a rule refusing in the present state is 409, a parameter that does not validate 422, anything
unforeseen 500 with no cause shown); and pydantic's error types in words."""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest, DisallowedHost, PermissionDenied
from django.http import Http404
from django.utils import translation
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as RequestInvalid

from cchc.core.errors import DomainError, InvalidInput, Issue, NotAllowed, NotFound
from cchc.platform.errors import CsrfFailed, _field_message, describe, error_body, issue_text


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (InvalidInput(issues=[Issue("x", field="f")]), 400, "invalid_input"),
        (NotAllowed("x"), 403, "forbidden"),
        (NotFound("x"), 404, "not_found"),
        (DomainError("x"), 409, "refused"),
        (Http404("No Plan matches the given query."), 404, "not_found"),
        (PermissionDenied(), 403, "forbidden"),
        (CsrfFailed(), 403, "csrf_failed"),
        (RequestInvalid([{"loc": ("query", "year"), "type": "int_parsing"}]), 422, "invalid_request"),
        (AuthenticationError(), 401, "unauthenticated"),
        (HttpError(403, "CSRF check Failed"), 403, "csrf_failed"),
        (HttpError(400, "Cannot parse request body"), 400, "unreadable_request"),
        (Throttled(wait=5), 429, "too_many_requests"),
        (DisallowedHost("evil"), 400, "bad_request"),
        (BadRequest(), 400, "bad_request"),
        (RuntimeError("boom"), 500, "server_error"),
        (None, 500, "server_error"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, (int, str)) else str(v),
)
def test_each_failure_has_one_status_and_code(exc, status, code):
    failure = describe(exc)
    assert (failure.status, failure.code) == (status, code)
    assert failure.detail
    assert "boom" not in failure.detail and "No Plan matches" not in failure.detail


def test_the_body_names_file_row_and_field():
    exc = InvalidInput(issues=[Issue("Sai mã.", file="a.csv", row=3, field="code"), Issue("Thiếu kỳ.")])
    with translation.override("vi"):
        assert error_body(exc) == {
            "detail": "a.csv, dòng 3, trường «code»: Sai mã.; Thiếu kỳ.",
            "code": "invalid_input",
            "issues": [{"file": "a.csv", "row": 3, "field": "code", "message": "Sai mã."},
                       {"file": "", "row": None, "field": "", "message": "Thiếu kỳ."}],
        }


def test_an_issue_is_located_in_the_readers_language():
    issue = Issue("Sai mã.", file="a.csv", row=3, field="code")
    with translation.override("vi"):
        assert issue_text(issue) == "a.csv, dòng 3, trường «code»: Sai mã."
    with translation.override("en"):
        assert issue_text(issue) == "a.csv, row 3, field «code»: Sai mã."


def test_a_request_field_is_named_without_its_source_or_the_body_parameter():
    exc = RequestInvalid([{"loc": ("body", "batch", "records", 0), "type": "dict_type"},
                          {"loc": ("query", "as_of"), "type": "date_parsing"},
                          {"loc": ("body", "batch"), "type": "missing"}])
    assert [i.field for i in describe(exc).issues] == ["records.0", "as_of", "batch"]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("missing", "Thiếu giá trị bắt buộc."),
        ("int_parsing", "Phải là số nguyên."),
        ("int_from_float", "Phải là số nguyên."),
        ("decimal_parsing", "Phải là một số."),
        ("string_type", "Phải là chuỗi ký tự."),
        ("string_too_long", "Độ dài không hợp lệ."),
        ("date_from_datetime_parsing", "Phải là ngày dạng yyyy-mm-dd."),
        ("list_type", "Phải là một danh sách."),
        ("model_attributes_type", "Phải là một đối tượng JSON (các cặp khóa–giá trị)."),
        ("json_invalid", "Không phải JSON hợp lệ."),
        ("string_pattern_mismatch", "Giá trị không hợp lệ."),
        ("greater_than_equal", "Giá trị không hợp lệ."),
    ],
)
def test_pydantic_error_types_in_words(kind, words):
    with translation.override("vi"):
        assert str(_field_message(kind)) == words
