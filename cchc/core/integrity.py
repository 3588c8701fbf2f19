"""Integrity checks on dossiers (issue 14 item 2, PRODUCT F20): which dossiers a unit's handling flags.

Each rule is one condition on one dossier in a period, so the analytics engine counts it as a KPI of the
catalogue (cchc.core.kpis, a count) and writes the list of exactly the dossiers counted with the figure
(cchc.analytics.sql.LISTED_KPIS): the flags page shows the count and opens that list ("one truth"). The
per-dossier functions here state each rule once, table-tested; the engine's SQL measures say the same
(tests/analytics/helpers.measures_of uses these functions as the reference).

Rules and their sources:

- ``closed_before_result``: a dossier closed as processed (status 9 "Đã xử lý xong" or 10 "Đã trả kết
  quả", DOMAIN §4) in the period, of a procedure whose result is a document, with no result on file (no
  electronic result, ``result_digitised``: the portal's ``DanhSachGiayToKetQua``, DOMAIN §10). Source:
  seed 001, Bình Thuận KH 4912/KH-UBND (15/12/2023): "tuyệt đối không để xảy ra tình trạng kết thúc quy
  trình xử lý hồ sơ điện tử trước khi có kết quả giải quyết TTHC"; NĐ 45/2020/NĐ-CP and TT 01/2023/TT-VPCP
  (results issued electronically, DOMAIN §5). The issue's second case, "a result dated after the finish",
  needs the result's date, which no field of the dossier record holds (DOMAIN §10 lists none): not
  checked until imports carry one.
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

Not checked (see docs/integrity.md): ratings in bursts (a window over dossiers, not one dossier, and the
record holds no rating time); online dossiers or payments made at the counter on the citizen's behalf
(seed 001 "tuyệt đối không nộp hồ sơ trực tuyến hoặc thanh toán trực tuyến thay cho người dân": needs
who submitted or paid and from where, which the dossier record does not hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .i18n import N_
from .kpis import FINISHED_STATUSES, PROCESSED_STATUSES


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
)
RULE_CODES: tuple[str, ...] = tuple(r.code for r in RULES)


def closed_before_result(*, status: int, finished_in_period: bool, result_is_document: bool,
                         result_on_file: bool) -> bool:
    """Whether a dossier was closed as processed before its result existed, in the period.

    Source: seed 001 (Bình Thuận KH 4912/KH-UBND, 15/12/2023: never close a dossier electronically before
    its result exists); DOMAIN §4 (statuses 9, 10 mean processed, a result issued) and §5 (a procedure
    without a document result has nothing to wait for). ``finished_in_period``: the end of processing
    falls in the period (cchc.core.kpis: "finished in the period")."""
    assert PROCESSED_STATUSES <= FINISHED_STATUSES
    return status in PROCESSED_STATUSES and finished_in_period and result_is_document and not result_on_file


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
