"""The PAR index forms. Each section belongs to one part of the season (versions, season, appraisal…)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cchc.platform.evidence import limit_text

from .choices import EvidenceState, VersionStatus
from .models import IndexVersion

# --- versions (pi-structure) ----------------------------------------------------------------------


class VersionUploadForm(forms.Form):
    """Upload an index version's structure (XLSX or YAML), optionally superseding an older version."""

    file = forms.FileField(label=_("Tệp bộ chỉ số (XLSX hoặc YAML)"),
                           help_text=_("Một trang tính, dòng đầu là tên cột; một dòng «Bộ chỉ số», rồi mỗi lĩnh vực, "
                                       "tiêu chí, tiêu chí thành phần một dòng. Tải một bộ chỉ số có sẵn về để xem mẫu."))
    supersedes = forms.CharField(label=_("Thay thế bộ chỉ số (mã)"), required=False, max_length=64,
                                 help_text=_("Với quyết định sửa đổi, thay thế: mã của bộ chỉ số cũ; bộ cũ được ghi là "
                                             "«Đã được thay thế»."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp «%(name)s» vượt giới hạn %(limit)s MB một tệp."),
                                        params={"name": upload.name,
                                                "limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)})
        return upload

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, help_text=help_text,
                           widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))


# --- season -------------------------------------------------------------------------------------------------

class OpenSeasonForm(forms.Form):
    """The PAR officer opens a year's assessment for an index version with its dates (DOMAIN §12.3)."""

    version = forms.ModelChoiceField(label=_("Bộ chỉ số"), queryset=IndexVersion.objects.none())
    opens_on = _date(_("Ngày mở tự đánh giá"))
    self_due = _date(_("Hạn tự đánh giá"))
    appraisal_due = _date(_("Hạn thẩm định"))
    response_days = forms.IntegerField(label=_("Số ngày đơn vị được phản hồi kết quả thẩm định"), min_value=1,
                                       max_value=60, initial=5)
    publish_on = _date(_("Ngày dự kiến công bố"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = (IndexVersion.objects.filter(season__isnull=True)
                                           .exclude(status=VersionStatus.DRAFT).order_by("-year", "block", "code"))


class SelfScoreForm(forms.Form):
    """One component criterion's self-score: points, the state of the evidence, an explanation (required
    when the evidence is partial or missing: the service says so)."""

    points = forms.CharField(label=_("Điểm tự chấm"), max_length=12)
    evidence_state = forms.ChoiceField(label=_("Minh chứng"), choices=[("", "—"), *EvidenceState.choices],
                                       required=False)
    explanation = forms.CharField(label=_("Giải trình"), required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Bắt buộc khi minh chứng chưa đầy đủ hoặc không có."))


class EvidenceForm(forms.Form):
    """A file proving a self-score, with the document's number and the page or section that proves it."""

    file = forms.FileField(label=_("Tệp minh chứng"), required=False, help_text=limit_text)
    document_number = forms.CharField(label=_("Số, ký hiệu văn bản"), required=False, max_length=128)
    locator = forms.CharField(label=_("Trang, mục chứng minh"), required=False, max_length=255)


class ReportTextForm(forms.Form):
    """What the self-assessment report says beside the scores (BNV Công văn 383/384)."""

    difficulties = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False, max_length=8000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(label=_("Kiến nghị, đề xuất"), required=False, max_length=8000,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class ApplicabilityForm(forms.Form):
    """The PAR officer's applicability of one unit, with a reason."""

    handles_procedures = forms.BooleanField(label=_("Đơn vị có giải quyết TTHC"), required=False)
    masked = forms.CharField(label=_("Mã lĩnh vực, tiêu chí không áp dụng"), required=False, max_length=2000,
                             help_text=_("Cách nhau bằng dấu phẩy, ví dụ: 3, 7.3"))
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def codes(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data.get("masked", "").replace(";", ",").split(",") if c.strip()]
