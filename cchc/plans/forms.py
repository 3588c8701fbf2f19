from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

EVIDENCE_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".zip", ".txt"}


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Nội dung đã thực hiện"), widget=forms.Textarea, max_length=5000)
    evidence = forms.FileField(label=_("Tệp minh chứng"), required=False,
                               help_text=format_lazy(_("PDF, Word, Excel, ảnh hoặc ZIP; tối đa {mb} MB."),
                                                     mb=settings.EVIDENCE_MAX_BYTES // 2**20))

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        if f:
            if Path(f.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
                raise forms.ValidationError(_("Loại tệp không được chấp nhận: {name}.").format(name=f.name))
            if f.size > settings.EVIDENCE_MAX_BYTES:
                raise forms.ValidationError(_("Tệp vượt quá {mb} MB.").format(mb=settings.EVIDENCE_MAX_BYTES // 2**20))
        return f


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kế hoạch (.yaml hoặc .xlsx)"))
