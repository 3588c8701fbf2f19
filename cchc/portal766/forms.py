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


class ListUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách hồ sơ của Cổng (.csv, .xlsx)"),
                           help_text=_("Mỗi dòng một hồ sơ: unit (mã đơn vị trên Cổng), period (2026, Q3/2026, "
                                       "10/2026), indicator (2.1, 5.1, 5.2, 5.4), MaHoSo. Danh sách trong tệp thay "
                                       "danh sách đã nhập của cùng đơn vị, kỳ và chỉ số."))
