"""Parsing the values that arrive in files: dates in the formats Vietnamese systems use, percentages.

Source: DOMAIN §10: dates arrive as ``yyyyMMddHHmmss``, ISO 8601 or ``dd/MM/yyyy HH:mm:ss``; accept
all and report the row of any that fits none.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

#: Dates are read in Vietnam's time zone (DOMAIN §10); an instant with an offset is converted first.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%Y%m%d")


def parse_date(value: object) -> date:
    """A calendar date from a ``date``, ``datetime`` or string in one of the accepted formats."""
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 14 and text.isdigit():  # yyyyMMddHHmmss
        text = text[:8]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return parse_date(datetime.fromisoformat(text))
    except ValueError:
        raise ValueError(text) from None


def parse_decimal(value: object) -> Decimal:
    """A number written either way: ``35``, ``35,5`` (Vietnamese) or ``35.5``; a trailing % is dropped."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = Decimal(str(value))
    else:
        text = str(value).strip().rstrip("%").strip().replace(" ", "")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(str(value)) from None
    if not result.is_finite():  # also YAML's .nan/.inf, which arrive as floats
        raise ValueError(str(value))
    return result


#: Pages of a list past this are not offered (a page number is an OFFSET: it must stay a database integer).
MAX_PAGE = 100_000

#: The largest id a query parameter may name: a 64-bit signed database integer has 19 digits.
MAX_ID = 2**63 - 1


def ascii_int(text: str | None, *, maximum: int = MAX_ID) -> int | None:
    """The non-negative integer ``text`` writes in the ASCII digits 0-9, if it is at most ``maximum``;
    otherwise None. ``str.isdigit`` also accepts "²", "٣" or full-width digits, which ``int`` then refuses
    or reads, and a number of 25 digits overflows the database and ``timedelta`` (issue 10: each was a
    500); a query parameter is read with this instead."""
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= maximum else None


#: Characters no value of a file may hold (issue 10, "accepted nonsense"): the C0 controls but tab, line
#: feed and carriage return (NUL among them, which PostgreSQL's text refuses), DEL and the C1 controls
#: (Unicode category Cc); and the invisible format characters (category Cf) that make two codes look the
#: same or reverse how one reads: zero-width space, joiners and marks (U+200B–U+200F), the bidirectional
#: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), word joiner and invisible operators
#: (U+2060–U+2064), the byte order mark inside a value (U+FEFF) and the soft hyphen (U+00AD).
HIDDEN_OR_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first control or invisible format character of ``text`` (HIDDEN_OR_CONTROL), with its position
    counted from 1; None when there is none."""
    found = HIDDEN_OR_CONTROL.search(text)
    return (found.start() + 1, found.group()) if found else None
