"""Issuing an apology letter for a dossier that will be late (F9): checked, numbered, recorded, filed.

Rules: NĐ 61/2018/NĐ-CP as amended by NĐ 107/2021/NĐ-CP [K] (DOMAIN §11 Q2): the letter goes out at the
latest one working day before the due date (later ones are recorded as non-compliant), the return date
may be reset only once, and the original due date stays what the late statistics use.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import permissions
from cchc.core import apology_rules
from cchc.core.errors import InvalidInput, Issue
from cchc.core.levels import UnitKind
from cchc.core.workdays import calendar_for
from cchc.documents.apology import build_apology_docx

from .models import Apology, Dossier, DossierEvent, EventKind


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


@transaction.atomic
def issue_apology(*, user, dossier: Dossier, reason: str, new_due_at: datetime, signer_title: str,
                  signer_name: str, authority_lines: list[str] | None = None, now: datetime | None = None) -> Apology:
    """Record the apology and its letter. Refuses a second re-dating, a new date not after the old one,
    an empty reason, and anyone but the processing unit's focal point or the PAR officer."""
    permissions.require(permissions.can_issue_apology(user, dossier.unit_id))
    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("unit", "unit__parent", "procedure").get(pk=dossier.pk)
    issues = []
    previous = dossier.apologies.count()
    if not apology_rules.can_redate(previous):
        issues.append(Issue(_("Hồ sơ này đã được hẹn lại một lần; không được hẹn lại lần nữa."), field="new_due_at"))
    if dossier.due_at is None:
        issues.append(Issue(_("Hồ sơ chưa có ngày hẹn trả."), field="due_at"))
    elif timezone.localtime(new_due_at).date() <= timezone.localtime(dossier.due_at).date():
        issues.append(Issue(_("Ngày hẹn trả mới phải sau ngày hẹn trả cũ."), field="new_due_at"))
    if not reason.strip():
        issues.append(Issue(_("Phải nêu lý do chậm trả kết quả."), field="reason"))
    if not signer_name.strip() or not signer_title.strip():
        issues.append(Issue(_("Phải ghi chức vụ và họ tên người ký."), field="signer_name"))
    if issues:
        raise InvalidInput(issues=issues)
    local_due = timezone.localtime(dossier.due_at)
    cal = calendar_for(range(local_due.year - 1, local_due.year + 1))
    compliant = apology_rules.apology_compliant(timezone.localtime(now), local_due, cal)
    year_start = timezone.localtime(now).replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    number = Apology.objects.filter(dossier__unit=dossier.unit, issued_at__gte=year_start).count() + 1
    parent, issuing, abbr, place = agency_names(dossier.unit)
    form = apology_rules.form_version(timezone.localtime(now).date())
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
    dossier.save(update_fields=["apology_at", "apology_new_due_at", "updated_at"])
    DossierEvent.objects.get_or_create(dossier=dossier, kind=EventKind.APOLOGY, at=now,
                                       defaults={"note": _("Phiếu xin lỗi số {n}").format(n=str(apology))})
    return apology
