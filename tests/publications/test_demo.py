"""The demo's illustrative publication records: marked as such, the same on every load, and giving the
province's units (and the demo commune its own) figures for 1.1–1.3."""

from __future__ import annotations

from datetime import date

from cchc.publications import demo, figures766
from cchc.publications.models import Publication
from tests.factories import make_procedure, make_unit


def test_the_demo_records_are_illustrative_idempotent_and_scored(db):
    province = make_unit(key=demo.PROVINCE_KEY, code="52", name="Tỉnh Gia Lai", kind="province")
    commune = make_unit(key=demo.COMMUNE_KEY, code="21730", name="Xã Phù Mỹ", kind="commune", parent=province,
                        province=province)
    agency = make_unit(key="dept:2025:52.SNV", code="52.SNV", name="Sở Nội vụ", kind="department", parent=province,
                       province=province)
    for n in range(30):
        make_procedure(code=f"2.{n:06d}", levels=["province"])
    first = demo.load()
    assert first.created > 20
    assert Publication.objects.filter(illustrative=False).count() == 0
    assert all("minh họa" in p.decision_number and p.source == demo.SOURCE for p in Publication.objects.all())
    again = demo.load()
    assert (again.created, again.updated) == (0, 0)
    start = date(2025, 7, 1)
    got = figures766.figures("quarter", start, [agency.pk, commune.pk])
    assert set(got[agency.pk]) == {"1.1", "1.2", "1.3"}
    numerator, denominator = got[agency.pk]["1.1"][:2]
    assert 0 <= numerator < denominator, "mostly late, as the portal's Gia Lai"


def test_the_demo_province_and_catalogue_get_records(db):
    """On the demo's real units (today's Gia Lai from Bình Định) and catalogue: the keys the demo names exist,
    the province's agencies and the demo commune get figures."""
    from cchc.dossiers.catalogue import import_demo_catalogue
    from cchc.units.models import Unit
    from cchc.units.services import import_province

    import_province("Bình Định")
    import_demo_catalogue()
    summary = demo.load()
    assert summary is not None and summary.created > 20
    province = Unit.objects.get(key=demo.PROVINCE_KEY)
    commune = Unit.objects.get(key=demo.COMMUNE_KEY)
    assert commune.province_id == province.pk
    assert Publication.objects.filter(unit=commune).count() == 2
    some = Unit.objects.filter(province=province, kind="commune").exclude(pk=commune.pk).first()
    got = figures766.figures("year", date(2025, 1, 1), [some.pk, commune.pk])
    assert got[some.pk]["1.1"].denominator > 20
