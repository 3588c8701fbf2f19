"""Administrative units and the agencies of a province, effective-dated, with lineage across reorganisations."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.collation import vi_sort_key
from cchc.core.levels import block_of, level_of
from cchc.core.unit_labels import unit_label

from .choices import BlockChoices, LevelChoices, UnitKindChoices


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> UnitQuerySet:
        """Units that existed on ``day`` (valid_from/valid_to inclusive; open ends unbounded)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def valid_during(self, start: date, end: date) -> UnitQuerySet:
        """Units that existed on at least one day of [start, end]."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def picker(self, start: date | None = None, end: date | None = None, *, include_ended: bool = False,
               selected: int | None = None) -> list[tuple[int, str]]:
        """The choices of a unit picker among these units: (id, label by ``Unit.label``), by name then
        parent in Vietnamese alphabetical order. By default only the units valid on a day of [start, end] (today when not given: the period
        the page is about); ``include_ended`` offers them all, old and new. The ``selected`` unit is always
        offered when it is among these units, so a choice made with the ended units shown stays shown.
        Offering is not permission: the view still scopes what it reads by the user's units."""
        units = self
        if not include_ended:
            today = timezone.localdate()
            start, end = start or end or today, end or start or today
            valid = Q(pk__in=self.valid_during(min(start, end), max(start, end)).values("pk"))
            units = self.filter(valid | Q(pk=selected)) if selected is not None else self.filter(valid)
        # Vietnamese order (cchc.core.collation), the same on every database: their orders put "Đ" apart
        units = sorted(units.select_related("parent"), key=lambda u: (
            vi_sort_key(u.name), vi_sort_key(u.parent.name if u.parent else ""), u.valid_from or date.min, u.pk))
        return [(u.pk, u.label) for u in units]

    def resolve(self, ref: str, *, on: date | None = None, during: tuple[date | None, date | None] | None = None,
                province: Unit | None = None, source_system: str | None = None) -> Unit:
        """The unit ``ref`` (key, code or name) means among these units: cchc.units.services.resolve, the
        one rule, offered on the model so that an app below units (accounts, which holds a foreign key to
        Unit) reaches it through ``related_model`` without importing this app."""
        from .services import resolve  # services imports these models

        return resolve(ref, on=on, during=during, province=province, among=self, source_system=source_system)


class Unit(models.Model):
    """A body that plans, reports or is measured: a province, one of its departments, a district or a
    commune (its People's Committee). Units are never deleted when a reorganisation ends them: they get a
    ``valid_to`` date and lineage links to the units that took over, so their history stays reportable.
    """

    key = models.CharField(
        _("khóa định danh"),
        max_length=64,
        unique=True,
        help_text=_("Khóa ổn định dùng khi nhập lại dữ liệu, ví dụ vn:legacy:commune:21550."),
    )
    code = models.CharField(_("mã đơn vị"), max_length=32, db_index=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKindChoices.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=LevelChoices.choices, editable=False)
    block = models.CharField(_("khối"), max_length=16, choices=BlockChoices.choices, editable=False, db_index=True, default="",
                             help_text=_("Khối xếp hạng của đơn vị, suy ra từ loại đơn vị."))
    type_label = models.CharField(_("loại hình"), max_length=64, blank=True, help_text=_("Ví dụ: Phường, Xã, Thị xã."))
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh chứa đơn vị (chính nó nếu là tỉnh); dùng để giới hạn phạm vi."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=128, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["province", "kind"]), models.Index(fields=["parent"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.level = level_of(self.kind).value
        self.block = block_of(self.kind).value
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The unit as a picker names it (cchc.core.unit_labels.unit_label): name, parent, validity."""
        return unit_label(self.name, self.parent.name if self.parent_id else None, self.valid_from, self.valid_to)

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class LinkKind(models.TextChoices):
    MERGED = "merged", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAMED = "renamed", _("Đổi tên, sắp xếp lại")
    CONTINUED = "continued", _("Giữ nguyên")


class UnitLink(models.Model):
    """A lineage link: ``predecessor`` went (wholly or in part) into ``successor`` on ``effective_date``."""

    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị trước"), on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, verbose_name=_("đơn vị sau"), on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(_("hình thức"), max_length=16, choices=LinkKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_link_unique")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitAliasQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> UnitAliasQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class UnitAlias(models.Model):
    """How another system names a unit: its code or its name in that system (the national portal writes
    "UBND xã Vân Canh" and "H21.227" for the commune CCHC calls "Xã Vân Canh"), valid for a date range.
    The resolver (cchc.units.services) looks aliases up after the unit's own key, code and name."""

    source_system = models.CharField(_("hệ thống nguồn"), max_length=64, db_index=True,
                                     help_text=_("Ví dụ: dvcqg (Cổng Dịch vụ công quốc gia)."))
    code = models.CharField(_("mã trong hệ thống nguồn"), max_length=64, blank=True, db_index=True)
    name = models.CharField(_("tên trong hệ thống nguồn"), max_length=255, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="aliases")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = UnitAliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = _("tên gọi khác của đơn vị")
        ordering = ["source_system", "code", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(code="") | ~Q(name=""), name="unit_alias_code_or_name"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lte=models.F("valid_to")),
                name="unit_alias_valid_range",
            ),
            models.UniqueConstraint(fields=["source_system", "code", "name", "unit", "valid_from"],
                                    name="unit_alias_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_system}: {self.code or self.name} → {self.unit}"
