"""cchc.core.portal766: the portal's published 766 answers in their three shapes, hostile inputs refused
with the file, unit and field named, and why a published figure differs from CCHC's (hand-worked cases)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from cchc.core import portal766 as p
from cchc.core.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = ROOT / "cchc" / "portal766" / "snapshots" / "agencies_GiaLai_10102026.json"
DETAIL = ROOT / "tests" / "portal766" / "data" / "agencies_detail_small.json"


def _detail() -> dict:
    return json.loads(DETAIL.read_text(encoding="utf-8"))


def _bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def test_a_block_summary_reads_overview_units_groups_and_ranks():
    snap = p.parse(SUMMARY.read_bytes(), SUMMARY.name)
    assert snap.shape == p.SUMMARY
    assert (snap.meta.run_date, snap.meta.kind, snap.meta.year, snap.meta.period) == (date(2026, 10, 10), "year", 2026, None)
    assert snap.meta.start == date(2026, 1, 1) and snap.meta.label == "Năm 2026"
    assert snap.overview.total == D("66.23") and snap.overview.groups[3] == D("9.14")  # the province's "CLGQ"
    assert (snap.overview.units, snap.overview.agencies, snap.overview.communes) == (149, 14, 135)
    assert len(snap.units) == 14
    first, last = snap.units[0], snap.units[-1]
    assert (first.code, first.block, first.total, first.rank, first.group_rank) == ("H21.17", "AGENCY", D("79.27"), 1, 1)
    assert first.groups == {1: D("11.79"), 2: D("19.97"), 3: D("6.72"), 4: D("8.61"), 5: D("14.18"), 6: D("18.0")}
    assert first.indicators == {}
    assert (last.name, last.total, last.groups[2], last.rank) == ("Thanh tra tỉnh - tỉnh Gia Lai", D("19.79"), D("0.0"), 149)


def test_a_block_detail_reads_each_indicator_by_our_codes():
    snap = p.parse(DETAIL.read_bytes(), DETAIL.name)
    assert snap.shape == p.DETAIL and snap.overview is None
    ind = snap.units[0].indicators
    assert set(ind) == {"1.1", "1.2", "1.3", "1.4", "2.1", "3.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4", "5.5",
                        "5.6", "5.7", "6.1", "6.2", "6.3"}  # 4.1 is published only inside group 4
    assert ind["2.1"] == p.PublishedIndicator("2.1", D(653), D(654), D("99.85"), D("19.97"), D(20))  # TDGQ
    assert ind["5.2"] == p.PublishedIndicator("5.2", D(603), D(654), D("92.2"), D("3.69"), D(4))
    assert (ind["4.2"].numerator, ind["4.2"].denominator, ind["4.2"].points) == (D(8), D(12), None)  # TTTT counts
    assert (ind["4.3"].numerator, ind["4.3"].denominator) == (D(145), D(165))
    assert (ind["3.1"].numerator, ind["3.1"].points) == (None, D("6.72"))  # ONLINE: points only
    assert (ind["5.3"].numerator, ind["5.3"].points) == (None, D(2))


def test_a_unit_with_no_dossier_reads_its_empty_figures_as_published():
    """Thanh tra tỉnh (10/10/2026): 0 received → 2.1 scores 0; digitisation's rates and points are null (not
    0) except the certified copy's 2; PAKN with no petition scores 6 + 6; a group given as null is left out."""
    snap = p.parse(DETAIL.read_bytes(), DETAIL.name)
    inspectorate = snap.units[2]
    assert (inspectorate.code, inspectorate.total, inspectorate.rank, inspectorate.group_rank) == ("H21.20", D("19.79"), 149, 14)
    ind = inspectorate.indicators
    assert ind["2.1"] == p.PublishedIndicator("2.1", D(0), D(0), D(0), D("0.0"), D(20))
    assert ind["5.1"] == p.PublishedIndicator("5.1", D(0), D(0), None, None, D(6))
    assert ind["1.4"].points is None and ind["5.3"].points == D(2)
    assert (ind["6.1"].points, ind["6.2"].points, ind["6.3"].points) == (D(6), D(6), D(0))
    doc = _detail()
    doc["agenciesDetail"][2]["groupScores"]["TTTT"] = None
    doc["agenciesDetail"][2]["componentIndicators"]["CKMB_CongKhaiMinhBach"]["metrics"][3]["ratio"] = 130.5
    again = p.parse(_bytes(doc), "x.json").units[2]
    assert 4 not in again.groups and again.indicators["1.4"].rate == D("130.5")  # a sync rate may pass 100


def test_every_units_detail_with_overview_and_a_quarter():
    doc = _detail()
    doc["unitsDetail"] = doc.pop("agenciesDetail")
    doc["overview"] = {"departmentName": "UBND tỉnh Gia Lai", "departmentCode": "H21", "totalScore": 66.23}
    doc["totalUnitsCount"], doc["agencyCount"], doc["communeCount"] = 149, 14, 135
    doc["metadata"].update(timeType="quarter", period=3)
    snap = p.parse(_bytes(doc), "details.json")
    assert snap.shape == p.DETAIL and snap.overview.units == 149 and snap.overview.groups == {}
    assert (snap.meta.kind, snap.meta.start) == ("quarter", date(2026, 7, 1))
    doc["metadata"].update(timeType="month", period=2)
    assert p.parse(_bytes(doc), "details.json").meta.start == date(2026, 2, 1)


def _refused(content: bytes, name: str = "x.json", **kwargs) -> list[tuple]:
    with pytest.raises(InvalidInput) as caught:
        p.parse(content, name, **kwargs)
    return [(i.file, i.row, i.field, i.text()) for i in caught.value.issues]


def _change(path: list, value) -> bytes:
    doc = _detail()
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return _bytes(doc)


@pytest.mark.parametrize(("content", "row", "field", "words"), [
    (b"\xff\xfe", None, "", "UTF-8"),
    (b'{"metadata": ', None, "", "sai cú pháp"),
    (b"[1, 2]", None, "", "đối tượng JSON"),
    (b"[" * 100000 + b"]" * 100000, None, "", "quá sâu"),
    (b'{"metadata": {"x": ' + b"9" * 5000 + b"}}", None, "", "số quá dài"),
    (_bytes({"count": 0, "agencies": []}), None, "metadata", "metadata"),
    (_change(["metadata", "runDateStr"], "2026-10-10"), None, "metadata.runDateStr", "ddmmyyyy"),
    (_change(["metadata", "timeType"], "week"), None, "metadata.timeType", "year, quarter"),
    (_change(["metadata", "period"], 3), None, "metadata.period", "null"),
    (_change(["metadata", "year"], "2026"), None, "metadata.year", "2000"),
    (_change(["agenciesDetail"], {"H21.17": {}}), None, "agenciesDetail", "danh sách"),
    (_change(["agenciesDetail"], KeyError), None, "", "đúng một danh sách"),
    (_change(["agenciesDetail", 1, "departmentCode"], ""), 2, "departmentCode", "#2"),
    (_change(["agenciesDetail", 1, "departmentCode"], "H21.17"), 2, "departmentCode", "hai lần"),
    (_change(["agenciesDetail", 0, "childGroup"], "DISTRICT"), 1, "childGroup", "H21.17"),
    (_change(["agenciesDetail", 0, "totalScore"], "79,27"), 1, "totalScore", "phải là một số"),
    (_change(["agenciesDetail", 0, "totalScore"], 179.27), 1, "totalScore", "ngoài khoảng"),
    (_change(["agenciesDetail", 0, "totalScore"], KeyError), 1, "totalScore", "thiếu"),
    (_change(["agenciesDetail", 0, "rank"], 0), 1, "rank", "số nguyên"),
    (_change(["agenciesDetail", 0, "groupScores", "XYZ"], 1), 1, "groupScores", "XYZ"),
    (_change(["agenciesDetail", 0, "groupScores", "TDGQ"], True), 1, "groupScores", "TDGQ"),
    (_change(["agenciesDetail", 1, "componentIndicators", "TDGQ_TienDoGiaiQuyet", "totalReceived"], -1), 2,
     "componentIndicators.TDGQ_TienDoGiaiQuyet.totalReceived", "H21.09"),
    (_change(["agenciesDetail", 0, "componentIndicators", "MDSH_SoHoaHoSo", "metrics", 1, "numerator"], "603"), 1,
     "componentIndicators.MDSH_SoHoaHoSo.metrics[1].numerator", "phải là một số"),
    (_change(["agenciesDetail", 0, "componentIndicators", "MDSH_SoHoaHoSo", "metrics", 1, "code"], "NEW_METRIC"), 1,
     "componentIndicators.MDSH_SoHoaHoSo.metrics[1]", "NEW_METRIC"),
    (_change(["agenciesDetail", 0, "componentIndicators", "MDSH_SoHoaHoSo", "metrics"], {}), 1,
     "componentIndicators.MDSH_SoHoaHoSo.metrics", "danh sách"),
    (_change(["agenciesDetail", 0, "departmentName"], "x" * 300), 1, "departmentName", "255"),
])
def test_hostile_or_wrong_files_are_refused_naming_file_unit_and_field(content, row, field, words):
    issues = _refused(content, "xau.json")
    assert any(f == "xau.json" and r == row and fld == field and words in text for f, r, fld, text in issues), issues


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    issues = _refused(DETAIL.read_bytes(), max_bytes=1000)
    assert "vượt giới hạn 1000 byte" in issues[0][3]


def test_too_many_units_and_problems_are_bounded():
    doc = _detail()
    doc["agenciesDetail"] = [{"departmentCode": "X"}] * (p.MAX_UNITS + 1)
    assert "hơn 5000 đơn vị" in _refused(_bytes(doc))[0][3]
    doc["agenciesDetail"] = [{}] * 200
    with pytest.raises(InvalidInput) as caught:
        p.parse(_bytes(doc), "x.json")
    assert len(caught.value.issues) == p.MAX_ISSUES and caught.value.omitted > 0


# --- explain: hand-worked cases --------------------------------------------------------------------------

@pytest.mark.parametrize(("portal", "cchc", "portal_counts", "cchc_counts", "expected"), [
    # 2.1 of Sở VHTTDL: 653/654 on both sides → 19.97 and 19.97.
    (D("19.97"), D("19.97"), (D(653), D(654)), (653, 654), p.SAME),
    # 5.2: 603/654 both, the portal 3.69 (linear), CCHC 4.00 (capped at 80%).
    (D("3.69"), D("4.00"), (D(603), D(654)), (603, 654), p.FORMULA),
    # 5.1: the portal counts 610 of 654, CCHC 600 of 654.
    (D("5.60"), D("5.50"), (D(610), D(654)), (600, 654), p.COUNTS),
    # different denominators, same points by chance: still the same points.
    (D("6.00"), D("6.00"), (D(100), D(100)), (90, 90), p.SAME),
    # CCHC has no data (1.1: publication records not imported).
    (D("0.13"), None, (D(1), D(47)), (None, None), p.MISSING),
    # 3.1: the portal publishes points without counts.
    (D("6.72"), D("6.50"), (None, None), (90, 100), p.UNEXPLAINED),
    # 6.3 scored by CCHC from three KPIs: only the denominator to compare.
    (D("6.00"), D("5.50"), (D(653), D(654)), (None, 654), p.FORMULA),
    (D("6.00"), D("5.50"), (D(653), D(654)), (None, 700), p.COUNTS),
    # 4.3: counts without points.
    (None, D("5.27"), (D(145), D(165)), (145, 165), p.SAME),
    (None, D("5.27"), (D(145), D(165)), (140, 165), p.COUNTS),
    (None, D("2.00"), (None, None), (5, 5), p.NOT_PUBLISHED),
])
def test_explain(portal, cchc, portal_counts, cchc_counts, expected):
    assert p.explain(portal, cchc, portal_counts=portal_counts, cchc_counts=cchc_counts) == expected


@pytest.mark.parametrize(("portal", "cchc", "reasons", "expected"), [
    (D("19.97"), D("19.97"), [p.SAME], p.SAME),
    (D("14.18"), None, [p.MISSING] * 7, p.MISSING),
    (D("14.18"), D("11.50"), [p.FORMULA, p.COUNTS, p.MISSING], p.MISSING),
    (D("14.18"), D("11.50"), [p.FORMULA, p.COUNTS, p.SAME], p.COUNTS),
    (D("14.18"), D("11.50"), [p.FORMULA, p.SAME], p.FORMULA),
    (D("14.18"), D("11.50"), [p.SAME, p.SAME], p.UNEXPLAINED),
    (None, D("11.50"), [p.SAME], p.NOT_PUBLISHED),
])
def test_explain_group(portal, cchc, reasons, expected):
    assert p.explain_group(portal, cchc, reasons) == expected
