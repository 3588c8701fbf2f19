from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cchc.core.inspection import DEFAULT_RANDOM_SHARE, DEFAULT_SHARE, DEFAULT_WEIGHTS, PAR_AREAS, RiskInput
from cchc.platform.evidence import limit_text
from cchc.units.choices import BlockChoices

from .choices import AREA_CHOICES, Mode, Severity, area_label, input_label

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, help_text=help_text,
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))


class DrawForm(forms.Form):
    """The PAR officer's draw: the year, the block, the share (from the plan target by default), the random
    part, the weights of the risk inputs (defaults [I] shown) and an optional seed."""

    province = forms.TypedChoiceField(label=_("Tỉnh"), coerce=int)
    year = forms.IntegerField(label=_("Năm"), min_value=2018, max_value=2100)
    block = forms.ChoiceField(label=_("Khối"), choices=[(b.value, b.label) for b in BlockChoices if b.value != "province"])
    share = forms.DecimalField(label=_("Tỷ lệ đơn vị được kiểm tra (%)"), required=False, min_value=1, max_value=100,
                               decimal_places=1,
                               help_text=format_lazy(_("Để trống: theo chỉ tiêu của kế hoạch CCHC năm (mặc định {n}%)."),
                                                     n=int(DEFAULT_SHARE * 100)))
    random_share = forms.DecimalField(label=_("Phần chọn ngẫu nhiên trong mẫu (%)"), min_value=0, max_value=100,
                                      decimal_places=1, initial=int(DEFAULT_RANDOM_SHARE * 100),
                                      help_text=_("Phần còn lại chọn theo điểm rủi ro cao nhất. [I] mặc định 30%."))
    seed = forms.CharField(label=_("Hạt giống ngẫu nhiên"), required=False, max_length=64,
                           help_text=_("Để trống để tạo mới; nhập lại hạt giống cũ để rút lại đúng các đơn vị đó."))

    def __init__(self, *args, provinces: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = provinces
        for key in RiskInput:
            self.fields[f"w_{key.value}"] = forms.DecimalField(
                label=_("Trọng số: {name}").format(name=input_label(key.value)), min_value=0, max_value=1000, decimal_places=2, initial=DEFAULT_WEIGHTS[key])

    def weights(self) -> dict[str, object]:
        return {key.value: self.cleaned_data[f"w_{key.value}"] or 0 for key in RiskInput}


class AddUnitForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị bổ sung"), coerce=int)
    reason = forms.CharField(label=_("Lý do bổ sung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units


class SwapUnitForm(forms.Form):
    plan_unit = forms.TypedChoiceField(label=_("Đơn vị được thay"), coerce=int)
    unit = forms.TypedChoiceField(label=_("Đơn vị thay thế"), coerce=int)
    reason = forms.CharField(label=_("Lý do thay thế"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rows: list[tuple[int, str]], units: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_unit"].choices = rows
        self.fields["unit"].choices = units


class IssueForm(forms.Form):
    number = forms.IntegerField(label=_("Số văn bản"), required=False, min_value=1,
                                help_text=_("Để trống để văn thư ghi số khi ban hành."))


class UnannouncedForm(forms.Form):
    count = forms.IntegerField(label=_("Số đơn vị kiểm tra đột xuất"), min_value=1, max_value=50, initial=1)


class RecordForm(forms.Form):
    """The inspection record (DOMAIN §12.5 [K]): how, who, when; content checked per reform area."""

    mode = forms.ChoiceField(label=_("Hình thức kiểm tra"), choices=Mode.choices)
    held_on = _date(_("Ngày kiểm tra"))
    team = forms.CharField(label=_("Thành viên đoàn kiểm tra"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Mỗi người một dòng: họ tên, chức vụ."))
    participants = forms.CharField(label=_("Thành phần tham dự của đơn vị"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    recommendations = forms.CharField(label=_("Kiến nghị của đoàn kiểm tra"), required=False, max_length=8000,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in PAR_AREAS:
            self.fields[f"area_{code}"] = forms.CharField(
                label=area_label(code), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))

    def content(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"area_{code}", "") for code, _n in PAR_AREAS}


class FindingForm(forms.Form):
    area = forms.ChoiceField(label=_("Lĩnh vực"), choices=AREA_CHOICES)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Severity.choices, initial=Severity.MAJOR)
    text = forms.CharField(label=_("Tồn tại, hạn chế"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label=_("Yêu cầu khắc phục"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date(_("Hạn khắc phục"), required=False, help_text=_("Để trống: hạn trong thông báo, hoặc 31/12."))


class NoticeForm(forms.Form):
    issued_on = _date(_("Ngày thông báo"))
    actions = forms.CharField(label=_("Yêu cầu đơn vị thực hiện"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    deadline = _date(_("Hạn báo cáo kết quả khắc phục"))


class SubmitForm(forms.Form):
    evidence = forms.CharField(label=_("Kết quả khắc phục"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("Tệp minh chứng"), required=False, help_text=limit_text)


class CloseForm(forms.Form):
    decision = forms.ChoiceField(label=_("Kết luận"), widget=forms.RadioSelect, choices=[
        ("confirm", _("Xác nhận đã khắc phục")),
        ("return", _("Trả lại để đơn vị bổ sung")),
    ])
    note = forms.CharField(label=_("Ý kiến của đoàn kiểm tra"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Bắt buộc khi trả lại."))
