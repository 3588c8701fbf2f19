"""The rankings' block filter (cchc.units.choices.chosen_block): the one reading of ``block`` and of the
older ``unit_kind`` shared by the 766 ranking page, its API and the dashboard."""

from __future__ import annotations

import pytest
from django.utils import translation

from cchc.units.choices import block_choices, block_label, chosen_block


@pytest.mark.parametrize(("block", "unit_kind", "expected"), [
    (None, None, "commune"),  # the default: xã, phường
    ("", None, "commune"),
    ("agency", None, "agency"), ("commune", None, "commune"), ("district", None, "district"), ("all", None, "all"),
    (None, "department", "agency"), (None, "commune", "commune"), (None, "district", "district"),
    (None, "all", "all"), (None, "", "all"),  # "" was the old form's "Tất cả"
    ("agency", "commune", "agency"),  # block wins
])
def test_chosen_block(block, unit_kind, expected):
    assert chosen_block(block, unit_kind) == expected


@pytest.mark.parametrize(("block", "unit_kind", "field"), [
    ("province", None, "block"), ("bogus", None, "block"), ("Commune", None, "block"),
    (None, "province", "unit_kind"), (None, "xã", "unit_kind"),
])
def test_an_unknown_value_names_its_parameter(block, unit_kind, field):
    with pytest.raises(ValueError, match=field):
        chosen_block(block, unit_kind)


def test_choices_in_the_filters_order_with_every_block_last():
    with translation.override("vi"):
        assert [(v, str(t)) for v, t in block_choices({"commune", "agency"})] == [
            ("agency", "Khối sở, ban, ngành"), ("commune", "Khối xã, phường"), ("all", "Tất cả")]
        assert [v for v, _t in block_choices({"district", "commune", "agency"})] == ["agency", "commune", "district", "all"]
        assert (block_label("district"), block_label("all")) == ("Khối huyện", "Tất cả")
    with translation.override("en"):
        assert block_label("all") == "All"
