"""Issuing an apology letter for a dossier that will be late (F9): checked, numbered, recorded, filed.

Rules: NĐ 61/2018/NĐ-CP as amended by NĐ 107/2021/NĐ-CP [K], NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP
(DOMAIN §11 Q2, §12.2), all in ``cchc.core.apology_rules``: the letter goes out at the latest one working
day before the due date (later ones are recorded as non-compliant), the return date may be reset as
often as the rule version in force allows (once), only for a received dossier that is neither withdrawn,
stopped nor finished on time, to a date after the letter's and after now; the original due date stays
what the late statistics use. The page asks :func:`why_not` before offering the form; :func:`issue_apology`
asks again, because a POST is not trusted.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import permissions
from cchc.core import apology_rules
from cchc.core.apology_rules import Bar, DateFault
from cchc.core.errors import InvalidInput, Issue
from cchc.core.levels import UnitKind
from cchc.core.workdays import calendar_for
from cchc.documents.apology import build_apology_docx

from .models import Apology, Dossier, DossierEvent, EventKind
from .permissions import can_issue_apology


def _committee_of(unit) -> str:
    """"Ủy ban nhân dân xã Cát Hải" for the unit "Xã Cát Hải"."""
    return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"


def agency_names(unit) -> tuple[str, str, str, str]:
    """(parent agency, issuing agency, issuer abbreviation, place) for a letter signed by ``unit``:
    a department writes under the province's People's Committee, a commune under its district's."""
    parent = unit.parent
    if unit.kind == UnitKind.DEPARTMENT:
        return (_committee_of(parent) if parent else "", unit.name, unit.short_name or "",
                parent.short_name if parent else unit.name)
    return (_committee_of(parent) if parent else "", _committee_of(unit), "UBND", unit.short_name or unit.name)


def _bar_messages() -> dict[Bar, str]:
    """Built per call: gettext at import time would freeze one language (see STYLE)."""
    return {
        Bar.NOT_RECEIVED: _("Hồ sơ chưa được tiếp nhận nên không lập phiếu xin lỗi."),
        Bar.WITHDRAWN: _("Hồ sơ đã được công dân rút nên không lập phiếu xin lỗi."),
        Bar.STOPPED: _("Hồ sơ đã dừng xử lý: gửi thông báo dừng giải quyết (Mẫu 05), không lập phiếu xin lỗi."),
        Bar.NO_DUE_DATE: _("Hồ sơ chưa có ngày hẹn trả nên không lập phiếu xin lỗi."),
        Bar.FINISHED_ON_TIME: _("Hồ sơ đã giải quyết xong đúng hạn nên không lập phiếu xin lỗi."),
    }


def bar_message(bar: Bar, *, limit: int = 1, source: str = "") -> str:
    """The reason, in the user's language, why a dossier gets no apology letter."""
    if bar is Bar.LIMIT_REACHED:
        return _("Hồ sơ này đã được hẹn lại {n} lần, mức tối đa theo {source}; không được hẹn lại lần nữa.").format(
            n=limit, source=source)
    return _bar_messages()[bar]


def _local_or_none(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def _bar(dossier: Dossier, previous: int | None, now: datetime) -> Bar | None:
    if previous is None:
        previous = dossier.apologies.count()
    if dossier.apology_at is not None:
        previous = max(previous, 1)
    return apology_rules.apology_bar(status=dossier.status, due_at=_local_or_none(dossier.due_at),
                                     finished_at=_local_or_none(dossier.finished_at), previous=previous,
                                     on=timezone.localtime(now))


def why_not(dossier: Dossier, *, previous: int | None = None, now: datetime | None = None) -> str | None:
    """Why ``dossier`` may not get an apology letter now, as a message, or ``None`` when it may.

    ``previous`` (letters issued in CCHC) saves a query when the caller has the list already. A dossier
    whose one-stop export states an apology (``apology_at`` imported, no letter here) has used one
    re-dating too.
    """
    now = now or timezone.now()
    bar = _bar(dossier, previous, now)
    if bar is None:
        return None
    rules = apology_rules.rules_on(timezone.localtime(now))
    return bar_message(bar, limit=rules.max_redates, source=_(rules.source))


#: The field a refusal is about, for the form and the API: the limit is about the new date, the other
#: bars about the dossier's own state.
_BAR_FIELD = {Bar.NOT_RECEIVED: "status", Bar.WITHDRAWN: "status", Bar.STOPPED: "status", Bar.NO_DUE_DATE: "due_at",
              Bar.FINISHED_ON_TIME: "finished_at", Bar.LIMIT_REACHED: "new_due_at"}


def proposed_new_due(dossier: Dossier, *, now: datetime | None = None) -> date:
    """The new return date the form proposes: three working days after today or the due day, whichever is
    later (``cchc.core.apology_rules.proposed_new_due`` on the working-day calendar of DOMAIN §7)."""
    today = timezone.localtime(now or timezone.now()).date()
    due = timezone.localtime(dossier.due_at).date() if dossier.due_at else today
    start = max(today, due)
    return apology_rules.proposed_new_due(today, due, calendar_for(range(start.year, start.year + 1)))


def _date_messages(new_due_at: datetime, old_due_at: datetime, issued_at: datetime) -> dict[DateFault, str]:
    new, old, issued = (timezone.localtime(d).strftime("%d/%m/%Y") for d in (new_due_at, old_due_at, issued_at))
    return {
        DateFault.IN_THE_PAST: _("Ngày hẹn trả mới ({new}) đã qua; phải là một ngày sắp tới.").format(new=new),
        DateFault.NOT_AFTER_LETTER: _("Ngày hẹn trả mới ({new}) phải sau ngày lập phiếu ({issued}).").format(
            new=new, issued=issued),
        DateFault.NOT_AFTER_OLD_DUE: _("Ngày hẹn trả mới ({new}) phải sau ngày hẹn trả cũ ({old}).").format(
            new=new, old=old),
    }


@transaction.atomic
def issue_apology(*, user, dossier: Dossier, reason: str, new_due_at: datetime, signer_title: str,
                  signer_name: str, authority_lines: list[str] | None = None, now: datetime | None = None) -> Apology:
    """Record the apology and its letter. Refuses a dossier that may get no letter (:func:`why_not`: not
    received, withdrawn, stopped, finished on time, no due date, re-dated as often as allowed), a new date
    not after now, the letter's date and the old due date, an empty reason, and anyone but the processing
    unit's focal point or the PAR officer."""
    permissions.require(can_issue_apology(user, dossier.unit_id))
    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent", "procedure").get(pk=dossier.pk)
    previous = dossier.apologies.count()
    if bar := _bar(dossier, previous, now):
        rules = apology_rules.rules_on(timezone.localtime(now))
        raise InvalidInput(issues=[Issue(bar_message(bar, limit=rules.max_redates, source=_(rules.source)),
                                         field=_BAR_FIELD[bar])])
    issues = []
    messages = _date_messages(new_due_at, dossier.due_at, now)
    local_now = timezone.localtime(now)
    for fault in apology_rules.new_due_faults(timezone.localtime(new_due_at), old_due_at=timezone.localtime(dossier.due_at),
                                              issued_at=local_now, now=local_now):
        issues.append(Issue(messages[fault], field="new_due_at"))
    if not reason.strip():
        issues.append(Issue(_("Phải nêu lý do chậm trả kết quả."), field="reason"))
    if not signer_name.strip() or not signer_title.strip():
        issues.append(Issue(_("Phải ghi chức vụ và họ tên người ký."), field="signer_name"))
    if issues:
        raise InvalidInput(issues=issues)
    local_due = timezone.localtime(dossier.due_at)
    cal = calendar_for(range(local_due.year - 1, local_due.year + 1))
    rules = apology_rules.rules_on(timezone.localtime(now))
    compliant = apology_rules.apology_compliant(timezone.localtime(now), local_due, cal, rules.days_before)
    year_start = timezone.localtime(now).replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    number = Apology.objects.filter(dossier__unit=dossier.unit, issued_at__gte=year_start).count() + 1
    parent, issuing, abbr, place = agency_names(dossier.unit)
    form = rules.form
    content = build_apology_docx(
        dossier=dossier, reason=reason, new_due_at=new_due_at, signer_title=signer_title, signer_name=signer_name,
        authority_lines=authority_lines or [], issuing_agency=issuing, parent_agency=parent, number=number,
        place=place, issued_on=timezone.localtime(now).date(), issuer_abbr=abbr,
    )
    apology = Apology(
        dossier=dossier, seq=previous + 1, number=number, symbol=form.symbol, issued_at=now, old_due_at=dossier.due_at,
        new_due_at=new_due_at, reason=reason.strip(), signer_title=signer_title.strip(), signer_name=signer_name.strip(),
        compliant=compliant, form_version=str(form), created_by=user,
    )
    apology.document.save(f"xin-loi-{dossier.code}-{previous + 1}.docx", ContentFile(content), save=False)
    apology.save()
    dossier.apology_at = now
    dossier.apology_new_due_at = new_due_at
    fields = ["apology_at", "apology_new_due_at", "updated_at"]
    # From 15/9/2025 Mẫu 04 asks for an extension (TT 03/2025/TT-VPCP): once issued it moves the current due
    # date, which timeliness then follows; before, the letter leaves the due date as it was (TT 01/2018).
    # cchc.core.apology_rules.judged_due states the rule; the due date kept at reception stays.
    if apology_rules.judged_due(dossier.original_due_at or dossier.due_at, new_due_at, extended_on=now) == new_due_at:
        dossier.original_due_at = dossier.original_due_at or dossier.due_at
        dossier.due_at = new_due_at
        fields += ["due_at", "original_due_at"]
    dossier.save(update_fields=fields)
    DossierEvent.objects.get_or_create(dossier=dossier, kind=EventKind.APOLOGY, at=now,
                                       defaults={"note": _("Phiếu xin lỗi số {n}").format(n=str(apology))})
    return apology
