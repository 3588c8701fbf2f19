"""Domain errors and the messages users read about bad input.

Source: STYLE.md §7 and DOMAIN §10: bad input gets a message, in Vietnamese, that names the file, row
and field ("report the row of any that fits none"), and nothing of the input is written.
"""

from __future__ import annotations

import pytest

from cchc.core import i18n
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


# --- Messages in the reader's language (issue 9): the core keeps ids and parameters, the edge translates.

ENGLISH = {"dòng {row}": "row {row}", "trường «{field}»": "field «{field}»",
           "Ngày {day} nằm ngoài lịch làm việc đã nạp ({first}–{last}).":
               "The date {day} is outside the loaded work calendar ({first}–{last}).",
           "Thiếu cột «{name}».": "Missing column «{name}»."}


@pytest.fixture
def english():
    """The edge's translation function, here a table (the core must not import Django)."""
    previous = i18n.install(lambda message: ENGLISH.get(message, message))
    yield
    i18n.install(previous)


def test_an_issue_is_read_in_the_installed_language(english):
    issue = Issue("Thiếu cột «{name}».", file="a.csv", row=1, field="Ma", params={"name": "Ma"})
    assert str(issue) == "a.csv, row 1, field «Ma»: Missing column «Ma»."


def test_a_stored_issue_is_rendered_again_in_each_language(english):
    stored = Issue("Thiếu cột «{name}».", file="a.csv", row=1, field="Ma", params={"name": "Ma"}).to_dict()
    assert stored == {"message": "Thiếu cột «{name}».", "params": {"name": "Ma"}, "file": "a.csv", "row": 1,
                      "field": "Ma"}
    assert str(Issue.from_dict(stored)) == "a.csv, row 1, field «Ma»: Missing column «Ma»."
    i18n.install(lambda message: message)
    assert str(Issue.from_dict(stored)) == "a.csv, dòng 1, trường «Ma»: Thiếu cột «Ma»."


def test_a_translated_message_keeps_its_id_and_parameters(english):
    german = i18n.keeping({"Thiếu cột «{name}».": "Spalte «{name}» fehlt."}.get)
    text = german("Thiếu cột «{name}».").format(name="Ma")
    assert text == "Spalte «Ma» fehlt."
    assert i18n.stored(text) == {"message": "Thiếu cột «{name}».", "params": {"name": "Ma"}}
    assert i18n.render(i18n.stored(text)) == "Missing column «Ma»."


def test_the_calendar_error_carries_an_id_and_parameters(english):
    from datetime import date

    from cchc.core.workdays import DateOutsideCalendar

    error = DateOutsideCalendar(date(2031, 1, 2), date(2024, 1, 1), date(2030, 12, 31))
    assert error.message == "The date 02/01/2031 is outside the loaded work calendar (01/01/2024–31/12/2030)."
    assert error.to_dict()["params"] == {"day": "02/01/2031", "first": "01/01/2024", "last": "31/12/2030"}
    i18n.install(lambda message: message)
    assert error.message == "Ngày 02/01/2031 nằm ngoài lịch làm việc đã nạp (01/01/2024–31/12/2030)."


def test_a_domain_error_message_can_be_replaced():
    error = DomainError("Cũ.")
    error.message = "Mới."
    assert (error.message, str(error), error.to_dict()) == ("Mới.", "Mới.", {"message": "Mới.", "params": {}})
