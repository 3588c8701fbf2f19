"""Survey points (điều tra xã hội học) of a season imported from an XLSX file by the PAR officer, before
publication (DOMAIN §2: "a sociological survey is added"; §11 Q4: survey points per version). One at a time:
cchc.parindex.results.set_survey_points."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.permissions import require
from cchc.core.errors import InvalidInput, Issue

from . import permissions, results
from .choices import Method, SeasonStatus
from .models import Component, Score, Season

#: The survey file's columns (row 1), in Vietnamese, with their plain aliases.
SURVEY_COLUMNS = {"unit": ("Mã đơn vị", "unit_code"), "component": ("Mã tiêu chí thành phần", "component_code"),
                  "points": ("Điểm", "points")}


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {n.casefold() for n in names}
    return next((i for i, h in enumerate(header) if str(h).strip().casefold() in wanted), None)


@transaction.atomic
def import_survey_points(season: Season, content: bytes, filename: str, *, by) -> int:
    """Survey points of a season from an XLSX file, one row per unit and *survey* component: columns
    "Mã đơn vị", "Mã tiêu chí thành phần", "Điểm" (row 1). Every row is checked first (a known unit of the
    season, a survey component of its version, points from 0 to its maximum, no row twice); any problem
    refuses the whole file with messages naming the file, the row and the column, and nothing is written.
    Then each touched assessment is refreshed. Returns the number of points written."""
    from cchc.platform.tables import cell_text, read_xlsx

    require(permissions.can_manage(by))
    if season.status == SeasonStatus.PUBLISHED:
        raise InvalidInput([Issue(_("Đợt đánh giá này đã công bố."), file=filename)])
    table = read_xlsx(content, filename)
    header = list(table.header or [])
    columns = {key: _column(header, names) for key, names in SURVEY_COLUMNS.items()}
    missing = [SURVEY_COLUMNS[k][0] for k, v in columns.items() if v is None]
    if missing:
        raise InvalidInput([Issue(_("Thiếu cột «{column}».").format(column=c), file=filename, row=1, field=c)
                            for c in missing])
    assessments = {a.unit.code: a for a in season.assessments.select_related("unit", "season__version")}
    components = {c.code: c for c in Component.objects.filter(criterion__area__version_id=season.version_id)}
    issues: list[Issue] = []
    found: dict[tuple[int, int], Decimal] = {}
    for number, cells in zip(table.numbers, table.rows, strict=True):
        unit_code, code, raw = (cell_text(cells[columns[k]]) if cells[columns[k]] is not None else ""
                                for k in ("unit", "component", "points"))
        assessment, component = assessments.get(unit_code), components.get(code)
        if assessment is None:
            issues.append(Issue(_("Đơn vị mã «{code}» không có trong đợt đánh giá.").format(code=unit_code),
                                file=filename, row=number, field=SURVEY_COLUMNS["unit"][0]))
        if component is None or component.method != Method.SURVEY:
            issues.append(Issue(_("«{code}» không phải tiêu chí thành phần chấm bằng điều tra xã hội học của bộ chỉ "
                                  "số.").format(code=code), file=filename, row=number,
                                field=SURVEY_COLUMNS["component"][0]))
            continue
        try:
            points = results._points(raw, component, field=SURVEY_COLUMNS["points"][0])
        except InvalidInput as exc:
            issues += [Issue(i.message, file=filename, row=number, field=i.field) for i in exc.issues]
            continue
        if assessment is None:
            continue
        key = (assessment.pk, component.pk)
        if key in found:
            issues.append(Issue(_("Đơn vị và tiêu chí thành phần này đã có ở dòng trên."), file=filename,
                                row=number, field=SURVEY_COLUMNS["component"][0]))
        found[key] = points
    if issues:
        raise InvalidInput(issues)
    if not found:
        raise InvalidInput([Issue(_("Tệp không có dòng điểm nào."), file=filename)])
    scores = {(s.assessment_id, s.component_id): s for s in Score.objects.filter(
        assessment__season=season, component_id__in={c for _a, c in found})}
    absent = [key for key in found if key not in scores]
    if absent:
        raise InvalidInput([Issue(_("Bản đánh giá chưa có dòng điểm cho tiêu chí thành phần này."), file=filename,
                                  field=SURVEY_COLUMNS["component"][0])])
    changed = []
    for key, points in found.items():
        score = scores[key]
        score.survey_points = points
        score.save(update_fields=["survey_points"])  # one save each, so the audit trail records every point
        changed.append(score)
    for a in assessments.values():
        if any(key[0] == a.pk for key in found):
            results.refresh(a)
    return len(changed)
