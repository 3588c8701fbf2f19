from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    """A PAKN system's export (CSV or XLSX) and the day its states were known."""

    file = forms.FileField(label=_("Tệp phản ánh, kiến nghị (CSV hoặc XLSX)"))
    as_of = forms.DateField(label=_("Số liệu tính đến ngày"), required=False,
                            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
                            help_text=_("Ngày xuất tệp; PAKN chưa xử lý được xét đúng hạn theo ngày này. "
                                        "Để trống: hôm nay."))

    def clean_file(self):
        """The size limit of an imported file (IMPORT_MAX_BYTES), said on the form before it is read."""
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp «%(name)s» lớn %(size)s MB, vượt giới hạn %(limit)s MB một tệp."),
                params={"name": upload.name, "size": f"{upload.size / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"})
        return upload
