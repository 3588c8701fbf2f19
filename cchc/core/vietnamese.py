"""Vietnamese spelling variants that mean the same word, made one for comparison.

Sources [K, Vietnamese orthography, not re-checked against a legal text]:
- A tone mark (huyền ◌̀, sắc ◌́, hỏi ◌̉, ngã ◌̃, nặng ◌̣) belongs to the syllable and is written on its main
  vowel. Two placements are in use for the rhymes oa, oe, uy without a final consonant: the older one
  writes it on the first vowel (hòa, khỏe, thủy), the newer one on the second, the main vowel (hoà, khoẻ,
  thuỷ). Official registers, the national unit catalogue and the one-stop systems' exports mix the two,
  so "Thanh Hòa" and "Thanh Hoà" name the same commune.
- In "qu" and in "gi" before a vowel, the u and the i belong to the initial consonant: the mark goes on
  the vowel after them (quý, quả, già, giữ). "Qúy", "gìa" are misplacements met in typed data.
- The same letters arrive precomposed (NFC) or decomposed (NFD) depending on the system that wrote them
  (Unicode Standard Annex #15; TCVN 6909:2001 names the precomposed form).

``place_tone_marks`` rewrites each syllable with its mark where the newer placement puts it, in NFC, so
every variant above has one spelling. It is a comparison key, not a correction of how a name is shown.
"""

from __future__ import annotations

import unicodedata

#: The five combining tone marks (NFD): grave, acute, tilde, hook above, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
#: Vowels whose own mark (circumflex, breve, horn) makes them the main vowel of their rhyme.
MARKED_VOWELS = frozenset("ăâêôơư")
VOWELS = frozenset("aeiouy") | MARKED_VOWELS
#: Open rhymes whose mark the two placements write on different vowels; the newer one takes the second.
NEW_PLACEMENT_RHYMES = frozenset({"oa", "oe", "uy"})


def _main_vowel(bare: str) -> int | None:
    """The index, in ``bare`` (a lower-case syllable without its tone mark, NFC), of the vowel that carries
    the tone mark under the newer placement; None when the syllable has no vowel."""
    start = 0
    if bare.startswith("qu"):
        start = 2
    elif bare.startswith("gi") and len(bare) > 2 and bare[2] in VOWELS:
        start = 2
    while start < len(bare) and bare[start] not in VOWELS:
        start += 1
    if start == len(bare):
        return None
    end = start
    while end < len(bare) and bare[end] in VOWELS:
        end += 1
    cluster = bare[start:end]
    if "ơ" in cluster:  # ươ, ơi: the horned o (ư before it is the glide)
        return start + cluster.index("ơ")
    marked = [i for i, ch in enumerate(cluster) if ch in MARKED_VOWELS]
    if marked:
        return start + marked[-1]  # iê, uô, yê, âu, ưu… ; a lone marked vowel
    if len(cluster) == 1:
        return start
    if end < len(bare) or cluster in NEW_PLACEMENT_RHYMES:  # a final consonant, or oa/oe/uy: the last
        return end - 1
    if len(cluster) == 3:  # oai, oay, uya, uyu: the middle one
        return start + 1
    return start  # ai, ao, au, ay, eo, ia, iu, oi, ua, ui…: the first


def _syllable(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", word)  # no mark, or not one syllable's: left as it is
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    at = _main_vowel(bare.lower())
    if at is None:
        return unicodedata.normalize("NFC", word)
    return unicodedata.normalize("NFC", bare[:at + 1] + tones[0] + bare[at + 1:])


def place_tone_marks(text: str) -> str:
    """``text`` in NFC with each syllable's tone mark on the vowel the newer placement chooses ("Thanh Hòa",
    "Thanh Hoà" and their decomposed forms give "Thanh Hoà"; "Qúy" gives "Quý"). Case, spaces and
    punctuation are kept; a run of letters with no tone mark, or with more than one, is left as it is."""
    text = unicodedata.normalize("NFC", str(text))
    out, word = [], []
    for ch in text:
        if ch.isalpha() or unicodedata.category(ch) == "Mn":
            word.append(ch)
            continue
        if word:
            out.append(_syllable("".join(word)))
            word = []
        out.append(ch)
    if word:
        out.append(_syllable("".join(word)))
    return "".join(out)
