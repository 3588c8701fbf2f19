"""Refused input lands on the form that sent it (cchc.platform.forms.issues_to_form), and an issue about a
field the form does not have is still shown, as a non-field error, instead of raising ValueError."""

from __future__ import annotations

from django import forms

from cchc.core.errors import InvalidInput, Issue
from cchc.platform.forms import issues_to_form


class ProgressForm(forms.Form):
    progress = forms.IntegerField()
    note = forms.CharField(required=False)


def test_each_issue_goes_to_its_field_and_an_unknown_field_to_the_form():
    form = ProgressForm({"progress": "70", "note": "xong"})
    assert form.is_valid()
    issues_to_form(form, InvalidInput(issues=[
        Issue("Tiến độ không được giảm.", field="progress"),
        Issue("Tệp minh chứng quá lớn.", field="evidence"),  # the service's name; the form has no such field
        Issue("Báo cáo đã khóa."),
    ]))
    assert not form.is_valid()
    assert form.errors["progress"] == ["Tiến độ không được giảm."]
    assert form.non_field_errors() == ["Tệp minh chứng quá lớn.", "Báo cáo đã khóa."]
    assert "evidence" not in form.errors
    assert "progress" not in form.cleaned_data and form.cleaned_data["note"] == "xong"
