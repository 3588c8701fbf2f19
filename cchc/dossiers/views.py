from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Exists, Max, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts import audit, permissions
from cchc.core import apology_rules
from cchc.core.errors import InvalidInput, Issue
from cchc.core.parsing import MAX_PAGE, ascii_int, parse_date
from cchc.core.timeliness import Status, classify, near_due_window
from cchc.platform import xlsx_export
from cchc.platform.forms import issues_to_form
from cchc.units.models import Unit
from cchc.units.services import subtree_ids

from . import jobs, unit_mapping
from .apologies import issue_apology, proposed_new_due, why_not
from .choices import ChannelChoices, DossierStatusChoices, TimelinessChoices, form_label
from .filters import facts_of, filter_list, filter_parts
from .forms import ApologyForm, UploadForm
from .models import Apology, Dossier, DossierEvent, DossierTransfer, EventKind, ImportJob
from .permissions import can_follow_import, can_issue_apology, can_view_dossiers_of, dossier_unit_scope
from .refused import refused_name

PAGE_SIZE = 50
#: The largest position a list cursor may name: 1/1/9999 in microseconds since 1970.
MAX_MICROS = 253_370_764_800_000_000
#: Statuses of a dossier still being handled (received, processing, waiting for a supplement or a payment).
OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION)


def _scoped(request):
    scope = dossier_unit_scope(request.user)
    permissions.require(scope is None or bool(scope))
    qs = Dossier.objects.select_related("unit", "procedure")
    return qs if scope is None else qs.filter(unit_id__in=scope), scope


def _date_param(request, name: str):
    """A day of receipt to filter on, or None: a date that is not one, or outside 1900-9998 (so the day
    after it, the filter's end, is still a date), filters nothing."""
    raw = request.GET.get(name, "").strip()
    try:
        day = parse_date(raw) if raw else None
    except (ValueError, OverflowError):
        return None
    return day if day is not None and 1900 <= day.year <= 9998 else None


def _cursor(request, name: str) -> tuple[datetime, int] | None:
    """A position in the list, ``<microseconds since 1970>.<id>`` (the received instant and id of the row
    at a page's edge), or None if the parameter is absent or not one."""
    micros, _dot, pk = request.GET.get(name, "").partition(".")
    micros_n, pk_n = ascii_int(micros, maximum=MAX_MICROS), ascii_int(pk)
    if micros_n is None or pk_n is None:
        return None
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros_n), pk_n


def _cursor_of(d: Dossier) -> str:
    delta = d.received_at - datetime(1970, 1, 1, tzinfo=UTC)
    return f"{delta // timedelta(microseconds=1)}.{d.pk}"


def _listed(request):
    """The dossier list's rows for the request's filters, within the user's units (the page and its Excel
    file read this one query): (dossiers, unit scope, cleaned filters, now)."""
    dossiers, scope = _scoped(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "unit", "status", "procedure", "late", "subtree")}
    now = timezone.now()
    dossiers = filter_list(dossiers, f, start=_date_param(request, "from"), end=_date_param(request, "to"), now=now)
    return dossiers, scope, f, now


def list_columns() -> list[str]:
    """The dossier list's columns, as the page heads them (the Excel file adds the channel to the code's)."""
    return [_("Mã hồ sơ"), _("Kênh"), _("Đơn vị"), _("Thủ tục"), _("Tiếp nhận"), _("Hẹn trả"), _("Kết thúc"),
            _("Tình trạng")]


def list_values(d: Dossier, state: str, labels: dict, channels: dict) -> list:
    """A dossier's row of the list as values (``state``: its class by cchc.core.timeliness.classify)."""
    return [d.code, str(channels.get(d.channel, "")), d.unit.name, d.procedure.name, d.received_at, d.due_at,
            d.finished_at, str(labels.get(state, state))]


@login_required
def dossier_list_xlsx(request):
    """The dossier list as an Excel file: the same filters, units and order as the page, every row (not one
    page), at most ``EXPORT_MAX_ROWS`` (more: back to the list with a message to narrow the filters). Rows
    are read from a database cursor in chunks and written as they come, never all held in memory."""
    dossiers, _scope, _f, now = _listed(request)
    limit = settings.EXPORT_MAX_ROWS
    found = dossiers.order_by()[: limit + 1].count()  # counts at most limit + 1 rows
    if found > limit:
        messages.error(request, _("Có hơn {limit} hồ sơ phù hợp, quá số dòng một tệp Excel được phép; hãy thu "
                                  "hẹp bộ lọc (đơn vị, khoảng ngày tiếp nhận…).").format(limit=number_format(limit, force_grouping=True)))
        query = request.GET.copy()
        for key in ("page", "after", "before"):
            query.pop(key, None)
        return redirect(f"{reverse('dossiers:list')}?{query.urlencode()}")
    labels, channels = dict(TimelinessChoices.choices), dict(ChannelChoices.choices)
    rows = (list_values(d, classify(facts_of(d), now), labels, channels)
            for d in dossiers.order_by("-received_at", "-pk").iterator(chunk_size=2000))
    day = timezone.localdate(now).isoformat()
    return xlsx_export.xlsx_response(name=xlsx_export.filename("ho-so-tthc", day), columns=list_columns(), rows=rows,
                                     title=_("Hồ sơ thủ tục hành chính, xuất ngày {day}").format(
                                         day=timezone.localtime(now).strftime("%d/%m/%Y %H:%M")),
                                     sheet=_("Hồ sơ TTHC"), max_rows=limit)


#: A list limited to at most this many units is read unit by unit (``_page_of``).
SPLIT_UNITS = 64


def _page_of(dossiers, *, after: tuple[datetime, int] | None, before: tuple[datetime, int] | None,
             units: list[int] | None = None) -> list[Dossier]:
    """Up to a page and one rows of ``dossiers`` next to a position: older than ``after`` (newest first), or
    newer than ``before`` (oldest first), or the newest.

    With ``units`` (the list is limited to those units: a focal point's, a subtree), the page's positions are
    found unit by unit through the (unit, received_at) index, which holds them in order, then its rows read
    by id: one query over the units together sorted every dossier they ever had (a former district and its
    communes: 102,222 rows, 0.9 s at 10,000,000 dossiers)."""
    if units is not None and len(units) <= SPLIT_UNITS:
        edges: list[tuple[datetime, int]] = []
        for unit in units:
            edges += _edge(dossiers.filter(unit_id=unit), after=after, before=before).values_list("received_at", "pk")
        edges.sort(reverse=before is None)
        wanted = [pk for _at, pk in edges[: PAGE_SIZE + 1]]
        found = {d.pk: d for d in dossiers.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]
    return list(_edge(dossiers, after=after, before=before))


def _edge(dossiers, *, after: tuple[datetime, int] | None, before: tuple[datetime, int] | None):
    """``dossiers`` next to a position, in reading order, a page and one at most (``_page_of``)."""
    if before is not None:
        at, pk = before
        # The range first (received_at >= at: an index range), then the tie on the instant by id; an OR of
        # the two alone made SQLite walk the index from the newest row (0.4 s at 10M).
        return (dossiers.filter(received_at__gte=at).filter(Q(received_at__gt=at) | Q(pk__gt=pk))
                .order_by("received_at", "pk")[: PAGE_SIZE + 1])
    if after is not None:
        at, pk = after
        dossiers = dossiers.filter(received_at__lte=at).filter(Q(received_at__lt=at) | Q(pk__lt=pk))
    return dossiers.order_by("-received_at", "-pk")[: PAGE_SIZE + 1]


def _units_of(scope: list[int] | None, f: dict[str, str]) -> list[int] | None:
    """The units the list is limited to, when they are few enough to read one by one (``_page_of``): the
    user's, within the subtree asked for; None for the whole province, for one unit asked for (its index
    is read directly) and for the "late only" list (its own indexes)."""
    if ascii_int(f.get("unit")) is not None or f.get("late") == "1":
        return None
    units = scope
    if (root := ascii_int(f.get("subtree"))) is not None:
        below = subtree_ids(root)
        units = sorted(below if scope is None else set(below) & set(scope))
    return units


#: How long the province-wide list's unit picker is kept in the shared cache, at most (a new dossier or a new
#: unit makes a new key at once; a transfer or a unit's new end date shows within this).
PICKER_SECONDS = 300


def _unit_choices(units, scope, start, end, *, ended: bool, selected: int | None) -> list[tuple[int, str]]:
    """The list's unit picker (``UnitQuerySet.picker``). For a province-wide reader it probes every unit for
    a dossier (15-80 ms at 10,000,000 dossiers, the larger part of the page), so it is kept in the cache the
    server processes share under the newest dossier's id and the number of units; a reader scoped to some
    units gets it fresh."""
    if scope is not None:
        return units.picker(start, end, include_ended=ended, selected=selected)
    newest = Dossier.objects.aggregate(newest=Max("pk"))["newest"] or 0
    key = (f"dossiers:picker:{translation.get_language()}:{timezone.localdate().isoformat()}:{start}:{end}:"
           f"{int(ended)}:{selected}:{newest}:{Unit.objects.count()}")
    found = cache.get(key)
    if found is None:
        found = units.picker(start, end, include_ended=ended, selected=selected)
        cache.set(key, found, timeout=PICKER_SECONDS)
    return found


@login_required
def dossier_list(request):
    """Dossiers newest first, filtered, a page at a time by position (keyset: after the last row shown, or
    before the first), never by offset and with no total count: a page reads its 51 rows through the
    (received_at, id) index, so it costs the same on 10 million rows."""
    dossiers, scope = _scoped(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "unit", "status", "procedure", "late", "subtree")}
    now = timezone.now()
    parts = filter_parts(dossiers, f, start=_date_param(request, "from"), end=_date_param(request, "to"), now=now)
    page = max(1, ascii_int(request.GET.get("page", "1"), maximum=MAX_PAGE) or 1)  # shown, not used to read
    after, before = _cursor(request, "after"), _cursor(request, "before")
    backwards = before is not None and page > 1
    if not backwards and after is None:
        page = 1
    # each part read a page's worth in the list's order, then merged (the "late only" filter has two parts)
    units = _units_of(scope, f)
    rows = sorted((d for part in parts
                   for d in _page_of(part, after=after, before=before if backwards else None, units=units)),
                  key=lambda d: (d.received_at, d.pk), reverse=not backwards)[: PAGE_SIZE + 1]
    if backwards:
        has_previous = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        has_next = True
    else:
        has_next, has_previous = len(rows) > PAGE_SIZE, page > 1
        rows = rows[:PAGE_SIZE]
    items = [(d, classify(facts_of(d), now)) for d in rows]
    # The units that have dossiers, each checked through the (unit, received_at) index: never a scan of
    # the dossiers (a DISTINCT join read every row).
    units = (Unit.objects.filter(pk__in=scope) if scope is not None
             else Unit.objects.filter(Exists(Dossier.objects.filter(unit_id=OuterRef("pk")))))
    # Qualified by parent and validity, the units valid in the chosen days of receipt (today when none)
    # unless the ended ones are asked for; the chosen unit stays offered.
    ended = request.GET.get("ended") == "1"
    unit_choices = _unit_choices(units, scope, _date_param(request, "from"), _date_param(request, "to"), ended=ended,
                                 selected=ascii_int(f["unit"]))
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    return render(request, "dossiers/list.html", {
        "items": items, "page": page, "has_next": has_next and bool(rows), "has_previous": has_previous and bool(rows),
        "next_cursor": _cursor_of(rows[-1]) if rows else "", "previous_cursor": _cursor_of(rows[0]) if rows else "",
        "f": f, "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
        "units": unit_choices, "ended": ended, "statuses": DossierStatusChoices.choices,
        "labels": dict(TimelinessChoices.choices), "channels": dict(ChannelChoices.choices), "query": query.urlencode(),
        "can_upload": permissions.can_upload_dossiers(request.user),
        "export": f"{reverse('dossiers:list_xlsx')}?{query.urlencode()}",
    })


@login_required
def dossier_detail(request, pk: int):
    dossier = get_object_or_404(Dossier.objects.select_related("unit", "receiving_unit", "procedure"), pk=pk)
    permissions.require(can_view_dossiers_of(request.user, dossier.unit_id))
    now = timezone.now()
    apologies = list(dossier.apologies.all())
    may_apologise = can_issue_apology(request.user, dossier.unit_id)
    apology_refusal = why_not(dossier, previous=len(apologies), now=now) if may_apologise else None
    stop_form = (apology_rules.stop_notice_form(timezone.localtime(dossier.finished_at))
                 if dossier.status == Status.STOPPED and dossier.finished_at else None)
    return render(request, "dossiers/detail.html", {
        "d": dossier, "state": classify(facts_of(dossier), now), "labels": dict(TimelinessChoices.choices),
        "status_label": dossier.get_status_display(), "channel_label": dossier.get_channel_display(),
        "timeline": timeline(dossier), "supplements": dossier.supplements.all(),
        "apologies": apologies, "apology_refusal": apology_refusal,
        "can_apologise": may_apologise and apology_refusal is None,
        "stop_form": form_label(stop_form) if stop_form else "",
    })


@login_required
def dossier_history(request, pk: int):
    """The dossier's business history: its lifecycle as the one-stop system recorded it (``timeline``), and
    who recorded or changed its apology letters and transfers between units (``accounts.audit.audit_rows``,
    as on the audit page; dossiers themselves arrive by import and are not in the audit trail). Whoever may
    read the dossier reads its history; the actors' network addresses stay on the audit page."""
    dossier = get_object_or_404(Dossier.objects.select_related("unit"), pk=pk)
    permissions.require(can_view_dossiers_of(request.user, dossier.unit_id))
    entries = audit.entries_for((Apology, dossier.apologies.values_list("pk", flat=True)),
                                (DossierTransfer, dossier.transfers.values_list("pk", flat=True)))
    return render(request, "dossiers/history.html", {
        "d": dossier, "timeline": timeline(dossier), "rows": audit.audit_rows(entries[:audit.HISTORY_LIMIT]),
        "limit": audit.HISTORY_LIMIT,
    })


#: The note CCHC writes on the event of an apology it issues (cchc.dossiers.apologies.issue_apology), stored
#: in the language of the officer who issued it: shown again in the reader's (other notes are data).
_APOLOGY_NOTE = re.compile(r"^(?:Phiếu xin lỗi số|Apology letter No\.) (?P<n>\S+(?: — \S+)?)$")


def _event_note(e: DossierEvent, d: Dossier) -> str:
    """What the timeline shows beside an event: its note (the stop reason for a stop without one)."""
    if e.kind == EventKind.APOLOGY and (m := _APOLOGY_NOTE.match(e.note)):
        return _("Phiếu xin lỗi số {n}").format(n=m.group("n"))
    return e.note or (d.stop_reason if e.kind == EventKind.STOPPED else "")


def timeline(d: Dossier) -> list[dict]:
    """The dossier's lifecycle events and its transfers between units, in time order, as rows (at, label,
    note): a transfer names the units and its reason; the stop event its reason (TT 03/2025 Mẫu 05)."""
    rows = [{"at": e.at, "label": e.get_kind_display(), "note": _event_note(e, d)}
            for e in (list(d.events.all()) or _derived_events(d))]
    if d.pk:
        for t in d.transfers.select_related("from_unit", "to_unit"):
            note = _("{old} → {new}").format(old=t.from_unit, new=t.to_unit)
            rows.append({"at": t.at, "label": _("Chuyển đơn vị giải quyết"),
                         "note": f"{note} ({t.get_source_display()}){': ' + t.reason if t.reason else ''}"})
    return sorted(rows, key=lambda r: r["at"])


def _derived_events(d: Dossier) -> list[DossierEvent]:
    """The timeline read off the dossier's dates, for records that came without events (unsaved objects)."""
    steps = [(EventKind.RECEIVED, d.received_at), (EventKind.APOLOGY, d.apology_at)]
    finished_kind = {7: EventKind.WITHDRAWN, 8: EventKind.STOPPED}.get(d.status, EventKind.FINISHED)
    steps += [(finished_kind, d.finished_at), (EventKind.RETURNED, d.returned_at)]
    return sorted((DossierEvent(dossier=d, kind=kind, at=at) for kind, at in steps if at), key=lambda e: e.at)


@login_required
def near_due(request):
    """Unfinished dossiers due within the horizon (default 24 h, S3's "sắp hết hạn"), and those overdue."""
    dossiers, _scope = _scoped(request)
    hours = request.GET.get("hours", "")
    horizon = timedelta(hours=ascii_int(hours, maximum=24 * 366) or settings.NEAR_DUE_HOURS)
    now = timezone.now()
    soon, overdue = near_due_lists(dossiers, now=now, horizon=horizon)
    return render(request, "dossiers/near_due.html", {
        "soon": soon, "overdue": overdue, "hours": int(horizon.total_seconds() // 3600), "now": now,
    })


def near_due_lists(dossiers, *, now: datetime, horizon: timedelta, limit: int = 200):
    """The unfinished dossiers near due at ``now`` (cchc.core.timeliness.is_near_due: due within
    ``horizon``, both ends inclusive, through its near_due_window) and those already overdue, soonest
    first."""
    open_ = dossiers.filter(finished_at__isnull=True, status__in=OPEN_STATUSES)
    first, last = near_due_window(now, horizon)
    soon = open_.filter(due_at__gte=first, due_at__lte=last).order_by("due_at")[:limit]
    overdue = open_.filter(due_at__lt=now).order_by("due_at")[:limit]
    return soon, overdue


@login_required
@require_http_methods(["GET", "POST"])
def apology_new(request, pk: int):
    """Draft and issue the apology letter (form 04) for a dossier that will be late.

    On a dossier that may get no letter (``apologies.why_not``) the page says why and offers no form; a
    POST there is refused with 409 whatever it carries."""
    dossier = get_object_or_404(Dossier.objects.select_related("unit", "receiving_unit", "procedure"), pk=pk)
    permissions.require(can_issue_apology(request.user, dossier.unit_id))
    now = timezone.now()
    rules = apology_rules.rules_on(timezone.localtime(now))
    context = {"d": dossier, "rules": rules, "form_title": _(rules.form.title),
               "form_label": form_label(rules.form), "source": _(rules.source)}
    if refusal := why_not(dossier, now=now):
        return render(request, "dossiers/apology_form.html", {**context, "refusal": refusal},
                      status=409 if request.method == "POST" else 200)
    form = ApologyForm(request.POST or None, initial={"new_due": proposed_new_due(dossier, now=now)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_due = timezone.make_aware(datetime.combine(data["new_due"], datetime.min.time()).replace(hour=16))
        try:
            apology = issue_apology(
                user=request.user, dossier=dossier, reason=data["reason"], new_due_at=new_due,
                signer_title=data["signer_title"], signer_name=data["signer_name"],
                authority_lines=[line.strip() for line in data["authority"].splitlines() if line.strip()],
            )
        except InvalidInput as exc:
            issues_to_form(form, exc, fields={"new_due_at": "new_due"})
        else:
            if apology.compliant:
                messages.success(request, _("Đã lập phiếu xin lỗi; tải văn bản để ký."))
            else:
                messages.warning(request, _("Đã lập phiếu xin lỗi, nhưng quá thời hạn (chậm nhất 1 ngày làm việc trước ngày hẹn trả)."))
            return redirect(dossier)
    return render(request, "dossiers/apology_form.html", {**context, "form": form})


@login_required
def apology_document(request, pk: int):
    apology = get_object_or_404(Apology.objects.select_related("dossier"), pk=pk)
    permissions.require(can_view_dossiers_of(request.user, apology.dossier.unit_id))
    return FileResponse(apology.document.open("rb"), as_attachment=True, filename=f"phieu-xin-loi-{apology.dossier.code}.docx")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a one-stop system's export; the import runs in the background (see jobs.py)."""
    permissions.require(permissions.can_upload_dossiers(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = jobs.queue(file=data["file"], filename=data["file"].name, source_system=data["source_system"],
                         user=request.user, valid_rows=data["valid_rows"])
        return redirect("dossiers:job", pk=job.pk)
    recent = [j for j in ImportJob.objects.select_related("created_by")[:50]
              if can_follow_import(request.user, j.created_by)][:10]
    return render(request, "dossiers/upload.html", {"form": form, "recent": recent})


def _followed_job(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    permissions.require(can_follow_import(request.user, job.created_by))
    return job


def _job_page(request, job: ImportJob, *, map_issues: list[Issue] = (), chosen: dict[int, int] | None = None,
              status: int = 200):
    finished = job.state in (ImportJob.State.DONE, ImportJob.State.FAILED)
    unknown = unit_mapping.unknown_units(job, request.user) if finished else []
    for reference in unknown:
        reference.selected = (chosen or {}).get(reference.index)
    template = "dossiers/_job.html" if request.headers.get("HX-Request") else "dossiers/job.html"
    return render(request, template, {"job": job, "unknown": unknown, "map_issues": [i.text() for i in map_issues]},
                  status=status)


@login_required
def job(request, pk: int):
    job = _followed_job(request, pk)
    if job.state == ImportJob.State.RUNNING and (live := jobs.live_progress(job.pk)):
        job.done, job.total = live  # the import's transaction has not committed its own figure yet
    return _job_page(request, job)


@login_required
@require_http_methods(["POST"])
def job_map_units(request, pk: int):
    """Map the file's unknown unit names and codes to units (aliases of the job's source system) and
    import the same file again (cchc.dossiers.unit_mapping)."""
    job = _followed_job(request, pk)
    chosen = {}
    for key, value in request.POST.items():
        index = ascii_int(key.removeprefix("map-"), maximum=unit_mapping.MAX_REFERENCES) if key.startswith("map-") else None
        unit_id = ascii_int(value)
        if index is not None and unit_id:
            chosen[index] = unit_id
    try:
        again = unit_mapping.map_units(user=request.user, job=job, chosen=chosen)
    except InvalidInput as exc:
        return _job_page(request, job, map_issues=exc.issues, chosen=chosen, status=400)
    messages.success(request, _("Đã ghi {n} tên gọi khác của đơn vị; tệp đang được nhập lại.").format(
        n=len(again.summary["aliases"])))
    return redirect("dossiers:job", pk=again.pk)


@login_required
def job_refused(request, pk: int):
    """The file of the rows a partial import left out, with their problems (cchc.dossiers.refused)."""
    job = _followed_job(request, pk)
    name = job.summary.get("refused_file") if isinstance(job.summary, dict) else None
    if not name or not default_storage.exists(name):
        raise Http404(_("Lượt nhập này không có tệp dòng lỗi."))
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=refused_name(job.filename))
