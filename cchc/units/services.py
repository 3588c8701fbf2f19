"""Use cases of the unit registry: importing real units and their 2025 lineage, reading the tree, and
resolving which unit a key, code or name means (``resolve``, ``UnitResolver``: the one rule of
cchc.core.unit_refs for every caller)."""

from __future__ import annotations

import json
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from vietnamadminunits.database import query as vau_query

from cchc.core import lineage, unit_refs
from cchc.core.collation import vi_sort_key
from cchc.core.errors import DomainError, NotFound
from cchc.core.i18n import keeping
from cchc.core.levels import UnitKind

from .departments import DEPARTMENTS_FILE, import_departments, import_successor_departments
from .models import LinkKind, Unit, UnitLink
from .upsert import upsert_link, upsert_unit

__all__ = ["DEPARTMENTS_FILE", "import_departments"]  # re-exported: callers import them from here

logger = logging.getLogger(__name__)

#: The day the 2025 arrangement of provinces and communes took effect (Nghị quyết 202/2025/QH15).
REORGANISATION_2025 = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)
REORGANISATION_SOURCE = "Nghị quyết 202/2025/QH15; dữ liệu sáp nhập của gói vietnamadminunits"

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    province: Unit
    successor_province: Unit | None
    created: int
    updated: int
    links: int


def package_key(era: str, kind: str, code: object) -> str:
    """The key of a unit imported from ``vietnamadminunits``: ``vn:legacy:…`` for the units before
    1/7/2025, ``vn:2025:…`` after; ``kind`` is province, district or commune; ``code`` the package's."""
    return f"vn:{era}:{kind}:{code}"


def _fold(text: str) -> str:
    """Lower-case ASCII without spaces, the way the package builds its keys (Bình Định → binhdinh)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).lower()


def _converter_data() -> dict:
    data = resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text(encoding="utf-8")
    return json.loads(data)


def find_legacy_province(name: str) -> dict:
    """The package's row for a pre-2025 province, by its name with or without "Tỉnh", any accents."""
    wanted = _fold(name)
    provinces = vau_query(
        "SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, provinceLat, provinceLon "
        "FROM admin_units_legacy"
    )
    for row in provinces:
        if wanted in {_fold(row["province"]), _fold(row["provinceShort"]), row["provinceKey"]}:
            return row
    raise NotFound(_("Không tìm thấy tỉnh «{name}» trong danh mục đơn vị hành chính trước 01/07/2025.").format(name=name))


@transaction.atomic
def import_province(name: str, progress: Progress | None = None) -> ImportResult:
    """Import a province as it was before 1/7/2025 (province → districts → communes), its departments,
    and the post-2025 province and communes that took it over, with the merger mapping as lineage.

    Idempotent: units are matched on their ``key``; a second run changes nothing.
    Only the new communes that came (wholly or partly) from this province's old communes are imported.
    """
    counters = {"created": 0, "updated": 0, "links": 0}
    prov = find_legacy_province(name)
    pkey = prov["provinceKey"]
    if not pkey.isalnum():  # the package's query() takes no parameters; its keys are plain a-z
        raise NotFound(_("Khóa tỉnh không hợp lệ: {key}").format(key=pkey))
    rows = vau_query(
        "SELECT district, districtShort, districtType, districtCode, districtKey, districtLat, districtLon, "
        "ward, wardShort, wardType, wardCode, wardKey, wardLat, wardLon "
        f"FROM admin_units_legacy WHERE provinceKey = '{pkey}' ORDER BY districtCode, wardCode"  # key from the package itself
    )
    convert = _converter_data()
    new_pkey = next((k for k, olds in convert["DICT_PROVINCE"].items() if pkey in olds and k.isalnum()), None)
    merged_into = convert["DICT_PROVINCE"].get(new_pkey, []) if new_pkey else []
    no_divided = convert["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_pkey, {}) if new_pkey else {}
    divided = convert["DICT_PROVINCE_WARD_DIVIDED"].get(new_pkey, {}) if new_pkey else {}
    new_rows = (
        vau_query(
            "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, ward, wardShort, wardType, "
            f"wardCode, wardKey, wardLat, wardLon FROM admin_units WHERE provinceKey = '{new_pkey}'"
        )
        if new_pkey
        else []
    )
    total = len(rows) + len(new_rows) + 1
    done = 0

    def tick(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    source_legacy = "vietnamadminunits: admin_units_legacy"
    province = upsert_unit(
        package_key("legacy", "province", prov["provinceCode"]),
        counters,
        code=prov["provinceCode"],
        name=prov["province"],
        short_name=prov["provinceShort"],
        kind=UnitKind.PROVINCE,
        type_label=prov["province"].removesuffix(prov["provinceShort"]).strip(),
        parent=None,
        valid_from=None,
        valid_to=LEGACY_END if new_pkey else None,
        latitude=prov["provinceLat"],
        longitude=prov["provinceLon"],
        source=source_legacy,
    )
    if province.province_id != province.pk:
        province.province = province
        province.save()
    tick()
    import_departments(province, counters)

    districts: dict[str, Unit] = {}
    old_wards: dict[str, Unit] = {}
    for row in rows:
        district = districts.get(row["districtKey"])
        if district is None:
            district = upsert_unit(
                package_key("legacy", "district", row["districtCode"]),
                counters,
                code=row["districtCode"],
                name=row["district"],
                short_name=row["districtShort"],
                kind=UnitKind.DISTRICT,
                type_label=row["districtType"],
                parent=province,
                province=province,
                valid_from=None,
                valid_to=LEGACY_END if new_pkey else None,
                latitude=row["districtLat"],
                longitude=row["districtLon"],
                source=source_legacy,
            )
            districts[row["districtKey"]] = district
        if row["wardCode"]:
            ward = upsert_unit(
                package_key("legacy", "commune", row["wardCode"]),
                counters,
                code=row["wardCode"],
                name=row["ward"],
                short_name=row["wardShort"],
                kind=UnitKind.COMMUNE,
                type_label=row["wardType"],
                parent=district,
                province=province,
                valid_from=None,
                valid_to=LEGACY_END if new_pkey else None,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                source=source_legacy,
            )
            old_wards[f"{pkey}_{row['districtKey']}_{row['wardKey']}"] = ward
        tick()

    successor = None
    if new_pkey and new_rows:
        successor = _import_successor(province, pkey, merged_into, new_rows, no_divided, divided, old_wards, counters, tick)
    logger.info("units imported for %s: %s", prov["province"], counters)
    return ImportResult(province, successor, counters["created"], counters["updated"], counters["links"])


def _import_successor(province, pkey, merged_into, new_rows, no_divided, divided, old_wards, counters, tick):
    """The post-2025 province and the new communes that took over ``province``'s old communes."""
    source_new = "vietnamadminunits: admin_units (từ 1/7/2025)"
    first = new_rows[0]
    new_province = upsert_unit(
        package_key("2025", "province", first["provinceCode"]),
        counters,
        code=first["provinceCode"],
        name=first["province"],
        short_name=first["provinceShort"],
        kind=UnitKind.PROVINCE,
        type_label=first["province"].removesuffix(first["provinceShort"]).strip(),
        parent=None,
        valid_from=REORGANISATION_2025,
        valid_to=None,
        latitude=first["provinceLat"],
        longitude=first["provinceLon"],
        source=source_new,
    )
    if new_province.province_id != new_province.pk:
        new_province.province = new_province
        new_province.save()
    same_name = new_province.short_name == province.short_name
    province_kind = LinkKind.CONTINUED if same_name and len(merged_into) == 1 else (
        LinkKind.MERGED if len(merged_into) > 1 else LinkKind.RENAMED
    )
    upsert_link(province, new_province, province_kind, counters, effective_date=REORGANISATION_2025,
                source=REORGANISATION_SOURCE)

    import_successor_departments(province, new_province, len(merged_into), counters)

    # old key -> new ward keys, from both halves of the mapping.
    edges: dict[str, set[str]] = defaultdict(set)
    for new_key, olds in no_divided.items():
        for old in olds:
            if old in old_wards:
                edges[old].add(new_key)
    for old, news in divided.items():
        if old in old_wards:
            for item in news:
                edges[old].add(item["newWardKey"])
    wanted = {k for news in edges.values() for k in news}
    new_wards: dict[str, Unit] = {}
    for row in new_rows:
        if row["wardKey"] in wanted:
            new_wards[row["wardKey"]] = upsert_unit(
                package_key("2025", "commune", row["wardCode"]),
                counters,
                code=row["wardCode"],
                name=row["ward"],
                short_name=row["wardShort"],
                kind=UnitKind.COMMUNE,
                type_label=row["wardType"],
                parent=new_province,
                province=new_province,
                valid_from=REORGANISATION_2025,
                valid_to=None,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                source=source_new,
            )
        tick()
    # Count every predecessor a new ward has in the whole mapping (not only in this province), so a
    # ward formed from communes of two old provinces is still named a merger.
    all_preds: dict[str, int] = {k: len(v) for k, v in no_divided.items()}
    for news in divided.values():
        for item in news:
            all_preds[item["newWardKey"]] = all_preds.get(item["newWardKey"], 0) + 1
    for old_key, news in edges.items():
        for new_key in news:
            if new_key not in new_wards:
                continue
            kind = lineage.classify_change(all_preds.get(new_key, 1), len(news))
            if kind == "renamed" and old_wards[old_key].short_name == new_wards[new_key].short_name:
                kind = LinkKind.CONTINUED
            upsert_link(old_wards[old_key], new_wards[new_key], kind, counters, effective_date=REORGANISATION_2025,
                        source=REORGANISATION_SOURCE)
    return new_province


def lineage_of(unit: Unit) -> dict[str, list[Unit]]:
    """All units ``unit`` came from and all that came from it, through every lineage link."""
    links = list(UnitLink.objects.values_list("predecessor_id", "successor_id"))
    before = lineage.ancestors(unit.pk, links)
    after = lineage.descendants(unit.pk, links)
    by_id = Unit.objects.in_bulk(before + after)
    return {"ancestors": [by_id[i] for i in before], "descendants": [by_id[i] for i in after]}


def subtree_ids(unit_id: int | None) -> set[int]:
    """``unit_id`` and every unit under it (children, grandchildren…), one query per level."""
    if unit_id is None:
        return set()
    found = {unit_id}
    frontier = {unit_id}
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


#: The order units are listed in in periodic reporting (period pages, reminders, the province's report):
#: departments, then districts, then communes.
REPORTING_ORDER = (UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE)


def unit_order(unit: Unit) -> tuple:
    """A sort key: departments, then districts, then communes (any other kind last), each in Vietnamese
    alphabetical order (cchc.core.collation; the databases' default collations put "Đ" after "Z")."""
    kinds = {k.value: i for i, k in enumerate(REPORTING_ORDER)}
    return kinds.get(unit.kind, len(kinds)), vi_sort_key(unit.name), unit.pk


# --- Which unit a reference means ----------------------------------------------------------------------

#: Messages keep their id and parameters: a dossier import stores its errors and shows them in each
#: reader's language (cchc.core.i18n).
_kept = keeping(gettext)

Window = tuple[date | None, date | None]


class AmbiguousUnit(DomainError):
    """A reference that several units valid at the same time answer to."""


class UnitNotFound(NotFound):
    """No unit answers to a reference (``valid_elsewhere``: some does, outside the window)."""

    def __init__(self, message: str, *, valid_elsewhere: bool = False):
        super().__init__(message)
        self.valid_elsewhere = valid_elsewhere


def _window(on: date | None, during: Window | None) -> Window:
    if on is not None:
        return on, on
    return during or (None, None)


def _when(window: Window) -> str:
    start, end = window
    if start is not None and start == end:
        return _kept("ngày {day}").format(day=f"{start:%d/%m/%Y}")
    return _kept("từ {start} đến {end}").format(start=f"{start:%d/%m/%Y}" if start else "…",
                                               end=f"{end:%d/%m/%Y}" if end else "…")


class UnitResolver:
    """The rule of cchc.core.unit_refs over a set of units held in memory, so that a batch (a dossier
    file of 100k rows, a plan's task list, a report's manual values) costs one query, or none when the
    units are at hand already. ``province``: only that province's units count, and its short codes
    ("SNV" for "52.SNV") are accepted. When the resolver reads the units itself it reads their aliases
    in the same query (UnitAlias; of ``source_system`` only when given); units handed to it come
    without aliases."""

    _FIELDS = ("pk", "key", "code", "name", "valid_from", "valid_to")

    def __init__(self, units: Iterable[Unit] | None = None, *, province: Unit | None = None,
                 queryset=None, source_system: str | None = None) -> None:
        self.province_code = province.code if province is not None else None
        self.by_key: dict[str, unit_refs.Span] = {}
        self.by_code: dict[str, list[unit_refs.Span]] = defaultdict(list)
        self.by_name: dict[str, list[unit_refs.Span]] = defaultdict(list)
        self.by_alias: dict[str, list[unit_refs.Span]] = defaultdict(list)
        self.labels: dict[int, str] = {}
        self._names: dict[str, str] = {}
        if units is not None:
            rows = [(u.pk, u.key, u.code, u.name, u.valid_from, u.valid_to, None, None, None, None) for u in units
                    if province is None or u.province_id == province.pk]
        else:
            qs = queryset if queryset is not None else Unit.objects.all()
            if province is not None:
                qs = qs.filter(province=province)
            rows = _with_aliases(qs, source_system)
        for pk, key, code, name, valid_from, valid_to, *alias in rows:
            if pk not in self.labels:
                span = unit_refs.Span(pk, valid_from, valid_to)
                self.by_key[key] = span
                self.by_code[code].append(span)
                self.by_name[unit_refs.normalise_name(name)].append(span)
                self.labels[pk] = f"{name} ({code}, {key})"
            if alias[0] is not None or alias[1] is not None:
                self._add_alias(unit_refs.Span(pk, valid_from, valid_to), *alias)

    def _add_alias(self, unit: unit_refs.Span, code: str, name: str, valid_from: date | None,
                   valid_to: date | None) -> None:
        """An alias answers for its unit on the days both are valid (none: the alias is not indexed)."""
        starts = [d for d in (unit.valid_from, valid_from) if d is not None]
        ends = [d for d in (unit.valid_to, valid_to) if d is not None]
        span = unit_refs.Span(unit.id, max(starts) if starts else None, min(ends) if ends else None)
        if span.valid_from is not None and span.valid_to is not None and span.valid_from > span.valid_to:
            return
        for form in {f"code:{code.strip()}" if code else "", f"name:{unit_refs.normalise_name(name)}" if name else ""} - {""}:
            if span not in self.by_alias[form]:
                self.by_alias[form].append(span)

    def choose(self, ref: str, window: Window = (None, None), *,
               steps: Sequence[unit_refs.Step] = tuple(unit_refs.Step)) -> unit_refs.Choice:
        """The rule's answer for one reference (no exception: a batch turns answers into row issues)."""
        ref = str(ref or "").strip()
        if not ref:
            return unit_refs.Choice(unit_refs.Outcome.UNKNOWN)
        return unit_refs.choose(((step, self._found(step, ref)) for step in steps), *window)

    def _found(self, step: unit_refs.Step, ref: str) -> list[unit_refs.Span]:
        if step == unit_refs.Step.KEY:
            return [self.by_key[ref]] if ref in self.by_key else []
        if step == unit_refs.Step.CODE:
            return [s for c in unit_refs.code_forms(ref, self.province_code) for s in self.by_code.get(c, ())]
        if step == unit_refs.Step.ALIAS:
            return self._aliases(ref)
        return self.by_name.get(self._normalised(ref), [])

    def _aliases(self, ref: str) -> list[unit_refs.Span]:
        """The units another system's code ``ref`` or name ``ref`` stands for (UnitAlias)."""
        if not self.by_alias:
            return []
        found = list(self.by_alias.get(f"code:{ref}", ()))
        return found + [s for s in self.by_alias.get(f"name:{self._normalised(ref)}", ()) if s not in found]

    def _normalised(self, name: str) -> str:
        """normalise_name, remembered: a file repeats the same few hundred names."""
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = unit_refs.normalise_name(name)
        return found

    def spans(self, ref: str) -> list[unit_refs.Span]:
        """Every unit a reference could mean, whatever the day (a batch caches answers between the days
        on which one of them starts or ends)."""
        ref = str(ref or "").strip()
        return [s for step in unit_refs.Step for s in self._found(step, ref)] if ref else []

    def describe(self, ref: str, choice: unit_refs.Choice, window: Window) -> str:
        """Why an answer found no single unit, in Vietnamese, naming the candidates of an ambiguity (a
        message that keeps its id and parameters, for imports that store their errors)."""
        if choice.outcome == unit_refs.Outcome.AMBIGUOUS:
            return _kept(
                "«{ref}» ứng với {n} đơn vị cùng còn hiệu lực: {candidates}; hãy dùng mã hoặc khóa định danh của "
                "đơn vị.").format(ref=ref, n=len(choice.ids), candidates="; ".join(self.labels[i] for i in choice.ids))
        if choice.outcome == unit_refs.Outcome.NOT_VALID:
            return _kept("Không có đơn vị «{ref}» còn hiệu lực {when}.").format(ref=ref, when=_when(window))
        return _kept("Không tìm thấy đơn vị «{ref}» (theo khóa, mã hoặc tên).").format(ref=ref)

    def problem(self, ref: str, choice: unit_refs.Choice, window: Window) -> DomainError:
        """The refusal for an answer that found no single unit (AmbiguousUnit or UnitNotFound)."""
        message = self.describe(ref, choice, window)
        if choice.outcome == unit_refs.Outcome.AMBIGUOUS:
            return AmbiguousUnit(message)
        return UnitNotFound(message, valid_elsewhere=choice.outcome == unit_refs.Outcome.NOT_VALID)

    def resolve_id(self, ref: str, *, on: date | None = None, during: Window | None = None) -> int:
        """The id of the unit ``ref`` means, or AmbiguousUnit / UnitNotFound."""
        window = _window(on, during)
        choice = self.choose(ref, window)
        if choice.id is None:
            raise self.problem(str(ref).strip(), choice, window)
        return choice.id


def _with_aliases(qs, source_system: str | None):
    """The units' fields followed by each of their aliases' code, name and validity, one row per alias
    (a unit without one: a row of None), in one query (LEFT OUTER JOIN)."""
    if source_system is None:
        return qs.values_list(*UnitResolver._FIELDS, "aliases__code", "aliases__name", "aliases__valid_from",
                              "aliases__valid_to")
    qs = qs.annotate(alias=FilteredRelation("aliases", condition=Q(aliases__source_system=source_system)))
    return qs.values_list(*UnitResolver._FIELDS, "alias__code", "alias__name", "alias__valid_from", "alias__valid_to")


def resolve(ref: str, *, on: date | None = None, during: Window | None = None, province: Unit | None = None,
            among=None, source_system: str | None = None) -> Unit:
    """The unit ``ref`` (a key, a code or a name) means, by the rule of cchc.core.unit_refs: on the day
    ``on`` or during the period ``during`` (start, end) when given, within ``province`` when given, among
    the units of the queryset ``among`` when given. Raises AmbiguousUnit (naming the candidates) or
    UnitNotFound (a NotFound). One query for a key or a code; names are compared in Python (NFC, case
    folded), so a reference that is no key or code loads the units (of the province) once more."""
    base = among if among is not None else Unit.objects.all()
    ref = str(ref or "").strip()
    forms = unit_refs.code_forms(ref, province.code if province is not None else None)
    narrow = UnitResolver(province=province, queryset=base.filter(Q(key=ref) | Q(code__in=forms)))
    window = _window(on, during)
    choice = narrow.choose(ref, window, steps=(unit_refs.Step.KEY, unit_refs.Step.CODE))
    resolver = narrow
    if choice.outcome in (unit_refs.Outcome.NOT_VALID, unit_refs.Outcome.UNKNOWN):
        resolver = UnitResolver(province=province, queryset=base, source_system=source_system)
        choice = resolver.choose(ref, window)
    if choice.id is None:
        raise resolver.problem(ref, choice, window)
    return base.get(pk=choice.id)
