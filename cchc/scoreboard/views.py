from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cchc.accounts.permissions import require, unit_id_of
from cchc.analytics import services as analytics
from cchc.analytics.choices import LIST_REASONS, PeriodKind, group_name, period_name
from cchc.core.levels import Block
from cchc.core.parsing import MAX_PAGE, ascii_int
from cchc.dossiers.choices import TimelinessChoices
from cchc.platform import xlsx_export
from cchc.units.choices import ALL_BLOCKS, DEFAULT_BLOCK, block_choices, block_label, chosen_block
from cchc.units.models import Unit

from . import inputs, services, whatif
from .permissions import (
    can_view_lost_dossiers,
    can_view_province_whatif,
    can_view_scoreboard,
    can_view_whatif,
)

PAGE_SIZE = 50


def _kind(request) -> str:
    kind = request.GET.get("kind", "quarter")
    return kind if kind in PeriodKind.values else "quarter"


def _start(request, available: list[date]) -> date | None:
    raw = request.GET.get("start", "")
    try:
        return date.fromisoformat(raw) if raw else (available[0] if available else None)
    except ValueError:
        return available[0] if available else None


class Numbers:
    """Numbers written as ``number_format`` writes them in the active language ("1.234,50" in Vietnamese,
    "1,234.50" in English), "—" for no data (which is not 0).

    ``number_format`` looks the language's separators up on every call; a ranking has some 2,000 cells,
    so this reads them once per table. Python's own formatting is used where it gives the same text:
    integers, and Decimals with at most ``digits`` decimals (the core rounds every score to 2); anything
    else goes to ``number_format`` (a test compares the two).
    """

    def __init__(self) -> None:
        grouped = settings.USE_THOUSAND_SEPARATOR and get_format("NUMBER_GROUPING") == 3
        self.spec = "," if grouped else ""
        self.table = str.maketrans({",": get_format("THOUSAND_SEPARATOR") if grouped else "",
                                    ".": get_format("DECIMAL_SEPARATOR")})

    def __call__(self, value, digits: int = 2) -> str:
        if value is None:
            return "—"
        if value == 0:
            value = 0  # "0,00", never "-0,00"
        if (type(value) is int) or (isinstance(value, Decimal) and value.is_finite()
                                    and value.as_tuple().exponent >= -digits):
            return format(value, f"{self.spec}.{digits}f").translate(self.table)
        return number_format(value, digits)


def change_text(change) -> str:
    """A rank's change against the previous period as the ranking shows it (page and Excel alike): "↑ 3"
    (up three places), "↓ 2", "=" (unchanged), "mới" (not ranked in the previous period), "—" (the previous
    period has no ranking to compare with)."""
    if change is None or (change.moved is None and not change.new):
        return "—"
    if change.new:
        return str(_("mới"))
    if change.moved > 0:
        return f"↑ {change.moved}"
    return f"↓ {-change.moved}" if change.moved < 0 else "="


def change_title(change) -> str:
    """The change in words, for the cell's tooltip and screen readers."""
    if change is None or change.previous is None:
        return str(_("Không xếp hạng ở kỳ trước")) if change is not None and change.new else ""
    return str(_("Kỳ trước hạng {rank}")).format(rank=change.previous)


def ranking_columns(every: bool, banded: bool, published: bool = False) -> list[tuple[str, str]]:
    """The ranking table's columns, (header, CSS class), in the page's order; the Excel file has the same.
    Group headers are the groups' full names with their maximum (never cut: they wrap). With ``published``
    (the portal's figures imported for the period, cchc.portal766), the portal's score and rank in block last."""
    groups = [(f"{n}. {group_name(n)} (/{top:.0f})", "num") for n, (_name, top) in sorted(services.score766.GROUPS.items())]
    return [
        (str(_("Hạng")), "num"), (str(_("So với kỳ trước")), "num"),
        *([] if every else [(str(_("Hạng chung")), "num")]), (str(_("Đơn vị")), "unit key"), *groups,
        (str(_("Tổng điểm")), "num total"), (str(_("Điểm tính được (/100)")), "num"), (str(_("Tỷ lệ điểm đạt (%)")), "num"),
        *([(str(_("Xếp loại")), "")] if banded else []), (str(_("Hồ sơ")), "num"),
        *([(str(_("Điểm Cổng DVCQG công bố")), "num"), (str(_("Hạng trong khối trên Cổng")), "num")] if published else []),
    ]


def ranking_values(rows: list[services.Row], every: bool, banded: bool, published: dict | None = None) -> list[list]:
    """The ranking table's rows as values (numbers as numbers, None for no data): the page formats them,
    the Excel file writes them as they are, so both hold the same rows. ``published``: the portal's figures
    by unit (cchc.scoreboard.inputs.published), two more columns when given."""
    return [[
        r.rank, change_text(r.change), *([] if every else [r.overall]), r.unit.name,
        *(g.points for g in r.groups.values()), r.total.points, r.total.available, r.total.share,
        *([r.total.band or ""] if banded else []), r.received,
        *([getattr(published.get(r.unit.pk), "total", None), getattr(published.get(r.unit.pk), "group_rank", None)]
          if published else []),
    ] for r in rows]


def _ranking_table(kind: str, start: date, block: str, stamp: str) -> dict:
    """The ranking and repeat-offender tables of a period and block as HTML, with each ranked unit's rank.

    The same for every user who may see the scoreboard (it is province-wide, read from stored values),
    so it is rendered once per period, block and language and cached until the values are recomputed
    (see ``ranking``). Every cell is formatted here, once; the template only places strings.
    """
    rows = services.ranked_cached(kind, start, block, stamp)
    offenders = services.repeat_offenders(kind, start, block=block)
    fmt = Numbers()
    every, banded = block == ALL_BLOCKS, bool(services.bands())
    query = "?" + urlencode({"kind": kind, "start": start.isoformat()})
    link = reverse("scoreboard:unit", args=[0]).removesuffix("0/")  # one reverse, not one per row
    published = inputs.published(kind, start, [r.unit.pk for r in rows])
    columns = ranking_columns(every, banded, bool(published))
    name_at = 2 if every else 3
    total_at = name_at + 1 + len(services.score766.GROUPS)  # then the points available, then the share
    table = []
    for r, values in zip(rows, ranking_values(rows, every, banded, published), strict=True):
        cells = []
        for i, (value, (_header, css)) in enumerate(zip(values, columns, strict=True)):
            text = value if isinstance(value, str) else fmt(value, 2 if isinstance(value, Decimal) and i != total_at + 1 else 0)
            if i == total_at + 2 and value is not None:
                text += "%"
            cells.append({"text": text, "css": css, "title": change_title(r.change) if i == 1 else "",
                          "url": f"{link}{r.unit.pk}/{query}" if i == name_at else "", "bold": i == total_at})
        table.append({"pk": str(r.unit.pk), "cells": cells})
    late = [{"name": u.name, "url": f"{link}{u.pk}/{query}", "shares": " · ".join(fmt(s) for s in shares)}
            for u, shares in offenders]
    uncounted = services.never_scored()
    html = render_to_string("scoreboard/_ranking_table.html", {
        "rows": table, "columns": columns, "offenders": late, "label": period_name(kind, start),
        "block_name": block_label(block), "every": every,
        "scored_points": fmt(services.score766.HUNDRED - sum(i.max_points for i in uncounted), 0),
        "unscored_points": fmt(sum(i.max_points for i in uncounted), 0),
        "unscored": ", ".join(i.code for i in uncounted), "all_scored": not uncounted,
        "bands": "; ".join(f"{b.label} ≥ {fmt(b.min_points, 0 if b.min_points == b.min_points.to_integral() else 2)}"
                           for b in services.bands()),
    })
    return {"html": html, "count": len(rows), "ranks": {r.unit.pk: (r.rank, r.unit.name) for r in rows}}


def _ranking_choice(request) -> tuple[str, str, str, list[date], date | None]:
    """The ranking's (kind, block, values' stamp, periods with data, period) from the query, as the page
    reads them: an unknown kind, block or period falls back to the default, never an error."""
    kind = _kind(request)
    try:
        block = chosen_block(request.GET.get("block"), request.GET.get("unit_kind"))
    except ValueError:
        block = DEFAULT_BLOCK
    stamp = analytics.values_stamp(kind)
    available = services.cached(f"periods:{kind}:{block}", stamp, lambda: services.periods(kind, block))
    if block == Block.DISTRICT and not available:  # no district has figures of this kind: not offered
        block = DEFAULT_BLOCK
        available = services.cached(f"periods:{kind}:{block}", stamp, lambda: services.periods(kind, block))
    return kind, block, stamp, available, _start(request, available)


@login_required
def ranking(request):
    """The 766 ranking of one block's units for a period (``block``: agency, commune, district or all;
    the commune block by default, as on the national portal; ``unit_kind``, the older parameter, is read
    as its block). An unknown value shows the default block.

    Everything derived from stored KPI values (the periods offered, the tables) is cached under the
    values' stamp, so a request after the first reads one aggregate row; the table's key also holds the
    block and the language, since names and number formats depend on it. What depends on the user (the
    header, their own unit's rank and highlight) is rendered per request around the cached HTML.
    """
    require(can_view_scoreboard(request.user))
    kind, block, stamp, available, start = _ranking_choice(request)
    offered = services.blocks_offered(kind, start, stamp)
    table = None
    if start in available:  # otherwise no unit of the block handled a dossier then: nothing to rank
        key = f"table:{kind}:{start.isoformat()}:{block}:{get_language()}"
        table = services.cached(key, stamp, lambda: _ranking_table(kind, start, block, stamp))
    mine = unit_id_of(request.user)
    mine_ranked = table["ranks"].get(mine) if table and mine else None
    return render(request, "scoreboard/ranking.html", {
        # The cached HTML is our own template's output, escaped when it was rendered.
        "table": mark_safe(table["html"]) if table else "", "ranked": table["count"] if table else 0,
        "mine": str(mine), "mine_ranked": mine_ranked, "province_whatif": can_view_province_whatif(request.user),
        "kind": kind, "start": start, "periods": [(p, period_name(kind, p)) for p in available],
        "kinds": PeriodKind.choices, "chosen_block": block, "blocks": block_choices(offered),
        "export": f"{reverse('scoreboard:ranking_xlsx')}?{urlencode({'kind': kind, 'start': start.isoformat(), 'block': block})}"
        if table else "",
    })


@login_required
def ranking_xlsx(request):
    """The ranking page's table as an Excel file, for the same period and block (the same rows: the page
    and the file are built from ``ranking_values``), under the page's permission."""
    require(can_view_scoreboard(request.user))
    kind, block, stamp, available, start = _ranking_choice(request)
    every, banded = block == ALL_BLOCKS, bool(services.bands())
    rows = services.ranked_cached(kind, start, block, stamp) if start in available else []
    published = inputs.published(kind, start, [r.unit.pk for r in rows]) if rows else {}
    label = period_name(kind, start) if start else ""
    title = str(_("Xếp hạng Bộ chỉ số 766 · {block} · {period}")).format(block=block_label(block), period=label)
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename("xep-hang-766", str(block), start.isoformat() if start else ""),
        columns=[h for h, _css in ranking_columns(every, banded, bool(published))],
        rows=ranking_values(rows, every, banded, published),
        title=title, sheet=str(_("Xếp hạng 766")))


@login_required
def unit_scorecard(request, pk: int):
    require(can_view_scoreboard(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    kind = _kind(request)
    available = services.periods(kind, unit.block)
    start = _start(request, available)
    card = services.scorecard(unit, kind, start) if start else None
    links = {}
    may_list = bool(card) and can_view_lost_dossiers(request.user, unit.pk)  # = can_view_whatif, asked once
    if may_list:
        query = urlencode({"kind": kind, "start": start.isoformat()})
        for code in services.explained(card):
            links[code] = f"{reverse('scoreboard:dossiers', args=[unit.pk, code])}?{query}"
    # Input-fed indicators (cchc.scoreboard.inputs) link to the records or counts behind their figure.
    fed = {ind.code for ind, s, v in card.indicators if s.has_data and v and v.kpi_code == services.input_key(ind.code)} \
        if may_list else set()
    sources = {c: url for c, url in inputs.source_urls(unit, kind, start).items() if c in fed} if fed else {}
    groups = [(n, group_name(n), g) for n, g in card.groups.items()] if card else []
    placed = services.block_rank(unit, kind, start, analytics.values_stamp(kind)) if card else None
    published = inputs.published(kind, start, [unit.pk]).get(unit.pk) if card else None
    return render(request, "scoreboard/unit.html", {
        "placed": placed, "block_name": block_label(unit.block) if placed else "", "published": published,
        "unit": unit, "card": card, "groups": groups, "kind": kind, "start": start, "links": links,
        "sources": sources, "periods": [(p, period_name(kind, p)) for p in available], "kinds": PeriodKind.choices,
        "label": period_name(kind, start) if start else "",
        "unscored": card.total.max - card.total.available if card else None,
        "whatif": f"{reverse('scoreboard:whatif', args=[unit.pk])}?{urlencode({'kind': kind, 'start': start.isoformat()})}"
        if may_list else "",
    })


def _lost_choice(request, pk: int, indicator: str):
    """The unit, period kind, periods and period of a lost-dossiers page (or its file), under its permissions."""
    require(can_view_scoreboard(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    require(can_view_lost_dossiers(request.user, unit.pk))
    if indicator not in services.LISTS:
        raise Http404(_("Chỉ số {code} không có danh sách hồ sơ.").format(code=indicator))
    kind = _kind(request)
    available = services.periods(kind, unit.block)
    return unit, kind, available, _start(request, available)


def lost_columns() -> list[str]:
    """The lost-dossiers table's columns, as the page heads them."""
    return [_("Mã hồ sơ"), _("Đơn vị"), _("Thủ tục"), _("Tiếp nhận"), _("Hẹn trả"), _("Kết thúc"), _("Lý do"),
            _("Tình trạng cuối kỳ")]


def _lost_items(lost) -> list[tuple]:
    return [(item.dossier, LIST_REASONS[kpi], item.timeliness, TimelinessChoices(item.timeliness).label)
            for item, kpi in (lost.rows if lost else [])]


@login_required
def lost_dossiers_xlsx(request, pk: int, indicator: str):
    """The dossiers behind the lost points as an Excel file: the page's rows, every page of them (at most
    ``EXPORT_MAX_ROWS``), read from the same lists."""
    unit, kind, _available, start = _lost_choice(request, pk, indicator)
    limit = settings.EXPORT_MAX_ROWS
    lost = services.lost_dossiers(unit, indicator, kind, start, page=1, size=limit) if start else None
    if lost is not None and lost.preparing:
        messages.info(request, _("Danh sách hồ sơ của số liệu này đang được chuẩn bị; hãy tải lại sau ít giây."))
        return redirect(f"{reverse('scoreboard:dossiers', args=[unit.pk, indicator])}?{request.GET.urlencode()}")
    rows = ([d.code, d.unit.name, d.procedure.name, d.received_at, d.due_at, d.finished_at, str(reason), str(label)]
            for d, reason, _cls, label in _lost_items(lost))
    label = period_name(kind, start) if start else ""
    return xlsx_export.xlsx_response(
        name=xlsx_export.filename("ho-so-mat-diem", indicator, str(unit.pk), start.isoformat() if start else ""),
        columns=lost_columns(), rows=rows, max_rows=limit, sheet=indicator,
        title=str(_("Hồ sơ làm mất điểm · {unit} · chỉ số {code} · kỳ {period}")).format(
            unit=unit.name, code=indicator, period=label))


@login_required
def lost_dossiers(request, pk: int, indicator: str):
    """The dossiers that cost a unit points on one 766 indicator in a period: the engine's own list for
    the figure (cchc.scoreboard.services.lost_dossiers), so the count is the scorecard's
    denominator − numerator, and each dossier shows the class it was counted in at the period's end."""
    unit, kind, available, start = _lost_choice(request, pk, indicator)
    raw_page = request.GET.get("page", "1")
    page = max(1, ascii_int(raw_page, maximum=MAX_PAGE) or 1)
    lost = services.lost_dossiers(unit, indicator, kind, start, page=page, size=PAGE_SIZE) if start else None
    return render(request, "scoreboard/dossiers.html", {
        "unit": unit, "code": indicator, "lost": lost, "kind": kind, "start": start, "page": page,
        "periods": [(p, period_name(kind, p)) for p in available], "kinds": PeriodKind.choices,
        "label": period_name(kind, start) if start else "",
        "query": urlencode({"kind": kind, "start": start.isoformat()}) if start else "",
        "items": _lost_items(lost), "columns": lost_columns(),
        "several_lists": len(services.LISTS[indicator]) > 1,
    })


# --- "Điểm có thể tăng": what would raise the score (issue #15, item 4) -----------------------------


def _figure(fmt: Numbers, value) -> str:
    """A numerator or denominator: whole as a count, else two decimals (1.4's last year ÷ 12)."""
    return fmt(value, 0 if value == int(value) else 2)


def _whatif_rows(found, unit: Unit, kind: str, start: date | None, query: str) -> list[dict]:
    """The indicators of a "Điểm có thể tăng" page, each with its line, its dossiers and its link to the
    full list; an indicator fed by another system (no dossiers) links instead to the records behind its
    figure (the procedures, petitions or counts: ``inputs.source_urls``, as the scorecard's "xem số liệu
    nguồn"). Every number written here, in the reader's format."""
    fmt = Numbers()
    rows = []
    unlisted = found is not None and any(not c.listed for c in found.choices)
    sources = inputs.source_urls(unit, kind, start) if unlisted and start else {}
    for c in found.choices if found else []:
        rows.append({
            "choice": c, "code": c.indicator.code, "group": c.indicator.group,
            "points": fmt(c.score.points), "max": fmt(c.score.max_points, 0), "gain": whatif.points_text(c.option.gain),
            "fraction": f"{_figure(fmt, c.option.lost.numerator)} / {_figure(fmt, c.option.lost.denominator)}",
            "items": fmt(c.items, 0), "enough": fmt(c.option.enough, 0),
            "steps": [{"k": fmt(s.k, 0), "gain": whatif.points_text(s.gain), "dossier": s.listed.dossier,
                       "reason": LIST_REASONS[s.kpi]} for s in c.steps],
            "more": c.items - len(c.steps) if c.listed and not c.preparing else 0,
            "list": f"{reverse('scoreboard:dossiers', args=[unit.pk, c.indicator.code])}?{query}" if c.listed else "",
            "source": "" if c.listed else sources.get(c.indicator.code, ""),
        })
    return rows


@login_required
def unit_whatif(request, pk: int):
    """"Điểm có thể tăng" of a unit for a period: its indicators ordered by the points correcting the
    items behind their lost points would add ("trả đúng hạn 12 hồ sơ trễ, quá hạn: +0,80 điểm"), with the
    dossiers of each list and the points each correction adds (cchc.scoreboard.whatif.for_unit). It names
    dossiers, so it is read under the rule of their lists (permissions.can_view_whatif)."""
    require(can_view_scoreboard(request.user))
    unit = get_object_or_404(Unit, pk=pk)
    require(can_view_whatif(request.user, unit.pk))
    kind = _kind(request)
    available = services.periods(kind, unit.block)
    start = _start(request, available)
    found = whatif.for_unit(unit, kind, start) if start else None
    query = urlencode({"kind": kind, "start": start.isoformat()}) if start else ""
    fmt = Numbers()
    return render(request, "scoreboard/whatif.html", {
        "unit": unit, "found": found, "rows": _whatif_rows(found, unit, kind, start, query), "kind": kind, "start": start,
        "periods": [(p, period_name(kind, p)) for p in available], "kinds": PeriodKind.choices,
        "label": period_name(kind, start) if start else "", "query": query,
        "total": fmt(found.card.total.points) if found else "", "gain": fmt(found.gain) if found else "",
        "province_page": can_view_province_whatif(request.user),
    })


@login_required
def province_whatif(request):
    """"Điểm có thể tăng" of the province's own total: its indicators by the points their correction would
    add, and across its units the corrections that would add the most (cchc.scoreboard.whatif.for_province),
    for the PAR officer and the leaders (permissions.can_view_province_whatif)."""
    require(can_view_province_whatif(request.user))
    kind = _kind(request)
    available = services.periods(kind, Block.PROVINCE)
    start = _start(request, available)
    offered, chosen = whatif.pick_province(kind, start, ascii_int(request.GET.get("province")), request.user)
    found = whatif.for_province(chosen, kind, start) if chosen else None
    query = urlencode({"kind": kind, "start": start.isoformat()}) if start else ""
    fmt = Numbers()
    shares = [{"code": s.lost.indicator.code, "indicator": s.lost.indicator, "unit": s.unit,
               "url": f"{reverse('scoreboard:whatif', args=[s.unit.pk])}?{query}", "items": fmt(s.items, 0),
               "gain": whatif.points_text(s.gain), "text": whatif.action_text(s.lost.indicator.code, s.items)}
              for s in (found.shares if found else [])]
    return render(request, "scoreboard/province_whatif.html", {
        "province": chosen, "provinces": offered, "found": found, "shares": shares,
        "rows": _whatif_rows(found.province if found else None, chosen, kind, start, query) if chosen else [],
        "kind": kind, "start": start, "periods": [(p, period_name(kind, p)) for p in available],
        "kinds": PeriodKind.choices, "label": period_name(kind, start) if start else "", "query": query,
        "total": fmt(found.province.card.total.points) if found else "",
        "gain": fmt(found.province.gain) if found else "",
    })
