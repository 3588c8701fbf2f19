"""A snapshot of the portal's published details (the JSON the public crawler keeps) is taken in for its
counts, and they score the points the portal published."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cchc.core.errors import InvalidInput
from cchc.portalcounts.models import PortalCount
from cchc.portalcounts.services import import_file
from cchc.scoreboard import services as scoreboard
from tests.factories import make_kpi_value

pytestmark = pytest.mark.django_db


def metric(code, numerator, denominator, score):
    return {"code": code, "name": "…", "numerator": numerator, "denominator": denominator, "ratio": 0,
            "score": score, "maxScore": 0}


#: Sở Văn hóa, Thể thao và Du lịch (H21.17), as published in GitHub duynghiaqn/Crawler-766,
#: data/gia_lai/agencies_detail_GiaLai_10102026.json (commit 1ffdc23d772e63fbbcbb900449da2b85b23f4475),
#: the metrics this app takes in, with the points the portal gave them (abridged: the other groups left out).
SNAPSHOT = {
    "metadata": {"province": "UBND tỉnh Gia Lai", "provinceCode": "H21", "runDateStr": "10102026",
                 "timeType": "year", "year": 2026, "period": None, "periodLabel": "Năm 2026"},
    "count": 1,
    "agenciesDetail": [{
        "departmentName": "Sở Văn hóa, Thể thao và Du lịch - tỉnh Gia Lai", "departmentCode": "H21.17",
        "childGroup": "AGENCY",
        "componentIndicators": {
            "TDGQ_TienDoGiaiQuyet": {"totalReceived": 654, "totalOnTime": 653},
            "CKMB_CongKhaiMinhBach": {"metrics": [metric("PUBLISH_ON_TIME", 1, 47, 0.13),
                                                  metric("DOSSIER_SYNC", 547, 547, 6)]},
            "MDSH_SoHoaHoSo": {"metrics": [
                metric("SO_HOA_GIAY_TO_GIAI_QUYET", 603, 654, 3.69),
                metric("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 0, 654, 0),
                metric("CITIZEN_DATA_CONNECTED_DOSSIER", 220, 654, 0.67),
                metric("CITIZEN_DATA_CONNECTED_FORMALITY", 16, 147, 0.22),
                metric("ELECTRONIC_CERTIFIED_COPY", None, None, 2)]},
            "TTTT_ThanhToanTrucTuyen": {"totalDossierOnlinePaymentSuccess": 145, "totalDossierFinancialObligation": 165,
                                        "totalDossierOnlineFormalityPaymentSuccess": 8, "totalFeeFormality": 12},
        },
    }],
}
PUBLISHED = {"1.4": Decimal(6), "5.5": Decimal(0), "5.7": Decimal("0.67"), "5.6": Decimal("0.22"), "5.3": Decimal(2)}


def test_a_snapshot_is_taken_in_and_scores_as_published(province, portal_alias):
    result = import_file(json.dumps(SNAPSHOT).encode(), "agencies_detail_GiaLai_10102026.json")
    assert result.created == 6  # 1.4, 5.5, 5.7, 5.6, 5.3 and 4.2; publication (1.1) and 5.2 are not taken in here
    rows = {c.indicator: (c.numerator, c.denominator) for c in PortalCount.objects.filter(unit=province.snv)}
    assert rows == {"1.4": (547, 547), "5.5": (0, 654), "5.7": (220, 654), "5.6": (16, 147), "5.3": (None, None),
                    "4.2": (8, 12)}
    assert PortalCount.objects.first().source == ("Cổng DVCQG, ảnh chụp 10102026 "
                                                  "(agencies_detail_GiaLai_10102026.json)")
    make_kpi_value(unit=province.snv, code="ontime_rate", start=date(2026, 1, 1), kind="year", numerator=653,
                   denominator=654, as_of=datetime(2026, 10, 10, tzinfo=UTC))
    card = scoreboard.scorecard(province.snv, "year", date(2026, 1, 1))
    got = {ind.code: score.points for ind, score, _v in card.indicators}
    assert {code: got[code] for code in PUBLISHED} == PUBLISHED
    assert got["4.2"] == Decimal("1.67")  # 8/12 = 66.67% → 2 × 66.67 / 80 (not published on its own)


def test_a_snapshot_of_another_kind_of_period_is_refused(province):
    other = {**SNAPSHOT, "metadata": {**SNAPSHOT["metadata"], "timeType": "month", "period": 3}}
    with pytest.raises(InvalidInput) as refused:
        import_file(json.dumps(other).encode(), "thang.json")
    assert refused.value.issues[0].field == "metadata"
    assert PortalCount.objects.count() == 0
