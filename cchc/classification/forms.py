from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.analytics.choices import kpi_name_of
from cchc.core import kpis

from .choices import LevelChoices, ReminderAbout


def _kpi_choices():
    codes = sorted({d.code for d in kpis.KPIS})
    return [("", "—"), *((c, kpi_name_of(c)) for c in codes)]


class ReminderForm(forms.Form):
    """A reminder (nhắc nhở, chấn chỉnh) given to a unit, with the dossiers or the figure it was about."""

    on = forms.DateField(label=_("Ngày nhắc nhở"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                         widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    about = forms.ChoiceField(label=_("Về việc"), choices=ReminderAbout.choices, initial=ReminderAbout.LATE_DOSSIERS)
    text = forms.CharField(label=_("Nội dung nhắc nhở"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    document = forms.CharField(label=_("Văn bản nhắc nhở (số, ký hiệu)"), max_length=128, required=False)
    dossiers = forms.CharField(label=_("Mã hồ sơ liên quan"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Mỗi mã một dòng hoặc cách nhau bằng dấu phẩy; phải là hồ sơ của đơn vị."))
    kpi_code = forms.ChoiceField(label=_("Chỉ số liên quan"), required=False, choices=_kpi_choices)
    period_start = forms.DateField(label=_("Tháng của số liệu"), required=False, input_formats=["%m/%Y", "%Y-%m"],
                                   widget=forms.TextInput(attrs={"placeholder": "mm/yyyy"}),
                                   help_text=_("Tháng của số liệu được nhắc nhở, ví dụ 09/2025."))

    def dossier_codes(self) -> list[str]:
        raw = self.cleaned_data.get("dossiers") or ""
        return [c for part in raw.replace(",", "\n").splitlines() if (c := part.strip())]


class ConfirmForm(forms.Form):
    """The PAR officer's decision: the proposed level, or another with a reason."""

    level = forms.ChoiceField(label=_("Mức xếp loại"), choices=LevelChoices.choices)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=5000, help_text=_("Bắt buộc khi xếp loại khác mức đề xuất."))
