"""The PAR index (Chỉ số CCHC, F4): index versions as data, the year's season, each unit's assessment
with its scores, evidence, appraisal, response and decision, and the published results.

Sources: DOMAIN §2 ("Model": IndexVersion → Area → Criterion → SubCriterion with self, appraised and
survey scores plus evidence), §11 Q4 (bands per version and level, survey share, rescaling), §12.3 (an
index per issuer, year and block, amended or superseded; mandatory evidence or an explanation; a Tổ thẩm
định led by the Sở Nội vụ; per-unit applicability with the total rescaled to 100).

Every model is audited (django-auditlog, registered in apps.py). Points are Decimals with two places.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import Issue
from cchc.core.i18n import render

from .choices import Applicability, AssessmentStatus, EvidenceState, Method, SeasonStatus, VersionStatus

POINTS = {"max_digits": 7, "decimal_places": 2}


class IndexVersion(models.Model):
    """One index as an issuer decided it for a year and a block (agency, commune; province for the
    ministry's index). A later decision amends or supersedes it (``supersedes``)."""

    code = models.SlugField(_("mã bộ chỉ số"), max_length=64, unique=True)
    name = models.CharField(_("tên bộ chỉ số"), max_length=255)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    decision = models.CharField(_("số, ký hiệu quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    block = models.CharField(_("khối"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=16, choices=VersionStatus.choices,
                              default=VersionStatus.IN_FORCE)
    supersedes = models.ForeignKey("self", verbose_name=_("sửa đổi, thay thế bộ chỉ số"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="superseded_by")
    #: Bands, highest first: [{"code", "label", "min_pct"}]; empty → choices.DEFAULT_BANDS.
    bands = models.JSONField(_("xếp loại"), default=list, blank=True)
    #: Without a survey, the appraised score is rescaled to 100 (Hà Nội cấp phòng, DOMAIN §11 Q4).
    survey_optional = models.BooleanField(_("điều tra xã hội học không bắt buộc"), default=False)
    illustrative = models.BooleanField(_("minh họa"), default=False,
                                       help_text=_("Bộ chỉ số minh họa, không phải quyết định thật của tỉnh."))
    source = models.TextField(_("nguồn"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ chỉ số CCHC")
        verbose_name_plural = _("bộ chỉ số CCHC")
        ordering = ["-year", "block", "code"]
        indexes = [models.Index(fields=["year", "block"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("parindex:version", args=[self.pk])


class Area(models.Model):
    """Lĩnh vực: the first level of the index."""

    version = models.ForeignKey(IndexVersion, verbose_name=_("bộ chỉ số"), on_delete=models.CASCADE,
                                related_name="areas")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên lĩnh vực"), max_length=500)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    applies_to = models.CharField(_("áp dụng cho"), max_length=32, choices=Applicability.choices,
                                  default=Applicability.ALL)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="parindex_area_code_once")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """Tiêu chí: the second level; its points are its components' sum."""

    area = models.ForeignKey(Area, verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên tiêu chí"), max_length=500)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["area", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="parindex_criterion_code_once")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Component(models.Model):
    """Tiêu chí thành phần: what is scored. A criterion the decision scores as a whole is typed with one
    component of the same name. ``rule`` (method *computed*) names the figure and how it becomes points:
    {"source": "kpi" | "reporting_timeliness" | "task_completion" | "score766", "kpi": code (for "kpi"),
    "scale": "thresholds" | "linear", "thresholds": [[lowest value, points], …] (highest first),
    "target": value giving full points (linear), "basis": the legal source in words}."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE,
                                  related_name="components")
    code = models.CharField(_("mã"), max_length=24)
    name = models.CharField(_("tên tiêu chí thành phần"), max_length=1000)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    method = models.CharField(_("cách chấm"), max_length=16, choices=Method.choices, default=Method.EVIDENCE)
    rule = models.JSONField(_("quy tắc tính điểm"), default=dict, blank=True)
    guidance = models.TextField(_("hướng dẫn, minh chứng cần có"), blank=True)
    applies_to = models.CharField(_("áp dụng cho"), max_length=32, choices=Applicability.choices,
                                  default=Applicability.ALL)

    class Meta:
        verbose_name = _("tiêu chí thành phần")
        verbose_name_plural = _("tiêu chí thành phần")
        ordering = ["criterion", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["criterion", "code"], name="parindex_component_code_once")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Season(models.Model):
    """A year's assessment under one index version, with its dates (DOMAIN §12.3: opens around 10/11,
    published in the first quarter)."""

    version = models.OneToOneField(IndexVersion, verbose_name=_("bộ chỉ số"), on_delete=models.PROTECT,
                                   related_name="season")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    opens_on = models.DateField(_("mở tự đánh giá"))
    self_due = models.DateField(_("hạn tự đánh giá"))
    appraisal_due = models.DateField(_("hạn thẩm định"))
    response_days = models.PositiveSmallIntegerField(_("số ngày đơn vị được phản hồi"), default=5)
    publish_on = models.DateField(_("dự kiến công bố"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=SeasonStatus.choices,
                              default=SeasonStatus.SELF)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người công bố"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("quyết định công bố"), max_length=64, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người mở"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá Chỉ số CCHC")
        verbose_name_plural = _("đợt đánh giá Chỉ số CCHC")
        ordering = ["-year", "version__block"]

    def __str__(self) -> str:
        return f"{self.version} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("parindex:season", args=[self.pk])


class SeasonOpening(models.Model):
    """Opening a season, asked on the page and done by the worker (cchc.parindex.opening): the officer's
    dates, how far it is (``done`` of ``total`` units), and the season once opened or the problems that
    stopped it (nothing written: the opening is one transaction)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo các bản đánh giá")
        DONE = "done", _("Đã mở")
        FAILED = "failed", _("Không mở được")

    version = models.ForeignKey(IndexVersion, verbose_name=_("bộ chỉ số"), on_delete=models.CASCADE,
                                related_name="openings")
    opens_on = models.DateField(_("mở tự đánh giá"))
    self_due = models.DateField(_("hạn tự đánh giá"))
    appraisal_due = models.DateField(_("hạn thẩm định"))
    response_days = models.PositiveSmallIntegerField(_("số ngày đơn vị được phản hồi"))
    publish_on = models.DateField(_("dự kiến công bố"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    season = models.ForeignKey(Season, verbose_name=_("đợt đánh giá"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    #: The problems that stopped it, as message ids and parameters (cchc.platform.errors.job_records).
    issues = models.JSONField(_("lỗi"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người mở"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt mở đợt đánh giá")
        verbose_name_plural = _("lượt mở đợt đánh giá")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("parindex:season_opening", args=[self.pk])

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def issue_texts(self) -> list[str]:
        """The stored problems in the reader's language."""
        return [Issue.from_dict(i).text() if "file" in i else render(i) for i in self.issues if isinstance(i, dict)]


class Assessment(models.Model):
    """One unit's assessment in a season: its state, what it wrote for the report (DOMAIN §12.3, BNV
    Công văn 383/384: difficulties and recommendations), the criteria masked for it, and the stored
    results (written by services when scores change; pages read these, never recompute a province)."""

    season = models.ForeignKey(Season, verbose_name=_("đợt đánh giá"), on_delete=models.CASCADE,
                               related_name="assessments")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="par_assessments")
    status = models.CharField(_("trạng thái"), max_length=16, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    handles_procedures = models.BooleanField(_("có giải quyết TTHC"), default=True)
    #: Codes of areas or components not applicable to this unit beyond ``applies_to`` (with a reason).
    masked = models.JSONField(_("không áp dụng"), default=list, blank=True)
    mask_reason = models.TextField(_("lý do không áp dụng"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    recommendations = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    appraised_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    response_due = models.DateField(_("hạn phản hồi"), null=True, blank=True)
    responded_at = models.DateTimeField(_("phản hồi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("chốt điểm lúc"), null=True, blank=True)
    # Stored results (cchc.parindex.results.store; pages and the API read these).
    self_total = models.DecimalField(_("điểm tự đánh giá"), null=True, blank=True, **POINTS)
    appraised_total = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    survey_total = models.DecimalField(_("điểm điều tra"), null=True, blank=True, **POINTS)
    final_total = models.DecimalField(_("điểm cuối cùng"), null=True, blank=True, **POINTS)
    applicable_max = models.DecimalField(_("điểm tối đa áp dụng"), null=True, blank=True, **POINTS)
    index_value = models.DecimalField(_("Chỉ số (%)"), null=True, blank=True, **POINTS)
    rank_in_block = models.PositiveSmallIntegerField(_("xếp hạng trong khối"), null=True, blank=True)
    rank_overall = models.PositiveSmallIntegerField(_("xếp hạng chung"), null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=16, blank=True)
    full_count = models.PositiveSmallIntegerField(_("số tiêu chí thành phần đạt tối đa"), null=True, blank=True)
    component_count = models.PositiveSmallIntegerField(_("số tiêu chí thành phần áp dụng"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("lần công bố"), default=0)

    class Meta:
        verbose_name = _("bản đánh giá Chỉ số CCHC của đơn vị")
        verbose_name_plural = _("bản đánh giá Chỉ số CCHC của đơn vị")
        ordering = ["season", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["season", "unit"], name="parindex_assessment_once")]
        indexes = [models.Index(fields=["season", "status"]), models.Index(fields=["unit", "season"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.season.year}"

    def get_absolute_url(self) -> str:
        return reverse("parindex:assessment", args=[self.pk])


class Score(models.Model):
    """One component criterion of one unit's assessment: the self-score with its evidence state and
    explanation, the computed value (method *computed*: value, as-of date, where it comes from), the
    appraiser's score and reason, the unit's one response, the decision, the survey points, and the final
    points (cchc.core.parindex.final_points)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE,
                                   related_name="scores")
    component = models.ForeignKey(Component, verbose_name=_("tiêu chí thành phần"), on_delete=models.PROTECT,
                                  related_name="scores")
    self_points = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    evidence_state = models.CharField(_("minh chứng"), max_length=16, choices=EvidenceState.choices, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    computed_value = models.DecimalField(_("giá trị số liệu"), max_digits=12, decimal_places=4, null=True,
                                         blank=True)
    computed_as_of = models.DateField(_("số liệu tính đến"), null=True, blank=True)
    computed_source = models.CharField(_("nguồn số liệu"), max_length=500, blank=True)
    appraised_points = models.DecimalField(_("điểm thẩm định"), null=True, blank=True, **POINTS)
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    response = models.TextField(_("ý kiến của đơn vị"), blank=True)
    responded_at = models.DateTimeField(_("phản hồi lúc"), null=True, blank=True)
    decided_points = models.DecimalField(_("điểm sau phản hồi"), null=True, blank=True, **POINTS)
    decision_reason = models.TextField(_("lý do quyết định"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    survey_points = models.DecimalField(_("điểm điều tra"), null=True, blank=True, **POINTS)
    final_points = models.DecimalField(_("điểm cuối cùng"), null=True, blank=True, **POINTS)

    class Meta:
        verbose_name = _("điểm tiêu chí thành phần")
        verbose_name_plural = _("điểm tiêu chí thành phần")
        ordering = ["assessment", "component__criterion__area__order", "component__criterion__order",
                    "component__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "component"], name="parindex_score_once")]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.component.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"parindex/{instance.score.assessment.season.year}/{instance.score.assessment.unit_id}/{filename}"


class Evidence(models.Model):
    """A file proving a self-score, with the document's number and the page or section that proves it
    (DOMAIN §12.3: "a document issued by a competent authority, pointing to the page/section")."""

    score = models.ForeignKey(Score, verbose_name=_("điểm"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path)
    document_number = models.CharField(_("số, ký hiệu văn bản"), max_length=128)
    locator = models.CharField(_("trang, mục chứng minh"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["score", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.locator})"


class AppraiserScope(models.Model):
    """A member of the Tổ thẩm định for a season and the areas they appraise (none listed: every area).
    Sở Nội vụ staff and members from other departments (DOMAIN §12.3)."""

    season = models.ForeignKey(Season, verbose_name=_("đợt đánh giá"), on_delete=models.CASCADE,
                               related_name="appraisers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("thành viên tổ thẩm định"),
                             on_delete=models.CASCADE, related_name="par_appraisals")
    areas = models.ManyToManyField(Area, verbose_name=_("lĩnh vực thẩm định"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("thành viên tổ thẩm định")
        verbose_name_plural = _("thành viên tổ thẩm định")
        constraints = [models.UniqueConstraint(fields=["season", "user"], name="parindex_appraiser_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.season}"


class ResultRevision(models.Model):
    """A published result, kept: revision 1 is the publication; a correction after publication adds
    revision 2, 3… with its reason, and the assessment's stored results become the new ones. Both stay
    (the audit trail shows who changed what)."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE,
                                   related_name="revisions")
    revision = models.PositiveSmallIntegerField(_("lần"))
    #: Totals, index, rank, band and every component's final points as published.
    result = models.JSONField(_("kết quả"), default=dict)
    reason = models.TextField(_("lý do"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả công bố")
        verbose_name_plural = _("kết quả công bố")
        ordering = ["assessment", "revision"]
        constraints = [models.UniqueConstraint(fields=["assessment", "revision"], name="parindex_revision_once")]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.revision}"
