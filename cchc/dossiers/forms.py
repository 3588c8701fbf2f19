from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), widget=forms.Textarea, max_length=2000)
    new_due = forms.DateField(label=_("Ngày hẹn trả mới"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                              widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    authority = forms.CharField(label=_("Thẩm quyền ký (mỗi dòng một cấp, có thể để trống)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}), initial="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, initial="PHÓ CHỦ TỊCH")
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=128)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp hồ sơ (CSV, XLSX hoặc JSON; theo mẫu của CCHC hoặc tên trường của Cổng DVCQG)"))
    source_system = forms.SlugField(label=_("Hệ thống nguồn"), max_length=64, initial="motcua",
                                    help_text=_("Mã hồ sơ là duy nhất trong từng hệ thống nguồn; nhập lại cùng tệp không làm thay đổi dữ liệu."))
