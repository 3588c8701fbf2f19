"""Vietnamese alphabetical order, for lists of units and names that officials read.

Source: the Vietnamese alphabet (29 letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
Quyết định 1989/QĐ-BGDĐT on the standard alphabet order used in teaching and dictionaries [K]); words
are compared letter by letter, and their tone marks only when the letters are equal [I: the dictionaries'
practice]. Python's and the databases' default orders compare code points, which puts "Đ" after "Z".
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
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if "\u0306" in marks:  # breve: ă
            letters.append(base + "1")
        elif "\u0302" in marks:  # circumflex: â, ê, ô
            letters.append(base + ("2" if base == "a" else "1"))
        elif "\u031b" in marks:  # horn: ơ, ư
            letters.append(base + ("2" if base == "o" else "1"))
        else:
            letters.append(base + "0")
    return "".join(letters), text
