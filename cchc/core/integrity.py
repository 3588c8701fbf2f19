"""Integrity checks on dossiers (issue 14 item 2, PRODUCT F20): which dossiers a unit's handling flags.

Each rule is one condition on one dossier in a period (``rating_burst`` one on a dossier and its
neighbours' ratings, decided once per dossier), so the analytics engine counts it as a KPI of the
catalogue (cchc.core.kpis, a count) and writes the list of exactly the dossiers counted with the figure
(cchc.analytics.sql.LISTED_KPIS): the flags page shows the count and opens that list ("one truth"). The
per-dossier functions here state each rule once, table-tested; the engine's SQL measures say the same
(tests/analytics/helpers.measures_of uses these functions as the reference).

Rules and their sources:

- ``closed_before_result``: a dossier closed as processed (status 9 "Đã xử lý xong" or 10 "Đã trả kết
  quả", DOMAIN §4) in the period before its result existed: of a procedure whose result is a document,
  with no result on file (no electronic result, ``result_digitised``: the portal's
  ``DanhSachGiayToKetQua``, DOMAIN §10), or with a result signed (``result_issued_at``, CCHC's own field:
  the portal's record has no result date) on a later day than the end of processing. Source: seed 001,
  Bình Thuận KH 4912/KH-UBND (15/12/2023): "tuyệt đối không để xảy ra tình trạng kết thúc quy trình xử
  lý hồ sơ điện tử trước khi có kết quả giải quyết TTHC"; NĐ 45/2020/NĐ-CP and TT 01/2023/TT-VPCP
  (results issued electronically, DOMAIN §5).
- ``supplement_over_once``: more than one supplement request (DOMAIN §4 "at most once"; QĐ 766 scores
  such a dossier late, S1). The catalogue's existing count.
- ``late_without_apology``: late (finished late or pending overdue) without an apology letter (NĐ 61/2018
  Art. 17, NĐ 118/2025 and TT 03/2025 Mẫu 04; seed 001 "nghiêm túc thực hiện đầy đủ, kịp thời việc xin
  lỗi"). The catalogue's existing count.
- ``unreturned``: processed (status 9 or 10) in the period and, at the period's end, its result not yet
  returned (no return date and still status 9, or returned after the period) though processing finished
  more than ``UNRETURNED_DAYS`` calendar days before that end. Source: NĐ 61/2018/NĐ-CP and NĐ
  118/2025/NĐ-CP (the result is returned on the date appointed on the receipt, DOMAIN §4 step 6); the
  allowed delay is the province's choice [I: 10 calendar days, setting CCHC_INTEGRITY_UNRETURNED_DAYS].
- ``rating_burst``: a rating given in a burst: at least ``BURST_COUNT`` identical ratings of one
  competent unit's dossiers within ``BURST_MINUTES`` minutes (``rated_at``, CCHC's own field), a sign
  that the ratings were entered by the counter rather than by citizens. A window over dossiers
  (``rating_bursts``), counted in each flagged dossier's period of receipt like every rating figure.
  Source: issue 14 (F20) and TT 01/2018/TT-VPCP (the rating is the citizen's own); the numbers are the
  province's [I: 10 ratings in 5 minutes, settings CCHC_INTEGRITY_BURST_COUNT, CCHC_INTEGRITY_BURST_MINUTES].
- ``on_behalf``: an online dossier submitted by an official's account or from the one-stop counter's
  terminal, or an online payment made by an official's account (``submitted_by_official``,
  ``submitted_at_counter``, ``paid_by_official``: CCHC's own fields, none in the portal's record). Source:
  seed 001 (KH 4912/KH-UBND: "tuyệt đối không nộp hồ sơ trực tuyến hoặc thanh toán trực tuyến thay cho
  người dân"). Only what the data shows: a dossier without these fields is never flagged, and how many
  carry them is counted (``on_behalf_data``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from .i18n import N_
from .kpis import FINISHED_STATUSES, PROCESSED_STATUSES
from .timeliness import Channel

K = TypeVar("K")


@dataclass(frozen=True)
class IntegrityRule:
    """One check: ``code`` is the KPI of the catalogue that counts it (and names its list of dossiers)."""

    code: str
    name_vi: str
    source: str  # a message id too: shown in the reader's language


RULES: tuple[IntegrityRule, ...] = (
    IntegrityRule("closed_before_result", N_("Kết thúc xử lý khi chưa có kết quả"),
                  N_("Kế hoạch 4912/KH-UBND ngày 15/12/2023 của UBND tỉnh Bình Thuận; NĐ 45/2020/NĐ-CP; TT 01/2023/TT-VPCP")),
    IntegrityRule("supplement_over_once", N_("Yêu cầu bổ sung quá 01 lần"),
                  N_("NĐ 61/2018/NĐ-CP; NĐ 118/2025/NĐ-CP; QĐ 766/QĐ-TTg (chỉ tiêu 2.1)")),
    IntegrityRule("unreturned", N_("Đã xử lý xong nhưng chậm trả kết quả"),
                  N_("NĐ 61/2018/NĐ-CP; NĐ 118/2025/NĐ-CP (trả kết quả theo ngày hẹn trả); số ngày do tỉnh quy định")),
    IntegrityRule("late_without_apology", N_("Trễ hạn, chưa có văn bản xin lỗi"),
                  N_("NĐ 61/2018/NĐ-CP, Điều 17; NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP, Mẫu 04")),
    IntegrityRule("rating_burst", N_("Đánh giá hàng loạt trong ít phút"),
                  N_("TT 01/2018/TT-VPCP (người dân tự đánh giá); số đánh giá và số phút do tỉnh quy định")),
    IntegrityRule("on_behalf", N_("Nộp hoặc thanh toán trực tuyến thay người dân"),
                  N_("Kế hoạch 4912/KH-UBND ngày 15/12/2023 của UBND tỉnh Bình Thuận (tuyệt đối không nộp hồ sơ "
                     "trực tuyến hoặc thanh toán trực tuyến thay cho người dân)")),
)
#: The count of dossiers carrying the data ``on_behalf`` reads (its coverage), shown beside its flags.
ON_BEHALF_DATA = "on_behalf_data"
RULE_CODES: tuple[str, ...] = tuple(r.code for r in RULES)


def closed_before_result(*, status: int, finished_in_period: bool, result_is_document: bool,
                         result_on_file: bool, finished_on: date | None = None,
                         result_issued_on: date | None = None) -> bool:
    """Whether a dossier was closed as processed before its result existed, in the period: no result on
    file where the result is a document, or a result signed on a later (local) day than the end of
    processing (``result_issued_on`` > ``finished_on``; by day, as a result's date is a day).

    Source: seed 001 (Bình Thuận KH 4912/KH-UBND, 15/12/2023: never close a dossier electronically before
    its result exists); DOMAIN §4 (statuses 9, 10 mean processed, a result issued) and §5 (a procedure
    without a document result has nothing to wait for). ``finished_in_period``: the end of processing
    falls in the period (cchc.core.kpis: "finished in the period"). Only what the data shows: no result
    date, no second case."""
    assert PROCESSED_STATUSES <= FINISHED_STATUSES
    if status not in PROCESSED_STATUSES or not finished_in_period:
        return False
    signed_later = finished_on is not None and result_issued_on is not None and result_issued_on > finished_on
    return (result_is_document and not result_on_file) or signed_later


#: Calendar days a processed dossier may wait for its return before it is flagged [I]; the installation's
#: value is the setting CCHC_INTEGRITY_UNRETURNED_DAYS.
UNRETURNED_DAYS = 10


def unreturned(*, status: int, finished_on: date | None, returned_on: date | None, period_first: date,
               period_last: date, days: int = UNRETURNED_DAYS) -> bool:
    """Whether, at the end of the period [period_first, period_last] (local days), a dossier processed in
    the period had waited more than ``days`` calendar days for its result to be returned.

    Source: NĐ 61/2018/NĐ-CP and NĐ 118/2025/NĐ-CP (the result is returned on the appointed date, DOMAIN
    §4 step 6); the delay allowed is the province's [I]. Only what the data shows: a dossier marked
    returned (10) with no return date is not flagged; a return date, when recorded, decides."""
    if status not in PROCESSED_STATUSES or finished_on is None or not period_first <= finished_on <= period_last:
        return False
    waiting = status == 9 if returned_on is None else returned_on > period_last
    return waiting and (period_last - finished_on).days > days


def supplement_over_once(*, supplement_count: int) -> bool:
    """More than one supplement request. Source: DOMAIN §4 (at most once; QĐ 766 S1 scores it late)."""
    return supplement_count > 1


#: A burst of ratings [I]: at least this many identical ratings of one unit within BURST_MINUTES minutes;
#: the installation's values are the settings CCHC_INTEGRITY_BURST_COUNT and CCHC_INTEGRITY_BURST_MINUTES.
BURST_COUNT = 10
BURST_MINUTES = 5


def rating_bursts(ratings: Iterable[tuple[K, object, int, datetime]], *, count: int = BURST_COUNT,
                  minutes: int = BURST_MINUTES) -> set[K]:
    """The keys of the ratings given in a burst: ``ratings`` are (key, unit, rating, moment); a rating is
    in a burst when, with it, at least ``count`` ratings of the same unit and value fall within one span of
    ``minutes`` minutes (both ends included). Every rating of such a span is flagged.

    Source: issue 14 (F20: many identical ratings from one unit in minutes) and TT 01/2018/TT-VPCP (the
    rating is the citizen's own); ``count`` and ``minutes`` are the province's [I]. Only ratings 1-3 with
    a moment count (a rating without ``rated_at`` shows no burst)."""
    span = timedelta(minutes=minutes)
    groups: dict[tuple[object, int], list[tuple[datetime, K]]] = {}
    for key, unit, rating, moment in ratings:
        if moment is not None and rating in (1, 2, 3):
            groups.setdefault((unit, rating), []).append((moment, key))
    flagged: set[K] = set()
    for found in groups.values():
        found.sort(key=lambda pair: pair[0])
        end = 0
        for start, (moment, _key) in enumerate(found):  # the span opening at each rating
            end = max(end, start)
            while end + 1 < len(found) and found[end + 1][0] - moment <= span:
                end += 1
            if end - start + 1 >= count:
                flagged.update(k for _m, k in found[start:end + 1])
    return flagged


def on_behalf(*, channel: int, submitted_by_official: bool | None, submitted_at_counter: bool | None,
              paid_online: bool, paid_by_official: bool | None) -> bool:
    """An online dossier (channel 2) submitted by an official's account or from the one-stop counter's
    terminal, or an online payment made by an official's account.

    Source: seed 001 (Bình Thuận KH 4912/KH-UBND, 15/12/2023: "tuyệt đối không nộp hồ sơ trực tuyến hoặc
    thanh toán trực tuyến thay cho người dân"). Only what the data shows: None (not said) never flags."""
    submitted = channel == Channel.ONLINE and (submitted_by_official is True or submitted_at_counter is True)
    return submitted or (paid_online and paid_by_official is True)


def on_behalf_data(*, submitted_by_official: bool | None, submitted_at_counter: bool | None,
                   paid_by_official: bool | None) -> bool:
    """Whether a dossier carries any of the data ``on_behalf`` reads (the check's coverage)."""
    return any(v is not None for v in (submitted_by_official, submitted_at_counter, paid_by_official))
