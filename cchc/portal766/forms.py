from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.portal766 import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp JSON điểm 766 do Cổng Dịch vụ công quốc gia công bố"),
                           help_text=_("Dạng tổng hợp (điểm nhóm, thứ hạng) hoặc chi tiết từng chỉ số; nhập lại cùng "
                                       "tệp không làm thay đổi dữ liệu."))

    def clean_file(self):
        """The size limit, said on the form before the file is read."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp «%(name)s» lớn %(size)s MB, vượt giới hạn %(limit)s MB."),
                params={"name": upload.name, "size": f"{upload.size / 2**20:.1f}", "limit": f"{MAX_BYTES / 2**20:.0f}"})
        return upload
