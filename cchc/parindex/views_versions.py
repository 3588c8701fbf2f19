"""The pages of index versions: the list (with what is known of the national indices, as reference), one
version's tree, the upload of a structure file (PAR officer, administrator) and the XLSX and YAML
downloads. Every reader role may read versions (cchc.parindex.structure.can_read_versions)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput
from cchc.platform.errors import shown_issues
from cchc.units.choices import block_label

from . import structure
from .choices import DEFAULT_BANDS, Method
from .forms import VersionUploadForm
from .models import IndexVersion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _points(value) -> str:  # noqa: ANN001
    """Points in the reader's format, without trailing zeros: 2,5 and 10 in Vietnamese, 2.5 in English."""
    value = Decimal(str(value))
    value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value)


def rule_in_words(rule) -> str:  # noqa: ANN001
    """A computed component's rule as a reader says it: where the figure comes from and how it becomes points."""
    if not rule:
        return ""
    source = rule.get("source")
    names = {"kpi": _("chỉ số {kpi}").format(kpi=rule.get("kpi", "")),
             "reporting_timeliness": _("tỷ lệ báo cáo định kỳ gửi đúng hạn"),
             "task_completion": _("tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn"),
             "score766": _("điểm Bộ chỉ số 766")}
    what = names.get(source, str(source))
    if rule.get("scale") == "linear":
        how = _("điểm tỷ lệ thuận, đủ điểm khi đạt {target}").format(target=_points(rule.get("target", 0)))
    else:
        steps = [_("từ {low}: {points} điểm").format(low=_points(low), points=_points(points))
                 for low, points in rule.get("thresholds") or []]
        how = "; ".join(steps)
    return _("Theo {what}: {how}.").format(what=what, how=how)


@login_required
def version_list(request):
    require(structure.can_read_versions(request.user))
    versions = IndexVersion.objects.select_related("supersedes").order_by("-year", "block", "code")
    return render(request, "parindex/version_list.html", {
        "versions": [(v, block_label(v.block)) for v in versions],
        "can_manage": structure.can_manage_versions(request.user),
        "national": structure.national_versions(),
    })


@login_required
def version_detail(request, pk: int):
    require(structure.can_read_versions(request.user))
    version = get_object_or_404(IndexVersion.objects.select_related("supersedes", "created_by"), pk=pk)
    rows = []
    counts = {0: 0, 1: 0, 2: 0}
    methods = dict(Method.choices)
    for depth, node in structure.structure_rows(version):
        counts[depth] += 1
        rows.append({
            "depth": depth, "code": node.code, "name": node.name, "points": _points(node.max_points),
            "method": methods.get(node.method, "") if depth == 2 else "",
            "rule": rule_in_words(node.rule) if depth == 2 and node.method == Method.COMPUTED else "",
            "applies_to": node.get_applies_to_display() if depth != 1 and node.applies_to != "all" else "",
            "guidance": getattr(node, "guidance", ""),
        })
    return render(request, "parindex/version_detail.html", {
        "version": version, "block_label": block_label(version.block), "rows": rows, "counts": counts,
        # The version's own bands are data (their labels as the decision words them); the national default's
        # are named in the reader's language ("Nhóm A" / "Group A").
        "bands": [{"code": b["code"], "label": b["label"] if version.bands else "", "min_pct": b["min_pct"]}
                  for b in (version.bands or DEFAULT_BANDS)],
        "default_bands": not version.bands,
        "superseded_by": list(version.superseded_by.all()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def version_upload(request):
    """Upload a structure file: all or nothing, each problem named by file, row and field."""
    require(structure.can_manage_versions(request.user))
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = structure.import_structure(upload.read(), upload.name, by=request.user,
                                                 supersedes=form.cleaned_data["supersedes"].strip() or None)
        except InvalidInput as exc:
            for issue in shown_issues(exc):
                form.add_error(None, str(issue))
        else:
            messages.success(request, _("Đã nhập bộ chỉ số {code}.").format(code=version.code))
            return redirect(version.get_absolute_url())
    return render(request, "parindex/version_upload.html", {"form": form})


@login_required
def version_xlsx(request, pk: int):
    require(structure.can_read_versions(request.user))
    version = get_object_or_404(IndexVersion, pk=pk)
    response = HttpResponse(structure.write_xlsx(version), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{version.code}.xlsx"'
    return response


@login_required
def version_yaml(request, pk: int):
    require(structure.can_read_versions(request.user))
    version = get_object_or_404(IndexVersion, pk=pk)
    response = HttpResponse(structure.write_yaml(version), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.code}.yaml"'
    return response
