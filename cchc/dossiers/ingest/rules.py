"""The rules between a row's fields, checked on whole columns: dates in order and not in the future, a
status that fits its dates, the supplements; and what the model keeps of the supplement lists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext

from cchc.core.i18n import keeping

from .cells import _before
from .instants import FUTURE_LEEWAY, NAT, instant, to_datetime, wall_clock
from .schemas import DATE_FIELDS, FINISHED_STATUSES, OPEN_STATUSES, STOPPED, ParsedFile

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)


def _check_rules(parsed: ParsedFile, report: Callable) -> None:
    """The rules between a row's fields, on whole columns: dates in order, a status that fits the dates,
    the supplements. ``report(positions, message, field)``; a message may be a function of the position."""
    v = parsed.values
    n = len(parsed)
    if not n:
        return
    times = {name: v[name] if name in v else np.full(n, NAT) for name in DATE_FIELDS}
    walls = {name: wall_clock(t) for name, t in times.items()}
    given = {name: ~np.isnat(t) for name, t in times.items()}
    status = np.array(v["status"], dtype=np.int64)

    def before(later: str, earlier: str) -> np.ndarray:
        """Where ``later`` is before ``earlier``; at exactly 00:00 (a date without a time) by day (_before)."""
        a, b = walls[later], walls[earlier]
        day_a, day_b = a.astype("datetime64[D]"), b.astype("datetime64[D]")
        by_day = (a == day_a) | (b == day_b)
        return (times[later] < times[earlier]) & (~by_day | (day_a < day_b))

    def where(mask: np.ndarray) -> list[int]:
        return np.flatnonzero(mask).tolist()

    def with_status(message: str) -> Callable[[int], str]:
        return lambda i: message.format(status=int(status[i]))

    if "source_system" in v:
        report([i for i, value in enumerate(v["source_system"]) if value is not None],
               _("Cột source_system không được dùng: hệ thống nguồn do người nhập chọn (--source)."), "source_system")
    report(where(before("due_at", "received_at")), _("Ngày hẹn trả trước ngày tiếp nhận."), "due_at")
    report(where(before("finished_at", "received_at")), _("Ngày kết thúc xử lý trước ngày tiếp nhận."), "finished_at")
    finished = given["finished_at"]
    report(where(finished & before("returned_at", "finished_at")), _("Ngày trả kết quả trước ngày kết thúc xử lý."),
           "returned_at")
    report(where(~finished & before("returned_at", "received_at")), _("Ngày trả kết quả trước ngày tiếp nhận."),
           "returned_at")
    report(where(~finished & np.isin(status, list(FINISHED_STATUSES))),
           with_status(_("Trạng thái {status} (đã xử lý xong / đã trả kết quả) phải có ngày kết thúc xử lý.")),
           "finished_at")
    still_open = np.isin(status, list(OPEN_STATUSES))
    report(where(still_open & finished),
           with_status(_("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày kết thúc xử lý.")), "finished_at")
    report(where(still_open & given["returned_at"]),
           with_status(_("Hồ sơ ở trạng thái {status} (chưa xử lý xong) không thể có ngày trả kết quả.")), "returned_at")
    report(where(before("apology_at", "received_at")), _("Ngày xin lỗi trước ngày tiếp nhận."), "apology_at")
    # The integrity checks' instants (cchc.core.integrity): a result signed after the end of processing is
    # what the check flags, so only a date before the receipt is refused.
    report(where(before("result_issued_at", "received_at")), _("Ngày ký kết quả trước ngày tiếp nhận."),
           "result_issued_at")
    report(where(before("rated_at", "received_at")), _("Thời điểm đánh giá trước ngày tiếp nhận."), "rated_at")
    ratings = v.get("rating") or [None] * n
    report([i for i in where(given["rated_at"]) if ratings[i] is None],
           _("Có thời điểm đánh giá nhưng không có đánh giá (rating)."), "rated_at")
    # What has happened cannot be dated later than now (a day's leeway for clocks): a receipt typed as
    # 2062 for 2026 would otherwise open periods no one has reached. Due dates may lie ahead.
    horizon = instant(datetime.now(UTC) + FUTURE_LEEWAY)
    for name, message in (("received_at", _("Ngày tiếp nhận ở tương lai.")),
                          ("finished_at", _("Ngày kết thúc xử lý ở tương lai.")),
                          ("returned_at", _("Ngày trả kết quả ở tương lai.")),
                          ("apology_at", _("Ngày xin lỗi ở tương lai.")),
                          ("result_issued_at", _("Ngày ký kết quả ở tương lai.")),
                          ("rated_at", _("Thời điểm đánh giá ở tương lai."))):
        report(where(given[name] & (times[name] > horizon)), message, name)
    # Nor earlier than is plausible [K] (a receipt of 01/01/1900 would open periods of a century ago).
    earliest = settings.IMPORT_EARLIEST_RECEIPT
    report(where(given["received_at"] & (walls["received_at"] < np.datetime64(earliest, "D"))),
           _("Ngày tiếp nhận trước {day}: ngoài khoảng hợp lý (CCHC_IMPORT_EARLIEST_RECEIPT).").format(
               day=f"{earliest:%d/%m/%Y}"), "received_at")
    reasons = v.get("stop_reason") or [None] * n
    report([i for i, reason in enumerate(reasons) if reason and status[i] != STOPPED],
           with_status(_("Có lý do dừng xử lý nhưng hồ sơ ở trạng thái {status}, không phải 8 (dừng xử lý).")),
           "stop_reason")
    report(where(~given["apology_at"] & given["apology_new_due_at"]), _("Có ngày hẹn trả mới nhưng không có ngày xin lỗi."),
           "apology_new_due_at")
    listed = v.get("supplements") or [None] * n
    counts = v.get("supplement_count") or [None] * n
    for i, pairs in enumerate(listed):
        if pairs is None:
            continue
        if pairs:
            received = to_datetime(times["received_at"][i])
            for number, (requested, completed) in enumerate(pairs, start=1):
                if _before(requested, received):
                    report([i], _("Lần bổ sung {n}: ngày yêu cầu bổ sung trước ngày tiếp nhận.").format(n=number),
                           "supplements")
                if completed is not None and _before(completed, requested):
                    report([i], _("Lần bổ sung {n}: ngày hoàn thành bổ sung trước ngày yêu cầu bổ sung.").format(n=number),
                           "supplements")
        if counts[i] is not None and counts[i] != len(pairs):
            report([i], _("Số lần bổ sung {count} khác số lần bổ sung được liệt kê ({listed}).").format(
                count=counts[i], listed=len(pairs)), "supplement_count")


def _finish_supplements(v: dict[str, Any], n: int) -> None:
    """What the model keeps of the supplement lists: each sorted by request, its count and (unless the file
    gives it) the total wait. A row whose file says nothing of supplements keeps its given count."""
    listed = v.get("supplements")
    if listed is None:
        v["supplements"] = [()] * n
        return
    counts = v["supplement_count"] = list(v.get("supplement_count") or [None] * n)
    waits = v["supplement_wait_seconds"] = list(v.get("supplement_wait_seconds") or [None] * n)
    for i, pairs in enumerate(listed):
        if pairs is None:
            listed[i] = ()
            continue
        counts[i] = len(pairs)
        if pairs:
            listed[i] = pairs = tuple(sorted(pairs, key=lambda pair: pair[0]))
        if waits[i] is None:
            waits[i] = sum(int((completed - requested).total_seconds()) for requested, completed in pairs
                           if completed is not None and completed > requested)
