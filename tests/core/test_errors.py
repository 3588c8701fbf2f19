"""Domain errors and the messages users read about bad input.

Source: STYLE.md §7 and DOMAIN §10: bad input gets a message, in Vietnamese, that names the file, row
and field ("report the row of any that fits none"), and nothing of the input is written.
"""

from __future__ import annotations

import pytest

from cchc.core.errors import DomainError, InvalidInput, Issue, NotAllowed, NotFound


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        (Issue("Thiếu giá trị bắt buộc.", file="tệp.yaml", row=3, field="code"),
         "tệp.yaml, dòng 3, trường «code»: Thiếu giá trị bắt buộc."),
        (Issue("Ngày không hợp lệ.", file="ke-hoach.xlsx", row=12),
         "ke-hoach.xlsx, dòng 12: Ngày không hợp lệ."),
        (Issue("Tiến độ phải từ 0 đến 100.", field="progress"),
         "trường «progress»: Tiến độ phải từ 0 đến 100."),
        (Issue("Tệp trống.", file="ho-so.csv"), "ho-so.csv: Tệp trống."),
        (Issue("Sai tiêu đề.", row=0), "dòng 0: Sai tiêu đề."),
        (Issue("Không đọc được tệp."), "Không đọc được tệp."),
    ],
    ids=["file-row-field", "file-row", "field-only", "file-only", "row-zero-is-a-row", "no-location"],
)
def test_issue_str(issue, expected):
    assert str(issue) == expected


def test_issue_location_without_message():
    assert Issue("x", file="tệp.yaml", row=3, field="code").location() == "tệp.yaml, dòng 3, trường «code»"
    assert Issue("x").location() == ""


def test_invalid_input_message_joins_issues():
    error = InvalidInput([
        Issue("Thiếu giá trị bắt buộc.", file="tệp.yaml", row=3, field="code"),
        Issue("Ngưỡng phải là số, nhận được «abc».", file="tệp.yaml", row=7, field="thresholds.value"),
    ])
    expected = ("tệp.yaml, dòng 3, trường «code»: Thiếu giá trị bắt buộc.; "
                "tệp.yaml, dòng 7, trường «thresholds.value»: Ngưỡng phải là số, nhận được «abc».")
    assert error.message == expected
    assert str(error) == expected
    assert len(error.issues) == 2


def test_invalid_input_message_names_at_most_twenty_issues_but_keeps_all():
    issues = [Issue("Sai.", file="f.csv", row=n) for n in range(1, 26)]
    error = InvalidInput(issues)
    assert error.message.count("Sai.") == 20
    assert "dòng 20:" in error.message
    assert "dòng 21:" not in error.message
    assert error.issues == issues


def test_invalid_input_is_a_domain_error_that_can_be_raised():
    with pytest.raises(DomainError) as caught:
        raise InvalidInput([Issue("Tệp trống.", file="a.csv")])
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.message == "a.csv: Tệp trống."


@pytest.mark.parametrize("cls", [DomainError, NotAllowed, NotFound], ids=lambda c: c.__name__)
def test_domain_errors_carry_their_message(cls):
    error = cls("Không có quyền.")
    assert isinstance(error, DomainError)
    assert error.message == "Không có quyền."
    assert str(error) == "Không có quyền."
