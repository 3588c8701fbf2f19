"""Moving dossiers from one competent unit to another (DOMAIN §12.2): the dossiers still open on 1/7/2025
of a unit the 2025 reorganisation dissolved go to the unit that took over its work (from the lineage;
``transfer_dissolved``, ``cchc dossiers transfer-dissolved``), and an officer records or corrects a
transfer (``record_transfer``, the admin). The rules are cchc.core.transfers; the dossier keeps a copy of
its latest transfer (``unit``, ``prior_unit``, ``transferred_at``, ``apply_transfers``) that the KPI engine
reads with it, and every change bumps ``updated_at`` so the next refresh counts the dossier again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import transfers as rules
from cchc.core.errors import InvalidInput, Issue
from cchc.units.models import Unit, UnitLink

from . import signals
from .models import Dossier, DossierTransfer, TransferSource

#: The units whose dossiers the reorganisation moved: those that ceased to exist on 30/6/2025.
LAST_DAY_BEFORE = rules.REORGANISATION_DAY - timedelta(days=1)


def _transfers_of(dossier: Dossier) -> list[rules.Transfer]:
    return [rules.Transfer(t.from_unit_id, t.to_unit_id, t.at) for t in dossier.transfers.all()]


def apply_transfers(dossier: Dossier) -> None:
    """Copy the dossier's latest transfer onto it (its unit is that transfer's ``to_unit``; ``prior_unit``
    and ``transferred_at`` say where it came from and when) and save, moving ``updated_at``."""
    latest = dossier.transfers.order_by("-at", "-pk").first()
    if latest is None:
        dossier.prior_unit = None
        dossier.transferred_at = None
    else:
        dossier.unit_id = latest.to_unit_id
        dossier.prior_unit_id = latest.from_unit_id
        dossier.transferred_at = latest.at
    dossier.save(update_fields=["unit", "prior_unit", "transferred_at", "updated_at"])


@transaction.atomic
def record_transfer(dossier: Dossier, *, to_unit: Unit, at: datetime, source: str = TransferSource.OFFICER,
                    reason: str = "", user=None) -> DossierTransfer:
    """Record that ``dossier`` moved to ``to_unit`` at ``at``: from the unit it had just before then
    (cchc.core.transfers.counting_unit), which must be another unit."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    before = rules.counting_unit(dossier.unit_id, _transfers_of(dossier), at - timedelta(microseconds=1))
    if before == to_unit.pk:
        raise InvalidInput(issues=[Issue(_("Hồ sơ đã thuộc đơn vị {unit} vào thời điểm đó.").format(unit=to_unit),
                                         field="to_unit")])
    if dossier.transfers.filter(at=at).exists():
        raise InvalidInput(issues=[Issue(_("Hồ sơ đã có một lần chuyển vào đúng thời điểm này; hãy sửa lần chuyển đó."),
                                         field="at")])
    moved = DossierTransfer.objects.create(dossier=dossier, from_unit_id=before, to_unit=to_unit, at=at, reason=reason,
                                           source=source, created_by=user)
    apply_transfers(dossier)
    return moved


@transaction.atomic
def remove_transfer(moved: DossierTransfer) -> None:
    """Delete a transfer recorded by mistake: the dossier goes back to the unit it came from when this was
    its latest transfer, and its copy of the latest transfer is made again."""
    dossier = Dossier.objects.select_for_update().get(pk=moved.dossier_id)
    latest = dossier.transfers.order_by("-at", "-pk").first()
    if latest is not None and latest.pk == moved.pk:
        dossier.unit_id = moved.from_unit_id
    moved.delete()
    apply_transfers(dossier)


@dataclass
class Unresolved:
    """A dissolved unit whose open dossiers were not moved: no successor, or several (a split)."""

    unit: Unit
    problem: rules.SuccessorProblem
    candidates: list[Unit]
    dossiers: int

    @property
    def message(self) -> str:
        if self.problem == rules.SuccessorProblem.AMBIGUOUS:
            return _("{unit}: {n} hồ sơ chưa chuyển vì đơn vị được chia cho nhiều đơn vị ({units}); cán bộ chọn đơn vị "
                     "tiếp nhận trong trang quản trị.").format(unit=self.unit, n=self.dossiers,
                                                              units=", ".join(str(u) for u in self.candidates))
        return _("{unit}: {n} hồ sơ chưa chuyển vì không tìm thấy đơn vị kế thừa còn hoạt động từ 01/7/2025.").format(
            unit=self.unit, n=self.dossiers)


@dataclass
class DissolvedReport:
    """What ``transfer_dissolved`` did (or would do, in a dry run): the dossiers moved per (old, new) unit,
    and the units it could not resolve."""

    moved: dict[tuple[Unit, Unit], int] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.moved.values())


def transfer_dissolved(*, dry_run: bool = False, user=None, notify: bool = True) -> DissolvedReport:
    """Move every dossier open at 1/7/2025 00:00 (cchc.core.transfers.open_at) whose competent unit ceased
    to exist on 30/6/2025 to the unit that took over that unit's work (cchc.core.transfers.successor_of
    over the lineage links): a DossierTransfer (source "lineage", at 1/7/2025 00:00 Vietnamese time) and the
    dossier's unit. Idempotent: a moved dossier's unit exists after 1/7/2025, so it is not picked again.
    A unit with no successor, or with several, is reported, not guessed. One transaction. ``notify=False``
    leaves the figures to the caller (the demo computes every year right after), without the refresh the
    change would start."""
    instant = rules.REORGANISATION_INSTANT
    ended = {u.pk: u for u in Unit.objects.filter(valid_to=LAST_DAY_BEFORE)}
    report = DissolvedReport(dry_run=dry_run)
    if not ended:
        return report
    candidates = (Dossier.objects.filter(unit_id__in=ended, received_at__lt=instant)
                  .exclude(status__in=(1, 3)).exclude(finished_at__lt=instant)
                  .values_list("pk", "unit_id", "status", "received_at", "finished_at"))
    open_by_unit: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id, status, received, finished in candidates.iterator():
        if rules.open_at(status, received, finished, instant):
            open_by_unit[unit_id].append(pk)
    if not open_by_unit:
        return report
    links = list(UnitLink.objects.values_list("predecessor_id", "successor_id"))
    alive = set(Unit.objects.valid_on(rules.REORGANISATION_DAY).values_list("pk", flat=True))
    units = Unit.objects.in_bulk({s for _p, s in links} | set(open_by_unit))
    now = timezone.now()
    with transaction.atomic():
        for unit_id, pks in sorted(open_by_unit.items()):
            found = rules.successor_of(unit_id, links, alive.__contains__)
            if found.unit is None:
                report.unresolved.append(Unresolved(units[unit_id], found.problem,
                                                    [units[c] for c in found.candidates], len(pks)))
                continue
            report.moved[(units[unit_id], units[found.unit])] = len(pks)
            if dry_run:
                continue
            reason = _("Sắp xếp đơn vị hành chính từ 01/7/2025: {old} chấm dứt hoạt động, {new} tiếp nhận giải quyết.").format(
                old=units[unit_id], new=units[found.unit])
            DossierTransfer.objects.bulk_create(
                [DossierTransfer(dossier_id=pk, from_unit_id=unit_id, to_unit_id=found.unit, at=instant, reason=reason,
                                 source=TransferSource.LINEAGE, created_by=user) for pk in pks],
                ignore_conflicts=True)
            # updated_at moves: the analytics copy (keyset on updated_at) picks the dossiers up again.
            for start in range(0, len(pks), 5000):
                Dossier.objects.filter(pk__in=pks[start:start + 5000]).update(
                    unit_id=found.unit, prior_unit_id=unit_id, transferred_at=instant, updated_at=now)
    if report.total and not dry_run and notify:
        signals.changed(since=now)
    return report
