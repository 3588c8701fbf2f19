from __future__ import annotations

from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.levels import UnitKind
from cchc.platform import evidence as evidence_files
from cchc.units.models import Unit

from . import progress as task_progress
from .choices import ReportingKind
from .models import UnitReport

LEVEL_CHOICES = [
    (UnitKind.DEPARTMENT.value, _("Tất cả sở, ban, ngành")),
    (UnitKind.DISTRICT.value, _("Tất cả UBND cấp huyện")),
    (UnitKind.COMMUNE.value, _("Tất cả UBND cấp xã")),
]
QUARTERS = [(1, _("Quý I")), (2, _("Quý II")), (3, _("Quý III")), (4, _("Quý IV"))]
#: Dates are typed and shown as dd/mm/yyyy whatever the browser's language (a type="date" input follows the
#: browser's locale, often English on officials' machines); yyyy-mm-dd is accepted too (cchc.formats).
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]  # never the English m/d/Y, whatever the page's language
DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "style": "width:9em"},
                             format="%d/%m/%Y")


class PeriodForm(forms.Form):
    """Open a reporting period: the province, which period, the deadline and the units that must report
    (whole levels at once, and/or units picked one by one)."""

    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=ReportingKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quý (với kỳ quý)"), choices=QUARTERS, coerce=int, initial=1)
    deadline = forms.DateField(label=_("Hạn gửi báo cáo"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    levels = forms.MultipleChoiceField(label=_("Đơn vị phải báo cáo theo cấp"), choices=LEVEL_CHOICES, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(
        label=_("Hoặc chọn từng đơn vị"), queryset=Unit.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 12, "data-unit-choice": _("Gõ để tìm đơn vị")}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều đơn vị."))
    note = forms.CharField(label=_("Yêu cầu, hướng dẫn gửi các đơn vị"), required=False, widget=forms.Textarea, max_length=5000)

    def __init__(self, *args, province_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["province"].queryset = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by(
            F("valid_to").desc(nulls_first=True), "name")
        kind_rank = Case(*(When(kind=k, then=Value(i)) for i, (k, _label) in enumerate(LEVEL_CHOICES)),
                         output_field=IntegerField())
        self.fields["units"].queryset = (Unit.objects.filter(kind__in=[k for k, _label in LEVEL_CHOICES])
                                         .select_related("parent").order_by("province__name", kind_rank, "name"))
        # each unit named with its parent and validity, the one picker label (Unit.label), searchable (cchc.js)
        self.fields["units"].label_from_instance = lambda unit: unit.label
        self.fields["year"].initial = today.year
        if province_id:
            self.fields["province"].initial = province_id

    def clean(self):
        data = super().clean()
        if not data.get("levels") and not data.get("units"):
            self.add_error("levels", _("Hãy chọn ít nhất một cấp hoặc một đơn vị phải báo cáo."))
        return data


class ReportForm(forms.Form):
    """The editable parts of a unit's report, one field per task row, manual measure and narrative text;
    field names carry the row's id (``task-12-progress``) so the service can apply them."""

    NARRATIVE_LABELS = {
        "results": _("Kết quả đạt được"),
        "shortcomings": _("Tồn tại, hạn chế"),
        "causes": _("Nguyên nhân"),
        "solutions": _("Giải pháp, kiến nghị"),
    }

    def __init__(self, report: UnitReport, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.refresh_tasks()
        self.measures = list(report.measures.all())
        self.narratives = list(report.narratives.all())
        for row in self.task_rows:
            shown = self.task_states[row.pk].shown
            self.fields[f"task-{row.pk}-progress"] = forms.IntegerField(
                label=_("Tiến độ {code} (%)").format(code=row.task_code), min_value=0, max_value=100, initial=shown,
                widget=forms.NumberInput(attrs={"style": "width:5.5em"}))
            self.fields[f"task-{row.pk}-note"] = forms.CharField(
                label=_("Kết quả thực hiện {code}").format(code=row.task_code), required=False, initial=row.note,
                max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"task-{row.pk}-confirm"] = forms.BooleanField(
                label=_("Xác nhận tiến độ {code} của báo cáo thay cho cập nhật mới hơn của nhiệm vụ").format(code=row.task_code),
                required=False)
        for m in self.measures:
            self.fields[f"measure-{m.pk}-value"] = forms.CharField(
                label=_("Kết quả {code}").format(code=m.target_code), required=False, max_length=32,
                initial="" if m.value is None else f"{m.value.normalize():f}".replace(".", ","),
                widget=forms.TextInput(attrs={"style": "width:7em", "inputmode": "decimal"}))
            self.fields[f"measure-{m.pk}-note"] = forms.CharField(
                label=_("Cách tính, nguồn số liệu {code}").format(code=m.target_code), required=False, initial=m.note,
                max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"measure-{m.pk}-evidence"] = forms.FileField(
                label=_("Minh chứng {code}").format(code=m.target_code), required=False, help_text=evidence_files.limit_text())
        for n in self.narratives:
            for name, label in self.NARRATIVE_LABELS.items():
                self.fields[f"area-{n.area_code}-{name}"] = forms.CharField(
                    label=label, required=False, initial=getattr(n, name), max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        for m in self.measures:
            for problem in evidence_files.problems(data.get(f"measure-{m.pk}-evidence")):
                self.add_error(f"measure-{m.pk}-evidence", problem)
        return data

    def refresh_tasks(self) -> None:
        """(Re)read the task rows and compare them with their tasks (cchc.reporting.progress): what the page
        shows for each row, and the ``base``/``seen`` values it posts back with it. Called again after a
        refused submission, since the save before it may have changed the rows."""
        self.task_rows = list(self.report.task_rows.all())
        self.task_states = task_progress.row_states(self.task_rows)

    def changes(self) -> dict:
        """The keyword arguments of services.save_report. Besides the fields, each task row posts the value
        its field showed (``task-N-base``) and the task's progress the page showed (``task-N-seen``),
        written by the template from ``task_states``, so the service tells an edit from an older page."""
        d = self.cleaned_data
        return {
            "tasks": {r.pk: {"progress": d.get(f"task-{r.pk}-progress"), "note": d.get(f"task-{r.pk}-note", ""),
                             "base": self.data.get(f"task-{r.pk}-base"), "seen": self.data.get(f"task-{r.pk}-seen"),
                             "confirm": bool(d.get(f"task-{r.pk}-confirm"))}
                      for r in self.task_rows},
            "measures": {m.pk: {"value": d.get(f"measure-{m.pk}-value", ""), "note": d.get(f"measure-{m.pk}-note", "")}
                         for m in self.measures},
            "narratives": {n.area_code: {f: d.get(f"area-{n.area_code}-{f}", "") for f in self.NARRATIVE_LABELS}
                           for n in self.narratives},
            "evidence": {m.pk: d[f"measure-{m.pk}-evidence"] for m in self.measures if d.get(f"measure-{m.pk}-evidence")},
        }

    def task_fields(self):
        """(row, progress field, note field, confirm field, the row against its task) for each task row."""
        return [(r, self[f"task-{r.pk}-progress"], self[f"task-{r.pk}-note"], self[f"task-{r.pk}-confirm"],
                 self.task_states[r.pk]) for r in self.task_rows]

    def measure_fields(self):
        return [(m, self[f"measure-{m.pk}-value"], self[f"measure-{m.pk}-note"], self[f"measure-{m.pk}-evidence"])
                for m in self.measures]

    def narrative_fields(self):
        return [(n, [self[f"area-{n.area_code}-{f}"] for f in self.NARRATIVE_LABELS]) for n in self.narratives]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp đính kèm"), help_text=evidence_files.limit_text())
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=255)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến của Sở Nội vụ"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=10000, help_text=_("Bắt buộc khi trả lại báo cáo."))


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do sửa đổi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class GenerateForm(forms.Form):
    """What the official document says about itself (NĐ 30/2020): number and symbol, place and date,
    issuer, signer, recipients."""

    number = forms.IntegerField(label=_("Số văn bản"), required=False, min_value=1, max_value=99999,
                                help_text=_("Để trống nếu văn thư sẽ cấp số khi ban hành."))
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=32, initial="BC-SNV")
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    place = forms.CharField(label=_("Địa danh"), max_length=64)
    issuer_parent = forms.CharField(label=_("Cơ quan chủ quản"), max_length=128, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=128)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=128, initial="GIÁM ĐỐC",
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Có thể ghi hai dòng, ví dụ KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC."))
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=128)
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    #: Longest text of one heading of an area's narrative in the province's report.
    NARRATIVE_MAX = 50_000

    def __init__(self, *args, areas=(), assembled: dict | None = None, **kwargs):
        """``areas``: (code, name) of the reform areas whose narrative the officer edits (the province's
        report only); ``assembled``: the text assembled from the units' approved reports, per area code and
        heading (kept with the document, so a later form tells the officer's edits from it)."""
        super().__init__(*args, **kwargs)
        self.areas, self.assembled = list(areas), assembled or {}
        for code, _name in self.areas:
            for f, heading in ReportForm.NARRATIVE_LABELS.items():
                self.fields[f"area-{code}-{f}"] = forms.CharField(
                    label=heading, required=False, max_length=self.NARRATIVE_MAX, strip=False,
                    widget=forms.Textarea(attrs={"rows": 4}))

    def _written(self, name: str) -> str:
        """A heading's text as posted; one not posted at all (a client that sends only the document's
        details) keeps the text the form offered, never an empty heading."""
        text = self.cleaned_data[name] if name in self.data else str(self.initial.get(name, ""))
        return text.replace("\r\n", "\n").strip()

    def option_fields(self):
        return [self[name] for name in self.fields if not name.startswith("area-")]

    def narrative_fields(self):
        """(area code, area name, its four headings' fields) in the report's order."""
        return [(code, name, [self[f"area-{code}-{f}"] for f in ReportForm.NARRATIVE_LABELS])
                for code, name in self.areas]

    def options(self) -> dict:
        d = self.cleaned_data
        options = {
            "number": d["number"], "symbol": d["symbol"].strip(), "issued_on": d["issued_on"].isoformat(),
            "place": d["place"].strip(), "issuer_parent": d["issuer_parent"].strip(), "issuer": d["issuer"].strip(),
            "signer_title": d["signer_title"].strip(), "signer_name": d["signer_name"].strip(),
            "recipients": [line.strip() for line in d["recipients"].splitlines() if line.strip()] or None,
        }
        if self.areas:
            options["narratives"] = {code: {f: self._written(f"area-{code}-{f}") for f in ReportForm.NARRATIVE_LABELS}
                                     for code, _name in self.areas}
            options["assembled"] = self.assembled
        return options
