from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RespondForm(forms.Form):
    """The unit's answer to a corrective action requirement."""

    explanation = forms.CharField(label=_("Giải trình nguyên nhân không đạt"), widget=forms.Textarea, max_length=5000)
    action = forms.CharField(label=_("Biện pháp khắc phục"), widget=forms.Textarea, max_length=5000)
    responsible = forms.CharField(label=_("Người chịu trách nhiệm"), max_length=255,
                                  help_text=_("Họ tên, chức vụ của người chịu trách nhiệm thực hiện."))
    due_date = forms.DateField(label=_("Hạn hoàn thành"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))


class DecideForm(forms.Form):
    """The PAR officer's decision on a unit's answer."""

    decision = forms.ChoiceField(label=_("Kết luận"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Xác nhận đơn vị đã khắc phục")),
        ("return", _("Trả lại để đơn vị bổ sung")),
    ])
    note = forms.CharField(label=_("Ý kiến của Sở Nội vụ"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=5000, help_text=_("Bắt buộc khi trả lại."))
