from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ApologyForm(forms.Form):
    """The apology letter's inputs. Each message names its field, because the page lists them together
    with the rules' refusals (cchc.dossiers.apologies); the rules themselves live in the service."""

    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), widget=forms.Textarea, max_length=2000,
                             error_messages={"required": _("Phải nêu lý do chậm trả kết quả.")})
    new_due = forms.DateField(label=_("Ngày hẹn trả mới"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                              widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
                              error_messages={"required": _("Phải ghi ngày hẹn trả mới."),
                                              "invalid": _("Ngày hẹn trả mới phải viết theo dạng ngày/tháng/năm, ví dụ 20/03/2026.")})
    authority = forms.CharField(label=_("Thẩm quyền ký (mỗi dòng một cấp, có thể để trống)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}), initial="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, initial="PHÓ CHỦ TỊCH",
                                   error_messages={"required": _("Phải ghi chức vụ người ký.")})
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=128,
                                  error_messages={"required": _("Phải ghi họ và tên người ký.")})


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp hồ sơ (CSV, XLSX hoặc JSON; theo mẫu của CCHC hoặc tên trường của Cổng DVCQG)"))
    source_system = forms.SlugField(label=_("Hệ thống nguồn"), max_length=64, initial="motcua",
                                    help_text=_("Mã hồ sơ là duy nhất trong từng hệ thống nguồn; nhập lại cùng tệp không làm thay đổi dữ liệu."))
    valid_rows = forms.BooleanField(label=_("Nhập các dòng hợp lệ, trả lại các dòng lỗi"), required=False,
                                    help_text=_("Mặc định, tệp có dòng lỗi không được ghi gì. Khi chọn, các dòng hợp lệ được ghi và "
                                                "các dòng lỗi được trả lại thành một tệp cùng định dạng, thêm cột «Lỗi»."))

    def clean_file(self):
        """The size limit of an imported file (IMPORT_MAX_BYTES), said on the form before the file is stored."""
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp «%(name)s» lớn %(size)s MB, vượt giới hạn %(limit)s MB một tệp; hãy chia tệp thành nhiều phần."),
                params={"name": upload.name, "size": f"{upload.size / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"})
        return upload
