"""What would raise a unit's 766 score, and the province's own (issue #15, item 4): "Điểm có thể tăng".

For a unit and period, each indicator that lost points, ordered by the points correcting the items behind
them would add, with the dossiers behind them (the engine's own lists, read through
``services.lost_dossiers``: never a scan of the dossiers) and the points each correction adds, counted
one by one. Every figure is ``cchc.core.whatif766``'s, which scores with ``cchc.core.score766.points``
from the same stored figures the scorecard reads (``services.scorecard``), so the gains are differences
of the scorecard's own points. Indicators fed by other systems (``cchc.scoreboard.inputs``: publications,
petitions, the portal's counts) have no list of dossiers: their gain is shown per item counted, from their
numerator and denominator only.

Province-wide, the same for the province's own total (its figures roll its units' dossiers up), and which
units hold the items whose correction would add the most to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from cchc.accounts.permissions import unit_id_of
from cchc.analytics import services as analytics
from cchc.core import score766, whatif766
from cchc.core.levels import Block
from cchc.units.models import Unit

from . import services

logger = logging.getLogger(__name__)

#: Dossiers shown with their gains under each indicator (the full list is its "xem hồ sơ" page).
STEPS = 10
#: Rows of the province-wide list of (indicator, unit).
PROVINCE_ROWS = 50

#: What correcting ``n`` items of an indicator means, in words ("{shown}" is ``n`` written in the reader's
#: number format). Lazy: translated when read.
ACTIONS = {
    "1.1": ngettext_lazy("công bố đúng hạn {shown} TTHC", "công bố đúng hạn {shown} TTHC", "n"),
    "1.2": ngettext_lazy("cập nhật, công khai đúng hạn {shown} TTHC trên CSDLQG",
                         "cập nhật, công khai đúng hạn {shown} TTHC trên CSDLQG", "n"),
    "1.3": ngettext_lazy("công khai đầy đủ bộ phận tạo thành của {shown} TTHC",
                         "công khai đầy đủ bộ phận tạo thành của {shown} TTHC", "n"),
    "1.4": ngettext_lazy("đồng bộ {shown} hồ sơ lên Cổng DVCQG", "đồng bộ {shown} hồ sơ lên Cổng DVCQG", "n"),
    "2.1": ngettext_lazy("trả đúng hạn {shown} hồ sơ trễ, quá hạn", "trả đúng hạn {shown} hồ sơ trễ, quá hạn", "n"),
    "3.1": ngettext_lazy("tiếp nhận trực tuyến toàn trình {shown} hồ sơ",
                         "tiếp nhận trực tuyến toàn trình {shown} hồ sơ", "n"),
    "4.1": ngettext_lazy("đồng bộ dữ liệu phí, lệ phí của {shown} TTHC",
                         "đồng bộ dữ liệu phí, lệ phí của {shown} TTHC", "n"),
    "4.2": ngettext_lazy("có giao dịch thanh toán trực tuyến cho {shown} TTHC",
                         "có giao dịch thanh toán trực tuyến cho {shown} TTHC", "n"),
    "4.3": ngettext_lazy("thu trực tuyến phí, lệ phí của {shown} hồ sơ",
                         "thu trực tuyến phí, lệ phí của {shown} hồ sơ", "n"),
    "5.1": ngettext_lazy("trả kết quả điện tử cho {shown} hồ sơ", "trả kết quả điện tử cho {shown} hồ sơ", "n"),
    "5.2": ngettext_lazy("số hóa {shown} hồ sơ", "số hóa {shown} hồ sơ", "n"),
    "5.3": ngettext_lazy("chứng thực điện tử thêm {shown} trường hợp", "chứng thực điện tử thêm {shown} trường hợp", "n"),
    "5.4": ngettext_lazy("tái sử dụng dữ liệu số hóa cho {shown} hồ sơ",
                         "tái sử dụng dữ liệu số hóa cho {shown} hồ sơ", "n"),
    "5.5": ngettext_lazy("liên kết kho dữ liệu cá nhân cho {shown} hồ sơ",
                         "liên kết kho dữ liệu cá nhân cho {shown} hồ sơ", "n"),
    "5.6": ngettext_lazy("khai thác CSDL quốc gia về dân cư cho {shown} TTHC",
                         "khai thác CSDL quốc gia về dân cư cho {shown} TTHC", "n"),
    "5.7": ngettext_lazy("khai thác dữ liệu dân cư cho {shown} hồ sơ", "khai thác dữ liệu dân cư cho {shown} hồ sơ", "n"),
    "6.1": ngettext_lazy("xử lý đúng hạn {shown} PAKN", "xử lý đúng hạn {shown} PAKN", "n"),
    "6.2": ngettext_lazy("làm hài lòng người gửi {shown} PAKN", "làm hài lòng người gửi {shown} PAKN", "n"),
    "6.3": ngettext_lazy("khắc phục {shown} hồ sơ trễ hạn hoặc không hài lòng",
                         "khắc phục {shown} hồ sơ trễ hạn hoặc không hài lòng", "n"),
}
OTHER_ACTION = ngettext_lazy("khắc phục {shown} mục làm mất điểm", "khắc phục {shown} mục làm mất điểm", "n")


def points_text(value: Decimal) -> str:
    """``+0,80`` in Vietnamese, ``+0.80`` in English: a gain, two decimals as every score."""
    return "+" + number_format(value, 2)


def action_text(code: str, n: int) -> str:
    """"trả đúng hạn 12 hồ sơ trễ, quá hạn": correcting ``n`` items of indicator ``code``, in words."""
    return str(ACTIONS.get(code, OTHER_ACTION).format(n=n, shown=number_format(n)))


def gain_text(code: str, n: int, gain: Decimal) -> str:
    """"trả đúng hạn 12 hồ sơ trễ, quá hạn: +0,80 điểm": the line of an indicator's option or a unit's share."""
    return _("{action}: {points} điểm").format(action=action_text(code, n), points=points_text(gain))


@dataclass(frozen=True)
class Step:
    """The ``k``-th item of an indicator's list: correcting it and those before adds ``gain``."""

    k: int
    gain: Decimal
    listed: analytics.Listed
    kpi: str  # the KPI whose list holds it ("late" or "satisfaction_rate" for 6.3)


@dataclass(frozen=True)
class Choice:
    """One indicator of a unit's "Điểm có thể tăng": what correcting its items would add."""

    indicator: score766.Indicator
    score: score766.IndicatorScore
    option: whatif766.Option
    listed: bool  # its items are dossiers of the engine's lists (False: an input figure, counted only)
    steps: list[Step] = field(default_factory=list)
    preparing: bool = False  # the figure's list is still being written (a few seconds after a computation)

    @property
    def items(self) -> int:
        return self.option.lost.items

    @property
    def text(self) -> str:
        return gain_text(self.indicator.code, self.items, self.option.gain)

    @property
    def per_item_text(self) -> str:
        return _("mục đầu tiên: {points} điểm").format(points=points_text(self.option.per_item))

    @property
    def enough_text(self) -> str:
        """Said when fewer corrections than the items give the full gain (a shape capped at a target)."""
        if self.option.enough >= self.items:
            return ""
        return _("Chỉ cần {enough} trong {items} mục là đạt {points} điểm của chỉ số (tối đa {top}).").format(
            enough=number_format(self.option.enough), items=number_format(self.items),
            points=number_format(self.option.lost.points_after(self.option.enough), 2),
            top=number_format(self.indicator.max_points, 2))


def _lost(indicator: score766.Indicator, score: score766.IndicatorScore, value, lengths: dict[str, int | None]
          ) -> tuple[whatif766.Lost | None, bool]:
    """The lost items of an indicator as the scorecard scored it, and whether they are listed dossiers.

    ``value`` is the stored figure the scorecard scored it from (``services.Scorecard.indicators``; 6.3's
    is the dossiers handled), ``lengths`` the lengths of the unit's lists by KPI (analytics.list_length).
    A figure from another system (``services.input_key``) is counted, not listed."""
    if value is None or not score.has_data:
        return None, False
    if value.kpi_code == services.input_key(indicator.code):
        return whatif766.plain(indicator, value.numerator, value.denominator), False
    if indicator.code == "6.3":
        late, disliked = (lengths.get(kpi) for kpi in services.LISTS["6.3"])
        return whatif766.satisfaction(indicator, value.denominator, late, disliked), True
    return whatif766.plain(indicator, value.numerator, value.denominator), indicator.code in services.LISTS


def _lengths(values: dict[str, services.Stored]) -> dict[str, int | None]:
    return {kpi: analytics.list_length(values.get(kpi)) for kpi in services.LISTS["6.3"]}


def _losts(scored, values) -> list[tuple[score766.Indicator, score766.IndicatorScore, whatif766.Lost, bool]]:
    """Each indicator of a scorecard with items to correct; one whose recomputed points differ from the
    scorecard's is left out (never a gain from another figure than the one shown)."""
    lengths = _lengths(values)
    out = []
    for ind, score, value in scored:
        lost, listed = _lost(ind, score, value, lengths)
        if lost is None:
            continue
        if lost.now != score.points:
            logger.warning("766 what-if: %s scored %s, recomputed %s; left out", ind.code, score.points, lost.now)
            continue
        out.append((ind, score, lost, listed))
    return out


@dataclass(frozen=True)
class UnitWhatIf:
    """A unit's "Điểm có thể tăng" for a period."""

    card: services.Scorecard
    choices: list[Choice]

    @property
    def gain(self) -> Decimal:
        """What correcting every item would add to the total (the total is the indicators' sum)."""
        return sum((c.option.gain for c in self.choices), Decimal(0))


def for_unit(unit: Unit, kind: str, start: date, *, steps: int = STEPS) -> UnitWhatIf:
    """The unit's indicators ordered by the points correcting their items would add, each with the first
    ``steps`` dossiers of its list and the points correcting them one by one adds (cumulative)."""
    card = services.scorecard(unit, kind, start)
    values = {v.kpi_code: v for v in analytics.values_for(codes=services.LISTS["6.3"], period_kind=kind,
                                                           period_start=start, units=[unit.pk])}
    losts = _losts(card.indicators, values)
    found = {ind.code: (ind, score, listed) for ind, score, _lost, listed in losts}
    options = whatif766.ordered(lost for _i, _s, lost, _l in losts)
    choices = []
    for option in options:
        ind, score, listed = found[option.code]
        rows, preparing = [], False
        if listed and steps:
            page = services.lost_dossiers(unit, ind.code, kind, start, page=1, size=steps)
            preparing = page.preparing
            gains = dict(whatif766.steps(option.lost, 1, steps))
            rows = [Step(k, gains[k], item, kpi) for k, (item, kpi) in enumerate(page.rows, start=1) if k in gains]
        choices.append(Choice(ind, score, option, listed, rows, preparing))
    return UnitWhatIf(card, choices)


# --- The province's own total -------------------------------------------------------------------


def provinces(kind: str, start: date) -> list[Unit]:
    """The provinces with figures for the period (the stored on-time rate of the province itself), the one
    that handled the most dossiers first, then by name."""
    handled = {v.unit_id: v.denominator or 0 for v in analytics.values_for(
        codes=["ontime_rate"], period_kind=kind, period_start=start, unit_block=Block.PROVINCE)}
    return sorted(Unit.objects.filter(pk__in=handled), key=lambda u: (-handled[u.pk], u.name, u.pk))


def pick_province(kind: str, start: date | None, asked: int | None, user) -> tuple[list[Unit], Unit | None]:
    """The provinces offered for the period and the one shown: ``asked`` if offered, else the user's
    unit's province, else the one that handled the most dossiers (the page and the API choose alike)."""
    offered = provinces(kind, start) if start else []
    mine = Unit.objects.filter(pk=unit_id_of(user)).values_list("province_id", flat=True).first()
    chosen = (next((p for p in offered if p.pk == asked), None) or next((p for p in offered if p.pk == mine), None)
              or (offered[0] if offered else None))
    return offered, chosen


@dataclass(frozen=True)
class ProvinceWhatIf:
    """The province's "Điểm có thể tăng": its own indicators, and the (indicator, unit) pairs whose
    correction adds the most to its total."""

    province: UnitWhatIf
    shares: list[whatif766.Share]  # ``unit``: a services.UnitRef of a unit directly under the province
    units: int  # the units under the province with figures for the period


def for_province(province: Unit, kind: str, start: date, *, rows: int = PROVINCE_ROWS) -> ProvinceWhatIf:
    """The province's own indicators by the points correcting their items would add to its total, and,
    across its units (those directly under it, whose dossiers its figures roll up), the corrections that
    would add the most: each unit's items of each indicator, scored in the province's figures."""
    own = for_unit(province, kind, start, steps=0)
    children = list(Unit.objects.filter(parent=province).values_list("pk", flat=True))
    by_unit = services._values(kind, start, children)  # one read, as the ranking's
    refs = {pk: ref for pk, (ref, _province) in services._units(by_unit).items()}
    items: dict[str, dict[services.UnitRef, int]] = {}
    for unit_id, values in by_unit.items():
        for _ind, _score, lost, _listed in _losts(services._score(values, start), values):
            items.setdefault(lost.indicator.code, {})[refs[unit_id]] = lost.items
    losts = [c.option.lost for c in own.choices]
    return ProvinceWhatIf(own, whatif766.province_list(losts, items, limit=rows), len(by_unit))
