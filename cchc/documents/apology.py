"""The apology letter for a late dossier, as a DOCX in the NĐ 30/2020 format.

Sources (DOMAIN §11 Q2): NĐ 61/2018/NĐ-CP as amended by NĐ 107/2021/NĐ-CP [K] require a written apology
that gives the reason and the new return date; the form is TT 01/2018/TT-VPCP Mẫu 04 "Phiếu xin lỗi và
hẹn lại ngày trả kết quả" until 14/9/2025 (also under NĐ 118/2025 from 1/7/2025) and TT 03/2025/TT-VPCP
Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" from 15/9/2025, when its forms apply
(DOMAIN §12.2; :func:`cchc.core.apology_rules.form_version`). The order of the
content follows the two published versions of Mẫu 04 (Thanh Hóa and Chơn Thành, Q2.2): the receipt and
its due date, the statement that the result was not returned by then, the reason, the apology, the new
date. Under TT 03/2025 the last sentence asks for an extension instead of setting a new appointment; the
official wording of the new form is not in our sources, so that sentence is an inference [I].

This module only writes the letter. Whether it was issued in time and whether the date may be reset
again are rules of the pure core (``apology_compliant``, ``apology_bar``, ``new_due_faults``), applied by
the service that records the apology. The letter still refuses a date that no letter could state.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.apology_rules import form_version
from cchc.core.errors import DomainError

from .officialdoc import DEFAULT_LAYOUT, Layout, OfficialDocument
from .vietnamese import format_date_short, format_time

__all__ = ["build_apology_docx"]

BLANK = "…………………………"  # left for the officer to write in by hand, as on the printed form


def _local(value: date | datetime) -> date | datetime:
    """Aware datetimes (the database keeps UTC) in the province's local time; dates as they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _when(value: date | datetime) -> str:
    """"08 giờ 00 phút, ngày 19/01/2024" when a time of day is known, else "ngày 19/01/2024"."""
    value = _local(value)
    day = _("ngày {date}").format(date=format_date_short(value))
    if isinstance(value, datetime) and (value.hour, value.minute) != (0, 0):
        return f"{format_time(value)}, {day}"
    return day


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _responsible_unit(dossier, given: str) -> str:
    if given.strip():
        return given.strip()
    try:
        unit = dossier.unit
    except ObjectDoesNotExist:
        return ""
    return unit.name if unit is not None else ""


def build_apology_docx(
    *,
    dossier,
    reason: str,
    new_due_at: date | datetime,
    signer_title: str,
    signer_name: str,
    authority_lines: Iterable[str],
    issuing_agency: str,
    parent_agency: str,
    number: int | None,
    place: str,
    issued_on: date,
    applicant_name: str = "",
    responsible_unit: str = "",
    issuer_abbr: str = "",
    one_stop_unit: str = "",
    return_place: str = "",
    layout: Layout = DEFAULT_LAYOUT,
    language: str = "vi",
) -> bytes:
    """The apology letter for ``dossier`` (a ``dossiers.Dossier``; it need not be saved) as DOCX bytes.

    - ``authority_lines`` are the lines above the title, e.g. ``["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]``
      (empty when the head signs in person), ``signer_title`` the title itself ("PHÓ CHỦ TỊCH").
    - ``issuing_agency``, ``parent_agency`` in normal case; the header prints them in capitals.
    - ``number`` with ``issuer_abbr`` gives "Số: 05/PXL-UBND"; ``number=None`` leaves it for the clerk.
    - ``responsible_unit`` defaults to the dossier's processing unit, ``one_stop_unit`` to "Bộ phận Một
      cửa"; ``return_place`` (where to collect the result) is printed when given.
    - ``language`` is Vietnamese by default whatever the user's interface language: the letter is an
      official document for the citizen.

    Raises :class:`DomainError` when the dossier has no due date, when the new date is not after it or
    not after the letter's own date, or when no reason is given (the decree requires one).
    """
    with translation.override(language):
        if dossier.due_at is None:
            raise DomainError(
                _("Hồ sơ {code} không có ngày hẹn trả nên không lập phiếu xin lỗi.").format(code=dossier.code)
            )
        if _day(_local(new_due_at)) <= _day(_local(dossier.due_at)):
            raise DomainError(
                _("Ngày hẹn trả mới ({new}) phải sau ngày hẹn trả cũ ({old}).").format(
                    new=format_date_short(_local(new_due_at)), old=format_date_short(_local(dossier.due_at))
                )
            )
        if _day(_local(new_due_at)) <= issued_on:
            raise DomainError(
                _("Ngày hẹn trả mới ({new}) phải sau ngày lập phiếu ({issued}).").format(
                    new=format_date_short(_local(new_due_at)), issued=format_date_short(issued_on)
                )
            )
        if not reason or not reason.strip():
            raise DomainError(_("Phiếu xin lỗi phải nêu rõ lý do chậm trả kết quả."))

        form = form_version(issued_on)
        symbol = f"{form.symbol}-{issuer_abbr.strip()}" if issuer_abbr.strip() else form.symbol
        doc = OfficialDocument(parent_agency, issuing_agency, number, symbol, place, issued_on, form.title, "",
                               layout=layout)
        agency = issuing_agency.strip()
        unit = _responsible_unit(dossier, responsible_unit)

        doc.kinh_gui(_("Ông/Bà {name}").format(name=applicant_name.strip() or BLANK))
        doc.paragraph(_("Hồ sơ của Ông/Bà được tiếp nhận lúc {when}:").format(when=_when(dossier.received_at)))
        doc.bullet(_("Thủ tục hành chính: {name};").format(name=dossier.procedure.name))
        if dossier.receipt_number:
            doc.bullet(_("Mã hồ sơ: {code}; số biên nhận: {receipt};").format(
                code=dossier.code, receipt=dossier.receipt_number))
        else:
            doc.bullet(_("Mã hồ sơ: {code};").format(code=dossier.code))
        doc.bullet(_("Ngày hẹn trả kết quả: {when}.").format(when=_when(dossier.due_at)))
        if unit:
            doc.paragraph(_(
                "Đến ngày hẹn trả nêu trên, {unit} chưa giải quyết xong và chưa trả kết quả hồ sơ cho Ông/Bà "
                "theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
            ).format(unit=unit))
        else:
            doc.paragraph(_(
                "Đến ngày hẹn trả nêu trên, hồ sơ của Ông/Bà chưa được giải quyết xong và chưa được trả kết quả "
                "theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
            ))
        doc.paragraph(_("Lý do: {reason}").format(reason=_sentence(reason)))
        doc.paragraph(_(
            "{agency} thành thật xin lỗi Ông/Bà vì sự chậm trễ này và rất mong nhận được sự thông cảm của Ông/Bà."
        ).format(agency=agency))
        when = _when(new_due_at)
        if form.asks_extension:
            text = _("{agency} đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến {when}.").format(
                agency=agency, when=when)
        else:
            text = _("{agency} hẹn trả kết quả giải quyết hồ sơ cho Ông/Bà vào {when}.").format(
                agency=agency, when=when)
        if return_place.strip():
            text = _("{sentence} Nơi trả kết quả: {place}.").format(sentence=text, place=return_place.strip().rstrip("."))
        doc.paragraph(text)
        doc.paragraph(_("Trân trọng./."))

        doc.noi_nhan([_("Như trên"), one_stop_unit.strip() or _("Bộ phận Một cửa"), _("Lưu: VT")])
        doc.signature([*authority_lines, signer_title], signer_name)
        return doc.to_bytes()
