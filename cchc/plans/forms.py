from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.platform import evidence as evidence_files


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Nội dung đã thực hiện"), widget=forms.Textarea, max_length=5000)
    evidence = forms.FileField(label=_("Tệp minh chứng"), required=False,
                               help_text=evidence_files.limit_text())

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        problems = evidence_files.problems(f)
        if problems:
            raise forms.ValidationError(problems)
        return f


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kế hoạch (.yaml hoặc .xlsx)"))
