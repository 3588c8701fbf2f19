"""The unit tree page: htmx search swaps only the results box; children load on demand by date."""

from __future__ import annotations

from datetime import date

from tests import factories


def test_htmx_search_returns_only_the_results(province, users):
    client = factories.client_for(user=users["leader"])
    full = client.get("/units/", {"q": "Mỹ Lộc"})
    partial = client.get("/units/", {"q": "Mỹ Lộc"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert b"<html" in full.content and "Xã Mỹ Lộc" in full.content.decode()
    assert b"<html" not in partial.content
    assert "Xã Mỹ Lộc" in partial.content.decode()
    assert "Xã Canh Vinh" not in partial.content.decode()


def test_children_follow_the_as_of_date(province, users):
    province.commune2.valid_to = date(2025, 6, 30)
    province.commune2.save()
    client = factories.client_for(user=users["leader"])
    before = client.get(f"/units/{province.district.pk}/children/", {"as_of": "30/06/2025"}).content.decode()
    after = client.get(f"/units/{province.district.pk}/children/", {"as_of": "2025-07-01"}).content.decode()
    assert "Xã Mỹ Lộc" in before and "Xã Mỹ Đức" in before
    assert "Xã Mỹ Lộc" not in after and "Xã Mỹ Đức" in after


def test_a_bad_as_of_date_is_reported_in_vietnamese(province, users):
    response = factories.client_for(user=users["leader"]).get("/units/", {"as_of": "31/02/2025"})
    assert response.status_code == 200
    assert "Ngày «31/02/2025» không hợp lệ" in response.content.decode()
