from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp công bố, công khai TTHC (CSV hoặc XLSX)"),
                           help_text=_("Các cột: procedure_code, unit, decision_number, decision_date, effective_date, "
                                       "published_on, parts, level. Nhập lại cùng tệp không làm thay đổi dữ liệu."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("Tệp «%(name)s» vượt giới hạn %(limit)s MB một tệp."),
                                        params={"name": upload.name, "limit": limit // (1024 * 1024)})
        return upload
