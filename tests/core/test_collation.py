"""Vietnamese alphabetical order (cchc.core.collation), worked by hand from the alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (QĐ 1989/QĐ-BGDĐT)."""

from __future__ import annotations

import pytest

from cchc.core.collation import vi_sort_key


@pytest.mark.parametrize(("names", "expected"), [
    # Đ is the letter after D, never after Z as code points put it.
    (["Xã Đức Phổ", "Xã Zô", "Xã Dơn"], ["Xã Dơn", "Xã Đức Phổ", "Xã Zô"]),
    # a < ă < â, o < ô < ơ, u < ư, e < ê
    (["Ân", "Ăn", "An"], ["An", "Ăn", "Ân"]),
    (["Ơn", "Ôn", "On"], ["On", "Ôn", "Ơn"]),
    (["Ưng", "Ung"], ["Ung", "Ưng"]),
    (["Êm", "Em"], ["Em", "Êm"]),
    # tones only when the letters are equal: "Mỹ Lộc" (m-y-l-o^-c) after "Mỹ Đức" (m-y-đ-u-c)
    (["Xã Mỹ Lộc", "Xã Mỹ Đức"], ["Xã Mỹ Đức", "Xã Mỹ Lộc"]),
    (["ma", "mà", "má"], ["ma", "mà", "má"]),  # tie on letters: the text decides, so the order is total
    # case does not count
    (["bình", "An", "Bình"], ["An", "Bình", "bình"]),
])
def test_vietnamese_order(names, expected):
    assert sorted(names, key=vi_sort_key) == expected
