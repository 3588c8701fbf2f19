"""Vietnamese alphabetical order, for lists people read (units, names in reports).

Source: the Vietnamese alphabet (29 letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
as in the order of the national list of administrative units and of names in official documents. Python's
and the databases' default collations put "Đ" after "Z" and sort by tone marks first, so CCHC sorts in
Python with this key, never by the database's collation.
"""

from __future__ import annotations

import unicodedata

_VI_LETTERS = {"ă": "a1", "â": "a2", "đ": "d1", "ê": "e1", "ô": "o1", "ơ": "o2", "ư": "u1"}


def vi_sort_key(text: str) -> tuple[str, str]:
    """A sort key in Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư …, tones compared
    only when the letters are equal. Python's and the databases' default orders put "Đ" after "Z"."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if char in _VI_LETTERS:
            letters.append(_VI_LETTERS[char])
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if "\u0306" in marks:  # breve: ă
            letters.append(base + "1")
        elif "\u0302" in marks:  # circumflex: â, ê, ô
            letters.append(base + ("2" if base == "a" else "1"))
        elif "\u031b" in marks:  # horn: ơ, ư
            letters.append(base + ("2" if base == "o" else "1"))
        else:
            letters.append(base + "0")
    return "".join(letters), text
