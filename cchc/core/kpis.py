"""The KPI catalogue: what each dossier indicator counts, by which formula, on which legal basis.

Sources:
- QĐ 766/QĐ-TTg (23/6/2022) and the DVCQG document "Mô tả công thức tính chỉ số 766" (DOMAIN S1,
  §1.1): the on-time rate (group 2, indicator 2.1), the online-service rates (3.3, toàn trình in the
  current METRICS), online payment (3.6), digitisation (4.1–4.3). Rate = numerator / denominator × 100;
  a denominator of 0 gives no value (``None``), which is not 0.
- NĐ 61/2018/NĐ-CP and NĐ 107/2021/NĐ-CP (one-stop mechanism; DOMAIN §4), replaced on 1/7/2025 by
  NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP: the apology for a late dossier (DOMAIN §11 Q2).
- TT 01/2023/TT-VPCP and NĐ 45/2020/NĐ-CP: digitising dossiers and results (DOMAIN §5).
- TT 01/2018/TT-VPCP: the citizen's rating of a dossier, 1 rất hài lòng, 2 hài lòng, 3 không hài lòng.

Which dossiers a figure for a period [start, end] counts (the same everywhere, see ``in_scope``):
- *handled in the period* ("tiếp nhận, xử lý trong kỳ", S1 2.1): received by the end of the period and
  not ended before its start, statuses 1 and 3 left out; this is the base of the timeliness counts, so
  early + on time + late + pending on time + pending overdue = handled;
- *received in the period* (S1 3.3, 4.2, 4.3: "có ngày tiếp nhận trong kỳ"): the base of the channel,
  payment, digitisation, reuse and rating figures;
- *finished in the period*: statuses 7, 9, 10 with the end of processing in the period (DOMAIN §5).

Definitions are versioned: a formula or its legal basis that changes gets a new version with its own
validity, and a figure records the version it was computed with. ``valid_from`` of a first version is
the start of the one-stop regime of NĐ 61/2018 (21/6/2018 [K]), the earliest dossiers CCHC handles.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .i18n import N_

# --- Catalogue ------------------------------------------------------------------------------------

PERCENT = "%"
DOSSIERS = N_("hồ sơ")  # units of measure, shown in the reader's language (cchc.analytics.choices.unit_label)
POINTS = N_("điểm")

COUNT = "count"  # value = numerator
RATE = "rate"  # value = numerator / denominator × 100
MEAN = "mean"  # value = numerator / denominator
MEASURES = frozenset({COUNT, RATE, MEAN})

ONE_STOP_2018 = date(2018, 6, 21)  # NĐ 61/2018/NĐ-CP in force [K]
ONE_STOP_2025 = date(2025, 7, 1)  # NĐ 118/2025/NĐ-CP replaces NĐ 61/2018 and NĐ 107/2021 [C S10]

QD766 = "QĐ 766/QĐ-TTg ngày 23/6/2022; tài liệu Mô tả công thức tính chỉ số 766 (Cổng DVCQG)"
ND61 = "NĐ 61/2018/NĐ-CP, sửa đổi bởi NĐ 107/2021/NĐ-CP"
ND61_APOLOGY = (
    "NĐ 61/2018/NĐ-CP, Điều 17 (xin lỗi và hẹn lại ngày trả kết quả; số điều chưa đối chiếu văn bản gốc), "
    "sửa đổi bởi NĐ 107/2021/NĐ-CP; TT 01/2018/TT-VPCP, Mẫu 04"
)
ND118_APOLOGY = (
    "NĐ 118/2025/NĐ-CP (sửa đổi bởi NĐ 367/2025/NĐ-CP); TT 03/2025/TT-VPCP, Mẫu 04 "
    "«Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết»"
)
TT01_2023 = "TT 01/2023/TT-VPCP ngày 05/4/2023; NĐ 45/2020/NĐ-CP"
SEED001_RESULT = (
    "KH 4912/KH-UBND ngày 15/12/2023 của UBND tỉnh Bình Thuận (mục cải cách TTHC: tuyệt đối không kết thúc quy "
    "trình xử lý hồ sơ điện tử trước khi có kết quả giải quyết TTHC); NĐ 45/2020/NĐ-CP; TT 01/2023/TT-VPCP"
)
SEED001_ON_BEHALF = (
    "KH 4912/KH-UBND ngày 15/12/2023 của UBND tỉnh Bình Thuận (tuyệt đối không nộp hồ sơ trực tuyến hoặc thanh "
    "toán trực tuyến thay cho người dân)"
)
TT01_2018_RATING = "TT 01/2018/TT-VPCP (đánh giá việc giải quyết TTHC); NĐ 61/2018/NĐ-CP"

HANDLED = "hồ sơ tiếp nhận, xử lý trong kỳ (tiếp nhận đến cuối kỳ, chưa kết thúc trước đầu kỳ; trừ trạng thái 1, 3)"
RECEIVED = "hồ sơ có ngày tiếp nhận trong kỳ (trừ trạng thái 1, 3)"
FINISHED = "hồ sơ kết thúc xử lý trong kỳ (trạng thái 7, 9, 10)"
LATE_ALL = "hồ sơ trễ hạn: đã giải quyết trễ hạn và đang giải quyết quá hạn"


@dataclass(frozen=True)
class KpiDefinition:
    """One indicator over dossiers. ``numerator`` and ``denominator`` say in words what is counted; the
    engine's SQL implements exactly that (cchc.analytics.sql). ``measure`` says how the value comes
    from them: a count, a rate in %, or a mean. For a count, ``denominator`` names the set the dossiers
    are counted in (no denominator is stored with its figures)."""

    code: str
    name_vi: str
    name_en: str
    formula: str
    legal_basis: str
    numerator: str
    denominator: str
    unit: str
    higher_is_better: bool
    version: int
    valid_from: date
    valid_to: date | None
    measure: str = RATE

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"{self.code}: unknown measure {self.measure!r}")
        if self.unit not in (PERCENT, DOSSIERS, POINTS):
            raise ValueError(f"{self.code}: unknown unit {self.unit!r}")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.code} v{self.version}: valid_to before valid_from")

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def _count(code: str, name_vi: str, name_en: str, what: str, base: str, basis: str = QD766,
           higher_is_better: bool = True, **kw) -> KpiDefinition:
    return KpiDefinition(
        code=code, name_vi=name_vi, name_en=name_en, formula=f"Số {what}", legal_basis=basis, numerator=what,
        denominator=base, unit=DOSSIERS, higher_is_better=higher_is_better, version=kw.pop("version", 1),
        valid_from=kw.pop("valid_from", ONE_STOP_2018), valid_to=kw.pop("valid_to", None), measure=COUNT, **kw,
    )


def _rate(code: str, name_vi: str, name_en: str, numerator: str, denominator: str, basis: str,
          higher_is_better: bool = True, **kw) -> KpiDefinition:
    return KpiDefinition(
        code=code, name_vi=name_vi, name_en=name_en, formula=f"({numerator}) / ({denominator}) × 100%",
        legal_basis=basis, numerator=numerator, denominator=denominator, unit=PERCENT,
        higher_is_better=higher_is_better, version=kw.pop("version", 1),
        valid_from=kw.pop("valid_from", ONE_STOP_2018), valid_to=kw.pop("valid_to", None), measure=RATE, **kw,
    )


def _apology(version: int, basis: str, valid_from: date, valid_to: date | None) -> tuple[KpiDefinition, ...]:
    late_without = "hồ sơ trễ hạn không có văn bản xin lỗi"
    late_with = "hồ sơ trễ hạn có văn bản xin lỗi"
    return (
        _count("late_without_apology", N_("Hồ sơ trễ hạn chưa có văn bản xin lỗi"), "Late dossiers without an apology",
               late_without, LATE_ALL, basis, higher_is_better=False, version=version, valid_from=valid_from,
               valid_to=valid_to),
        _rate("late_without_apology_rate", N_("Tỷ lệ hồ sơ trễ hạn chưa xin lỗi"),
              "Share of late dossiers without an apology", late_without, LATE_ALL, basis, higher_is_better=False,
              version=version, valid_from=valid_from, valid_to=valid_to),
        _rate("apology_compliance_rate", N_("Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi"), "Apology compliance rate",
              late_with, LATE_ALL, basis, version=version, valid_from=valid_from, valid_to=valid_to),
    )


KPIS: tuple[KpiDefinition, ...] = (
    _count("received", N_("Hồ sơ tiếp nhận trong kỳ"), "Dossiers received", "hồ sơ tiếp nhận trong kỳ", RECEIVED),
    _count("handled", N_("Hồ sơ tiếp nhận, xử lý trong kỳ"), "Dossiers handled (received or carried over)",
           "hồ sơ tiếp nhận, xử lý trong kỳ", HANDLED),
    _count("finished", N_("Hồ sơ kết thúc xử lý trong kỳ"), "Dossiers finished", "hồ sơ kết thúc xử lý trong kỳ",
           FINISHED),
    _count("early", N_("Hồ sơ giải quyết trước hạn"), "Finished early", "hồ sơ kết thúc trước ngày hẹn trả", HANDLED),
    _count("on_time", N_("Hồ sơ giải quyết đúng hạn"), "Finished on time",
           "hồ sơ kết thúc đúng ngày hẹn trả (kể cả rút hồ sơ, không có hạn)", HANDLED),
    _count("late", N_("Hồ sơ giải quyết trễ hạn"), "Finished late",
           "hồ sơ kết thúc sau ngày hẹn trả hoặc yêu cầu bổ sung quá 01 lần", HANDLED, higher_is_better=False),
    _count("pending_on_time", N_("Hồ sơ đang giải quyết trong hạn"), "Pending within time",
           "hồ sơ chưa kết thúc tại cuối kỳ, còn hạn (kể cả chờ bổ sung, nghĩa vụ tài chính, dừng xử lý)",
           HANDLED),
    _count("pending_overdue", N_("Hồ sơ đang giải quyết quá hạn"), "Pending overdue",
           "hồ sơ chưa kết thúc tại cuối kỳ, đã quá ngày hẹn trả", HANDLED, higher_is_better=False),
    _count("supplement_over_once", N_("Hồ sơ yêu cầu bổ sung quá 01 lần"), "Supplement requested more than once",
           "hồ sơ tiếp nhận, xử lý trong kỳ có hơn 01 lần yêu cầu bổ sung", HANDLED,
           basis=f"{QD766}; {ND61}", higher_is_better=False),
    # An integrity check (cchc.core.integrity): in force from the first version like every code of the
    # catalogue (a figure is computed for any period), though its source is a 2023 plan (seed 001).
    _count("closed_before_result", N_("Hồ sơ kết thúc xử lý khi chưa có kết quả"),
           "Dossiers closed as processed before the result existed",
           "hồ sơ kết thúc xử lý trong kỳ ở trạng thái 9 hoặc 10, TTHC trả kết quả bằng giấy tờ, chưa có kết quả "
           "điện tử; hoặc có ngày ký kết quả sau ngày kết thúc xử lý", FINISHED, basis=SEED001_RESULT,
           higher_is_better=False),
    _count("unreturned", N_("Hồ sơ đã xử lý xong nhưng chậm trả kết quả"),
           "Processed dossiers whose result was not returned in time",
           "hồ sơ kết thúc xử lý trong kỳ (trạng thái 9, 10), đến cuối kỳ chưa trả kết quả dù đã xử lý xong quá "
           "số ngày quy định (CCHC_INTEGRITY_UNRETURNED_DAYS, mặc định 10 ngày lịch)", FINISHED,
           basis=f"{ND61}; NĐ 118/2025/NĐ-CP (trả kết quả theo ngày hẹn trả)", higher_is_better=False),
    # --- integrity checks of issue 14 item 2 (cchc.core.integrity: rating_burst, on_behalf) ---
    _count("rating_burst", N_("Hồ sơ được đánh giá hàng loạt trong ít phút"), "Dossiers rated in bursts",
           "hồ sơ tiếp nhận trong kỳ có đánh giá nằm trong một loạt từ CCHC_INTEGRITY_BURST_COUNT (mặc định 10) "
           "đánh giá giống nhau của cùng đơn vị trong CCHC_INTEGRITY_BURST_MINUTES (mặc định 5) phút", RECEIVED,
           basis=TT01_2018_RATING, higher_is_better=False),
    _count("on_behalf", N_("Hồ sơ nộp hoặc thanh toán trực tuyến thay người dân"),
           "Dossiers submitted or paid online on the citizen's behalf",
           "hồ sơ tiếp nhận trong kỳ nộp trực tuyến bằng tài khoản cán bộ, công chức hoặc từ máy của bộ phận một "
           "cửa, hoặc thanh toán trực tuyến bằng tài khoản cán bộ, công chức", RECEIVED, basis=SEED001_ON_BEHALF,
           higher_is_better=False),
    _count("on_behalf_data", N_("Hồ sơ có dữ liệu người nộp, người thanh toán trực tuyến"),
           "Dossiers carrying who submitted or paid online",
           "hồ sơ tiếp nhận trong kỳ có ít nhất một trong các trường submitted_by_official, submitted_at_counter, "
           "paid_by_official", RECEIVED, basis=SEED001_ON_BEHALF),
    # --- end of issue 14 item 2's block ---
    _rate("ontime_rate", N_("Tỷ lệ hồ sơ giải quyết đúng hạn (766, nhóm 2)"), "On-time rate (766 group 2)",
          "hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ đang giải quyết trong hạn", HANDLED,
          f"{QD766}, chỉ tiêu 2.1"),
    *_apology(1, ND61_APOLOGY, ONE_STOP_2018, ONE_STOP_2025 - timedelta(days=1)),
    *_apology(2, ND118_APOLOGY, ONE_STOP_2025, None),
    _rate("online_fullprocess_rate", N_("Tỷ lệ hồ sơ trực tuyến toàn trình"), "Full-process online dossiers",
          "hồ sơ trực tuyến toàn trình của TTHC có DVCTT toàn trình",
          "hồ sơ tiếp nhận trong kỳ của TTHC có DVCTT toàn trình", f"{QD766}, nhóm 3 (METRICS hiện hành)"),
    _rate("online_rate", N_("Tỷ lệ hồ sơ nộp trực tuyến"), "Dossiers submitted online",
          "hồ sơ tiếp nhận trong kỳ qua kênh trực tuyến (kênh 2)", RECEIVED, f"{QD766}, chỉ tiêu 3.3"),
    _rate("postal_rate", N_("Tỷ lệ hồ sơ nộp qua bưu chính công ích"), "Dossiers submitted by public postal service",
          "hồ sơ tiếp nhận trong kỳ qua bưu chính công ích (kênh 3)", RECEIVED, f"{QD766}, chỉ tiêu 3.3"),
    _rate("online_payment_dossiers_rate", N_("Tỷ lệ hồ sơ thanh toán trực tuyến"), "Dossiers paid online",
          "hồ sơ thanh toán trực tuyến của TTHC có phí, lệ phí (phí > 0)",
          "hồ sơ tiếp nhận trong kỳ của TTHC có phí, lệ phí, trừ hồ sơ có phí bằng 0", f"{QD766}, chỉ tiêu 3.6"),
    _rate("digitised_dossiers_rate", N_("Tỷ lệ hồ sơ được số hóa"), "Digitised dossiers",
          "hồ sơ có thành phần được số hóa và có kết quả điện tử (nếu TTHC trả kết quả bằng giấy tờ)", RECEIVED,
          f"{TT01_2023}; {QD766}, chỉ tiêu 4.2"),
    _rate("digitised_results_rate", N_("Tỷ lệ số hóa kết quả giải quyết TTHC"), "Digitised results",
          "hồ sơ kết thúc trong kỳ có kết quả điện tử, hoặc của TTHC không trả kết quả bằng giấy tờ", FINISHED,
          f"{TT01_2023}; {QD766}, chỉ tiêu 4.1"),
    _rate("reused_data_rate", N_("Tỷ lệ hồ sơ tái sử dụng dữ liệu số hóa"), "Dossiers reusing digitised data",
          "hồ sơ có thành phần được đánh dấu tái sử dụng dữ liệu số hóa", RECEIVED,
          f"{TT01_2023}; {QD766}, chỉ tiêu 4.3"),
    KpiDefinition(
        code="rating_average", name_vi=N_("Điểm đánh giá trung bình của người dân"), name_en="Average citizen rating",
        formula="Tổng mã đánh giá / số hồ sơ được đánh giá (1 rất hài lòng, 2 hài lòng, 3 không hài lòng)",
        legal_basis=TT01_2018_RATING, numerator="tổng mã đánh giá (1–3) của hồ sơ tiếp nhận trong kỳ",
        denominator="hồ sơ tiếp nhận trong kỳ có đánh giá", unit=POINTS, higher_is_better=False, version=1,
        valid_from=ONE_STOP_2018, valid_to=None, measure=MEAN,
    ),
    _rate("satisfaction_rate", N_("Tỷ lệ hài lòng của người dân"), "Citizen satisfaction rate",
          "hồ sơ được đánh giá rất hài lòng hoặc hài lòng", "hồ sơ tiếp nhận trong kỳ có đánh giá",
          f"{TT01_2018_RATING}; {QD766}, nhóm 6"),
)

KPI_CODES: tuple[str, ...] = tuple(dict.fromkeys(k.code for k in KPIS))

# --- Recorded figures (issue 14) -------------------------------------------------------------------
# Figures an app records into the same store (cchc.analytics.services.record_values) rather than the
# engine computing them from dossiers: plan targets evaluate them like any KPI. The engine's catalogue
# (KPIS, KPI_CODES) leaves them out; ``definitions`` knows both.
KH122 = "KH 122/KH-UBND ngày 20/12/2021 của UBND tỉnh Bình Định (seed 000): kiểm tra CCHC"

RECORDED_KPIS: tuple[KpiDefinition, ...] = (
    _rate("inspection_coverage_rate", N_("Tỷ lệ đơn vị được kiểm tra CCHC trong khối"),
          "Share of the block's units inspected (PAR)",
          "đơn vị của khối đã được kiểm tra CCHC từ đầu năm đến cuối kỳ",
          "đơn vị của khối (sở, ban, ngành; xã, phường) còn hiệu lực cuối kỳ",
          f"{KH122} đối với ít nhất 30% đơn vị mỗi cấp"),
    _rate("inspection_remediation_rate", N_("Tỷ lệ tồn tại qua kiểm tra CCHC được khắc phục trong năm"),
          "Findings of PAR inspections remedied within the year",
          "tồn tại phát hiện trong năm, đoàn kiểm tra xác nhận đã khắc phục đến cuối kỳ (không quá 31/12)",
          "tồn tại phát hiện qua kiểm tra CCHC từ đầu năm đến cuối kỳ",
          f"{KH122}; 100% vấn đề phát hiện phải được khắc phục ngay trong năm"),
)
RECORDED_KPI_CODES: tuple[str, ...] = tuple(dict.fromkeys(k.code for k in RECORDED_KPIS))

#: The counter-workload KPIs: they count a dossier at the unit that received it (when recorded), every
#: other KPI at the competent unit (đơn vị giải quyết, the portal's DonViXuLy). Since NĐ 118/2025/NĐ-CP
#: (Art. 14, 20) a dossier may be received at any counter of the province, so receiving unit ≠ competent
#: unit; the portal attributes timeliness by DonViXuLy (DOMAIN §12.2 [I]). The digitisation and reuse rates
#: are the competent unit's: it holds the dossier and issues the result.
COUNTER_WORKLOAD_KPIS: frozenset[str] = frozenset({"received", "online_rate", "postal_rate"})


def definitions(code: str) -> list[KpiDefinition]:
    """Every version of ``code`` (of the engine's catalogue or a recorded figure), oldest first. Raises
    KeyError for an unknown code."""
    found = sorted((k for k in (*KPIS, *RECORDED_KPIS) if k.code == code), key=lambda k: k.version)
    if not found:
        raise KeyError(code)
    return found


def definition_for(code: str, on: date) -> KpiDefinition:
    """The version of ``code`` in force on ``on`` (a period is computed with the version in force at its
    end). Before the first version, the first one. Raises KeyError for an unknown code."""
    versions = definitions(code)
    for k in reversed(versions):
        if k.in_force(on):
            return k
    return versions[0] if on < versions[0].valid_from else versions[-1]


def catalogue_on(on: date) -> list[KpiDefinition]:
    """One definition per code, the version in force on ``on``, in catalogue order."""
    return [definition_for(code, on) for code in KPI_CODES]


# --- Values ---------------------------------------------------------------------------------------

FOUR_PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)


def value_of(definition: KpiDefinition, numerator: int | Decimal | None,
             denominator: int | Decimal | None) -> Decimal | None:
    """The value of a KPI from its numerator and denominator, rounded half up to 4 decimals.

    Source: DOMAIN §1.1 (S1 general conventions): rate = numerator / denominator × 100; a denominator of
    0 gives no value (``None``, "N/A"), kept distinct from 0. Displays round to 2 decimals; 4 are kept.
    """
    if numerator is None:
        return None
    if definition.measure == COUNT:
        return Decimal(numerator).quantize(FOUR_PLACES)
    if not denominator:
        return None
    scale = HUNDRED if definition.measure == RATE else Decimal(1)
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


# --- Statutory time limit -------------------------------------------------------------------------

WORKING_WEEK = Decimal(7) / Decimal(5)


def statutory_limit(time_limit: Decimal | int | float | None, kind: str) -> timedelta | None:
    """The procedure's maximum processing time as a duration, for the no-due-date rule of 766 group 2
    (S1: end − received − supplement wait ≤ statutory maximum).

    Source: DOMAIN §4 "Due-date computation" for the units (ngày làm việc, ngày, giờ làm việc). A limit
    in working days depends on the calendar from the day of receipt; without one it is taken at its
    mean over the weekdays of receipt, 7/5 calendar days per working day (holidays ignored) [I]. Hours
    are clock hours. The engine and cchc.core.timeliness callers use this one function, so they agree.
    None when the procedure states no limit.
    """
    if time_limit is None or kind not in ("working_days", "calendar_days", "hours"):
        return None
    amount = Decimal(str(time_limit))
    if kind == "hours":
        seconds = amount * 3600
    elif kind == "calendar_days":
        seconds = amount * 86400
    else:
        seconds = amount * 86400 * WORKING_WEEK
    return timedelta(microseconds=int((seconds * 1_000_000).to_integral_value(rounding=ROUND_HALF_UP)))


# --- Periods --------------------------------------------------------------------------------------

PERIOD_KINDS = ("month", "quarter", "half", "nine_months", "year")


def _month_end(year: int, month: int) -> date:
    """The last day of the month (the month's length from the calendar: December 9999 has one too)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def periods_of(year: int, kind: str) -> list[tuple[date, date]]:
    """The reporting periods of ``kind`` in ``year`` as (first day, last day), both inclusive.

    Source: Vietnamese reporting practice [K]: "6 tháng" is January–June and "9 tháng" January–September,
    both cumulative from 1 January; "năm" is the whole year; months and quarters are calendar ones.
    """
    if kind == "month":
        return [(date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
    if kind == "quarter":
        return [(date(year, m, 1), _month_end(year, m + 2)) for m in (1, 4, 7, 10)]
    if kind == "half":
        return [(date(year, 1, 1), date(year, 6, 30))]
    if kind == "nine_months":
        return [(date(year, 1, 1), date(year, 9, 30))]
    if kind == "year":
        return [(date(year, 1, 1), date(year, 12, 31))]
    raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(PERIOD_KINDS)}")


def period_end(kind: str, start: date) -> date:
    """The last day of the period of ``kind`` starting on ``start`` (a period of ``periods_of``). Raises
    ValueError when ``start`` does not start such a period.

    Source: Vietnamese reporting practice [K], as ``periods_of``.
    """
    for first, last in periods_of(start.year, kind):
        if first == start:
            return last
    raise ValueError(f"{start} does not start a {kind} period")


def periods_containing(day: date, kinds: tuple[str, ...] | None = None) -> list[tuple[str, date]]:
    """The (kind, first day) of every period of ``periods_of`` (of ``kinds``, every kind by default) that
    holds ``day``: the periods a record dated ``day`` is counted in.

    Source: Vietnamese reporting practice [K], as ``periods_of``.
    """
    return [(kind, first) for kind in (kinds or PERIOD_KINDS) for first, last in periods_of(day.year, kind)
            if first <= day <= last]


def previous_start(kind: str, start: date) -> date:
    """The first day of the period of ``kind`` just before the one starting on ``start``: the month or
    quarter before; for the cumulative kinds (6 tháng, 9 tháng, năm), one per year, the same period of
    the year before.

    Source: Vietnamese reporting practice [K] as ``periods_of``: a period is compared with the one before
    it of the same kind (the 766 ranking's "change against the previous period", issue #12).
    """
    if kind == "month":
        return date(start.year - 1, 12, 1) if start.month == 1 else date(start.year, start.month - 1, 1)
    if kind == "quarter":
        return date(start.year - 1, 10, 1) if start.month <= 3 else date(start.year, start.month - 3, 1)
    if kind in ("half", "nine_months", "year"):
        return date(start.year - 1, 1, 1)
    raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(PERIOD_KINDS)}")


#: How Vietnamese reports name a period, by kind: message ids for the edge's gettext (cchc.core.i18n).
PERIOD_NAMES: dict[str, str] = {
    "month": N_("Tháng {month}/{year}"),
    "quarter": N_("Quý {quarter}/{year}"),
    "half": N_("6 tháng {year}"),
    "nine_months": N_("9 tháng {year}"),
    "year": N_("Năm {year}"),
}


def _as_is(message: str) -> str:
    return message


def period_label(kind: str, start: date, translate: Callable[[str], str] = _as_is) -> str:
    """How Vietnamese reports name a period: "Tháng 3/2025", "Quý I/2025", "6 tháng 2025", …

    ``translate`` is the edge's ``gettext`` (the core cannot know the reader's language); without it the
    name is the Vietnamese one."""
    if kind not in PERIOD_NAMES:
        raise ValueError(f"unknown period kind {kind!r}")
    quarter = ("I", "II", "III", "IV")[(start.month - 1) // 3]
    return translate(PERIOD_NAMES[kind]).format(month=start.month, quarter=quarter, year=start.year)


# --- Which dossiers a period counts ---------------------------------------------------------------

NOT_RECEIVED = frozenset({1, 3})
FINISHED_STATUSES = frozenset({7, 9, 10})
PROCESSED_STATUSES = frozenset({9, 10})  # Đã xử lý xong, Đã trả kết quả (DOMAIN §4): a result was issued


def in_scope(status: int, received_at: datetime, finished_at: datetime | None, start: datetime,
             end: datetime) -> bool:
    """Whether a dossier is "received or handled" in the period [start, end] (instants, inclusive).

    Source: S1 indicator 2.1, denominator "Tổng số hồ sơ được tiếp nhận, xử lý trong kỳ": received by the
    end of the period (statuses 1, 3 were never received) and not ended before it starts. A finished or
    withdrawn dossier (7, 9, 10) with no end of processing recorded is taken to have ended on receipt,
    so it is not carried into every later period [I]. Times are aware or all naive, not mixed.
    """
    if status in NOT_RECEIVED or received_at > end:
        return False
    ended = finished_at if finished_at is not None else (received_at if status in FINISHED_STATUSES else None)
    return ended is None or ended >= start


# --- Which units a figure includes ----------------------------------------------------------------


def rollup_closure(parents: Mapping[int, int | None],
                   links: Iterable[tuple[int, int, date]]) -> list[tuple[int, int, date | None]]:
    """For every unit, every unit whose figures include its dossiers: (unit, including unit, until).

    ``until`` is None when all the unit's dossiers count, else a date: only dossiers received before it
    count. A unit's figures include its own dossiers and those of all units below it (``parents``:
    unit → parent, None at the top). Through a lineage link (predecessor, successor, effective date) the
    successor's figures include the predecessor's dossiers received before that date, and so do the
    units above the successor (Nghị quyết 202/2025/QH15: a new commune's figure before 1/7/2025 is that
    of the communes it came from; DOMAIN §1.1, S1: a province's figure counts "chính nó và đơn vị cấp
    con"). Along a path the earliest date holds; over several paths the latest, so a dossier counts once
    for each unit whatever the number of paths (a commune split in two still counts once in its province).
    """
    successors: dict[int, list[tuple[int, date]]] = {}
    for old, new, effective in links:
        successors.setdefault(old, []).append((new, effective))
    rows: list[tuple[int, int, date | None]] = []
    for unit in parents:
        best: dict[int, date] = {unit: date.max}
        stack = [unit]
        while stack:
            node = stack.pop()
            reach = best[node]
            steps = [(s, min(reach, effective)) for s, effective in successors.get(node, ())]
            parent = parents.get(node)
            if parent is not None:
                steps.append((parent, reach))
            for nxt, until in steps:
                if until > best.get(nxt, date.min):
                    best[nxt] = until
                    stack.append(nxt)
        rows.extend((unit, ancestor, None if until == date.max else until) for ancestor, until in best.items())
    return rows
