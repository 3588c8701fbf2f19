"""The proposal list as one table: its columns and each proposal's cells, in the reader's language. The
page, the Excel file and the DOCX for the emulation council all read these two functions ("one truth")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .choices import ReminderAbout
from .models import Proposal


def columns() -> list[str]:
    return [_("Đơn vị"), _("Chỉ số CCHC"), _("Điểm 766"), _("Tỷ lệ đúng hạn"), _("Nhiệm vụ đúng hạn"),
            _("Kết quả kiểm tra"), _("Cờ toàn vẹn"), _("Hồ sơ trễ hạn (có xin lỗi)"), _("Nhắc nhở"),
            _("Điểm tổng hợp"), _("Mức đề xuất"), _("Giới hạn áp dụng và lý do"), _("Mức xác nhận")]


def _num(value: str | Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return number_format(Decimal(value), places)


def par_index_text(inputs: dict) -> str:
    value = inputs.get("par_index")
    if value is None:
        return _("chưa có kết quả Chỉ số CCHC")
    year = inputs.get("par_index_year")
    return f"{_num(value)}% ({year})" if year else f"{_num(value)}%"


def score766_text(inputs: dict) -> str:
    if inputs.get("score766") is None:
        return _("chưa có điểm 766")
    return _("{share}% ({points} điểm)").format(share=_num(inputs["score766"]), points=_num(inputs.get("points766")))


def ontime_text(inputs: dict) -> str:
    return "—" if inputs.get("ontime_rate") is None else f"{_num(inputs['ontime_rate'])}%"


def tasks_text(inputs: dict) -> str:
    if not inputs.get("tasks_due"):
        return _("không có nhiệm vụ đến hạn")
    return _("{done}/{due} ({rate}%)").format(done=inputs["tasks_done"], due=inputs["tasks_due"],
                                              rate=_num(inputs.get("task_completion")))


def findings_text(inputs: dict) -> str:
    f = inputs.get("findings")
    if f is None:
        return _("chưa có dữ liệu kiểm tra")
    if not f.get("inspected"):
        return _("không được kiểm tra trong năm")
    return _("{found} phát hiện, {remedied} đã khắc phục, {open} còn mở").format(
        found=f["found"], remedied=f["remedied_in_year"], open=f["open"])


def late_text(inputs: dict) -> str:
    if inputs.get("late_count") is None:
        return "—"
    return _("{late} ({apologies} có xin lỗi)").format(late=inputs["late_count"],
                                                       apologies=inputs.get("apology_count") or 0)


def reminders_text(inputs: dict) -> str:
    labels = dict(ReminderAbout.choices)
    return "; ".join(f"{date.fromisoformat(r['on']):%d/%m/%Y} ({labels.get(r['about'], r['about'])})"
                     for r in inputs.get("reminders", [])) or "—"


def confirmed_text(p: Proposal) -> str:
    if not p.confirmed_level:
        return _("chưa xác nhận")
    if p.overridden:
        return _("{level} — điều chỉnh: {reason}").format(level=p.confirmed_label, reason=p.override_reason)
    return p.confirmed_label


def values(p: Proposal) -> list:
    """A proposal's row, as every surface shows it."""
    i = p.inputs or {}
    return [p.unit.name, par_index_text(i), score766_text(i), ontime_text(i), tasks_text(i), findings_text(i),
            "—" if i.get("integrity_flags") is None else str(i["integrity_flags"]), late_text(i), reminders_text(i),
            _num(p.score), p.proposed_label or _("chưa đủ số liệu để đề xuất"),
            "\n".join(p.cap_reasons) or "—", confirmed_text(p)]
