"""The dossier ledger: the procedure catalogue and one record per dossier from the one-stop systems.

Field meanings follow the national portal's dossier sync record (DOMAIN §10) and the one-stop rules
(NĐ 61/2018, NĐ 107/2021, TT 01/2018/TT-VPCP; DOMAIN §4–§5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import Issue
from cchc.core.i18n import render

from .choices import ChannelChoices, DossierStatusChoices


class TimeLimitKind(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    HOURS = "hours", _("giờ làm việc")


class OnlineLevel(models.TextChoices):
    """NĐ 42/2022/NĐ-CP levels; the old levels 3/4 (NĐ 43/2011) are kept in ``legacy_level``."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không có dịch vụ công trực tuyến")


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính, TTHC) of the national procedure database."""

    code = models.CharField(_("mã TTHC"), max_length=32, unique=True)
    name = models.TextField(_("tên thủ tục"))
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    levels = models.JSONField(_("cấp thực hiện"), default=list, blank=True, help_text=_("province, district, commune"))
    time_limit = models.DecimalField(_("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_limit_kind = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=TimeLimitKind.choices, blank=True)
    same_day = models.BooleanField(_("giải quyết trong ngày"), default=False)
    online_level = models.CharField(_("mức dịch vụ công trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE)
    legacy_level = models.PositiveSmallIntegerField(_("mức độ cũ (2–4)"), null=True, blank=True)
    has_fee = models.BooleanField(_("có phí, lệ phí"), default=False)
    result_is_document = models.BooleanField(_("kết quả là giấy tờ"), default=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # its dossiers with no due date are late by this procedure's statutory limit (cchc.dossiers.late)
        from .late import refresh

        refresh(queryset=self.dossiers.filter(due_at=None))


class DossierQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, with each dossier's ``late`` flag set by the rule first (save() is not called)."""
        from .late import late_by_rule

        objs = list(objs)
        for d in objs:
            d.late = late_by_rule(d)
        return super().bulk_create(objs, *args, **kwargs)


DossierManager = models.Manager.from_queryset(DossierQuerySet)


class Dossier(models.Model):
    """One dossier (hồ sơ) as the one-stop system reports it; upserted by (source system, code).

    Times are aware datetimes (Asia/Ho_Chi_Minh on input). ``due_at`` is the CURRENT due date: the source's
    NgayHenTra, or the calendar's when the source gives none (``due_computed``); ``original_due_at`` is the
    due date at reception (the first import's), which an extension does not move (NĐ 118/2025, TT 03/2025
    Mẫu 04; DOMAIN §12.2: keep original and current due). ``unit`` is the competent unit (đơn vị giải
    quyết, the portal's DonViXuLy), ``receiving_unit`` the one-stop counter that took the dossier in, when
    it is another one (reception regardless of boundary, NĐ 118/2025 Art. 14, 20). A stopped dossier
    (status 8, TT 03/2025 Mẫu 05) was stopped at ``finished_at`` for ``stop_reason``. ``prior_unit`` and
    ``transferred_at`` copy the latest :class:`DossierTransfer` (``unit`` is its ``to_unit``), kept by
    cchc.dossiers.transfers so the engine reads them with the dossier. The counts and flags are what the
    KPI and Decision 766 formulas need; the events keep the lifecycle.
    """

    source_system = models.CharField(_("hệ thống nguồn"), max_length=64)
    code = models.CharField(_("mã hồ sơ"), max_length=64)
    receipt_number = models.CharField(_("số biên nhận"), max_length=64, blank=True)
    # No index of its own: (unit, received_at) below serves every lookup by unit (leftmost column).
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị giải quyết"), on_delete=models.PROTECT,
                             related_name="dossiers", db_index=False)
    receiving_unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT,
                                       related_name="received_dossiers", null=True, blank=True,
                                       help_text=_("Bộ phận một cửa đã tiếp nhận hồ sơ, nếu khác đơn vị giải quyết."))
    prior_unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị giải quyết trước khi chuyển"),
                                   on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    transferred_at = models.DateTimeField(_("thời điểm chuyển đơn vị"), null=True, blank=True)
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers")
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=DossierStatusChoices.choices)
    channel = models.PositiveSmallIntegerField(_("kênh thực hiện"), choices=ChannelChoices.choices, default=ChannelChoices.DIRECT)
    online_full = models.BooleanField(_("trực tuyến toàn trình"), default=False)
    applicant_kind = models.PositiveSmallIntegerField(_("loại đối tượng"), null=True, blank=True, help_text=_("1 công dân, 2 tổ chức"))
    received_at = models.DateTimeField(_("ngày tiếp nhận"))
    due_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("ngày hẹn trả ban đầu"), null=True, blank=True)
    due_computed = models.BooleanField(_("hạn do hệ thống tính"), default=False)
    finished_at = models.DateTimeField(_("ngày kết thúc xử lý"), null=True, blank=True)
    returned_at = models.DateTimeField(_("ngày trả kết quả"), null=True, blank=True)
    return_by_post = models.BooleanField(_("trả qua bưu chính"), default=False)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    supplement_wait_seconds = models.PositiveIntegerField(_("thời gian chờ bổ sung (giây)"), default=0)
    stop_reason = models.TextField(_("lý do dừng xử lý"), blank=True)
    apology_at = models.DateTimeField(_("ngày xin lỗi"), null=True, blank=True)
    apology_new_due_at = models.DateTimeField(_("ngày hẹn trả mới"), null=True, blank=True)
    fee_amount = models.DecimalField(_("phí, lệ phí"), max_digits=14, decimal_places=0, default=0)
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    components_digitised = models.BooleanField(_("thành phần hồ sơ được số hóa"), default=False)
    result_digitised = models.BooleanField(_("kết quả điện tử"), default=False)
    reused_data = models.BooleanField(_("tái sử dụng dữ liệu số hóa"), default=False)
    rating = models.PositiveSmallIntegerField(_("đánh giá của người dân"), null=True, blank=True, help_text=_("1 rất hài lòng, 2 hài lòng, 3 không hài lòng"))
    # The integrity checks' facts (cchc.core.integrity, docs/integrity.md): none is in the portal's record
    # (DOMAIN §10), so only CCHC's own schema carries them; empty means the data does not say.
    result_issued_at = models.DateTimeField(_("ngày ký kết quả"), null=True, blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)
    submitted_by_official = models.BooleanField(
        _("nộp trực tuyến bằng tài khoản cán bộ, công chức"), null=True, blank=True)
    submitted_at_counter = models.BooleanField(
        _("nộp trực tuyến từ máy của bộ phận một cửa"), null=True, blank=True)
    paid_by_official = models.BooleanField(
        _("thanh toán trực tuyến bằng tài khoản cán bộ, công chức"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)
    #: classify(…) is LATE whenever it is read (more than one supplement request, or finished after its due
    #: day or past its statutory limit): the part of the "late" rule that does not move with time, kept with
    #: the dossier so the list's "late only" filter is an index read (cchc.dossiers.late keeps it).
    late = models.BooleanField(_("trễ hạn"), default=False, db_default=False, editable=False)

    objects = DossierManager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["source_system", "code"], name="dossier_source_code_unique"),
            models.CheckConstraint(condition=Q(status__gte=1) & Q(status__lte=10), name="dossier_status_range"),
            models.CheckConstraint(condition=Q(channel__gte=1) & Q(channel__lte=3), name="dossier_channel_range"),
        ]
        indexes = [models.Index(fields=["unit", "received_at"]), models.Index(fields=["due_at"]),
                   # the province-wide list, newest first, a page at a time (cchc.dossiers.views.dossier_list)
                   models.Index(fields=["received_at", "id"], name="dossier_received_id"),
                   # the open dossiers by due date (the near-due page's overdue list): the finished ones,
                   # most of the table, are not in it (cchc.dossiers.views.near_due_lists)
                   models.Index(fields=["due_at"], condition=Q(finished_at__isnull=True), name="dossier_open_due"),
                   # …and a unit's own (a focal point's near-due page and home): its range, not the province's
                   models.Index(fields=["unit", "due_at"], condition=Q(finished_at__isnull=True),
                                name="dossier_unit_open_due"),
                   # the list's "late only" filter: the late dossiers, newest first (cchc.dossiers.filters)
                   models.Index(fields=["received_at", "id"], condition=Q(late=True), name="dossier_late_received"),
                   # the overdue ones finished after the instant of reading (rare: an import allows a day ahead)
                   models.Index(fields=["finished_at"], condition=Q(finished_at__isnull=False), name="dossier_finished")]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        from .late import late_by_rule  # the rule reads the procedure's statutory limit

        self.late = late_by_rule(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "late"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dossiers:detail", args=[self.pk])


class DossierSupplement(models.Model):
    """A request to supplement the dossier (Mẫu 02) and when the citizen completed it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_at = models.DateTimeField(_("ngày yêu cầu bổ sung"))
    completed_at = models.DateTimeField(_("ngày hoàn thành bổ sung"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.requested_at:%d/%m/%Y}"


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    SUPPLEMENT_RETURNED = "supplement_returned", _("Hoàn thành bổ sung")
    APOLOGY = "apology", _("Xin lỗi, hẹn lại ngày trả")
    FINISHED = "finished", _("Xử lý xong")
    RETURNED = "returned", _("Trả kết quả")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    RATED = "rated", _("Đánh giá")


class DossierEvent(models.Model):
    """A step of a dossier's lifecycle, for its timeline."""

    # No index of its own: the unique (dossier, kind, at) constraint's index serves lookups by dossier.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(_("sự kiện"), max_length=32, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        ordering = ["dossier", "at", "pk"]
        constraints = [models.UniqueConstraint(fields=["dossier", "kind", "at"], name="dossier_event_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class TransferSource(models.TextChoices):
    LINEAGE = "lineage", _("Theo kế thừa đơn vị (sắp xếp 1/7/2025)")
    OFFICER = "officer", _("Cán bộ ghi nhận")
    IMPORT = "import", _("Nhập từ hệ thống nguồn")


class DossierTransfer(models.Model):
    """The dossier moved from ``from_unit`` to ``to_unit`` at ``at``: after the 2025 reorganisation, the
    dossiers still open on 1/7/2025 of a dissolved unit went to the unit that took over its work, without
    resubmission (DOMAIN §12.2 [C R4]: "model the transfer as an event"). The dossier counts at
    ``from_unit`` for a period that ends before ``at``, at ``to_unit`` otherwise (cchc.core.transfers)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey("units.Unit", verbose_name=_("chuyển từ đơn vị"), on_delete=models.PROTECT,
                                  related_name="+")
    to_unit = models.ForeignKey("units.Unit", verbose_name=_("chuyển đến đơn vị"), on_delete=models.PROTECT,
                                related_name="+")
    at = models.DateTimeField(_("thời điểm chuyển"))
    reason = models.TextField(_("lý do"), blank=True)
    source = models.CharField(_("căn cứ ghi nhận"), max_length=16, choices=TransferSource.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển hồ sơ")
        verbose_name_plural = _("chuyển hồ sơ")
        ordering = ["dossier", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "at"], name="dossier_transfer_unique"),
            models.CheckConstraint(condition=~Q(from_unit=models.F("to_unit")), name="dossier_transfer_two_units"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_unit_id} → {self.to_unit_id} ({self.at:%d/%m/%Y})"


class HolidayOverride(models.Model):
    """A province's change to the national calendar: an extra day off, or a Saturday worked."""

    day = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    reason = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.reason}"


class Apology(models.Model):
    """An apology letter for a late dossier with its new return date (TT 01/2018/TT-VPCP Mẫu 04; from
    1/7/2025 TT 03/2025/TT-VPCP Mẫu 04). The dossier's original due date is kept for the statistics."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    seq = models.PositiveSmallIntegerField(_("lần"), default=1)
    number = models.PositiveIntegerField(_("số văn bản"))
    symbol = models.CharField(_("ký hiệu"), max_length=32, default="PXL")
    issued_at = models.DateTimeField(_("ngày ban hành"))
    old_due_at = models.DateTimeField(_("ngày hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("ngày hẹn trả mới"))
    reason = models.TextField(_("lý do"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128)
    signer_name = models.CharField(_("người ký"), max_length=128)
    compliant = models.BooleanField(_("đúng hạn xin lỗi"), help_text=_("Ban hành chậm nhất 1 ngày làm việc trước ngày hẹn trả."))
    form_version = models.CharField(_("mẫu áp dụng"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+")
    document = models.FileField(_("tệp văn bản"), upload_to="apologies/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("phiếu xin lỗi")
        verbose_name_plural = _("phiếu xin lỗi")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="apology_seq_unique")]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol} — {self.dossier.code}"


class ImportJob(models.Model):
    """A dossier file uploaded on the page, imported in the background so the request returns at once;
    the page follows ``done``/``total`` and shows the summary or every problem found."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Bị từ chối")

    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    source_system = models.CharField(_("hệ thống nguồn"), max_length=64)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(_("kết quả"), default=dict, blank=True)
    issues = models.JSONField(_("lỗi"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập hồ sơ")
        verbose_name_plural = _("lượt nhập hồ sơ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def issue_texts(self) -> list[str]:
        """The stored problems (message ids and parameters, cchc.core.errors.Issue.to_dict) in the reader's
        language; rows stored as plain text before they were kept that way are shown as they are."""
        return [str(Issue.from_dict(i)) if isinstance(i, dict) and "file" in i else render(i) for i in self.issues]
