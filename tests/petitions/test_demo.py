"""The demo's illustrative petitions: marked illustrative, a few late and a few unsatisfied, written through
the import's own checks, and their figures the counts of their lists."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cchc.petitions import demo, figures766, services
from cchc.petitions.models import Petition
from cchc.units.models import UnitAlias


def test_the_demo_petitions_are_illustrative_with_a_few_late_and_unsatisfied(province):
    units = [province.snv, province.stp, province.commune, province.commune2, province.other_district_commune,
             province.district, province.district2]
    for code, unit in zip(demo.UNITS, units, strict=True):
        UnitAlias.objects.create(source_system="dvcqg", code=code, unit=unit)
    result = demo.load()
    assert result.rows == Petition.objects.count() > 0
    assert not Petition.objects.filter(illustrative=False).exists()
    assert all("minh họa" in t for t in Petition.objects.values_list("title", flat=True))
    assert 0 < result.late < result.rows / 4 and 0 < result.unsatisfied < result.rows / 2
    start = date(timezone.localdate().year - 1, 1, 1)  # a whole year whatever today is
    found = figures766.figures("year", start, [u.pk for u in units])
    for unit in units:
        listed = services.listed([unit.pk], "year", start)
        assert found[unit.pk]["6.1"][:2] == (listed.filter(on_time=True).count(), listed.count())
        assert found[unit.pk]["6.2"][:2] == (listed.filter(satisfied=True).count(), listed.count())
    again = demo.load()
    assert (again.created, Petition.objects.count()) == (0, result.rows)
