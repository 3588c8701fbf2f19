"""Instants in bulk: dossier dates as UTC ``datetime64[us]`` arrays, parsed by numpy where a column is in
one of the fixed-width forms (a Python step per cell cost more than the rest of an import).

Source: the portal's date forms and Asia/Ho_Chi_Minh (DOMAIN §10).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from cchc.core.parsing import LOCAL_TZ

NAT = np.datetime64("NaT", "us")
#: How far past the present an event of a dossier (receipt, finish, return, apology) may be dated.
FUTURE_LEEWAY = timedelta(days=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
#: Vietnam has kept UTC+7, without daylight saving, since 13/6/1975 (tz database, Asia/Ho_Chi_Minh).
_VN_OFFSET = np.timedelta64(7, "h")
_VN_OFFSET_SINCE = np.datetime64("1975-06-12T17:00", "us")  # 13/6/1975 00:00 in Vietnam
#: The fixed-width forms parsed by numpy. Any other form (8:15, an offset, fractions of a second, a number
#: from Excel…) goes through parse_datetime, as does a year outside 1976–2099.
BULK_FORMS = ("yyyyMMddHHmmss", "dd/MM/yyyy HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss",
              "dd/MM/yyyy", "yyyy-MM-dd", "yyyyMMdd")
_WIDTH = max(map(len, BULK_FORMS))


def instant(value: datetime) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]``."""
    return np.datetime64((value - _EPOCH) // _ONE_US, "us")


def to_datetime(value: np.datetime64) -> datetime | None:
    """A UTC ``datetime64[us]`` as an aware datetime in Vietnam time (None for NaT)."""
    if np.isnat(value):
        return None
    return (_EPOCH + int(value.astype(np.int64)) * _ONE_US).astimezone(LOCAL_TZ)


def wall_clock(times: np.ndarray) -> np.ndarray:
    """Vietnam's wall-clock time (naive ``datetime64[us]``) of UTC instants; NaT stays NaT."""
    wall = times + _VN_OFFSET
    for i in np.flatnonzero(times < _VN_OFFSET_SINCE):  # the offset varied before: ask the tz database
        wall[i] = np.datetime64(to_datetime(times[i]).replace(tzinfo=None), "us")
    return wall


def parse_instants(texts: Sequence[str]) -> np.ndarray:
    """The UTC instants (``datetime64[us]``) of strings written in one of BULK_FORMS, read as Vietnam time;
    NaT for any other string, for an impossible date (31/02/2024, 24:00) and for a year outside 1976–2099.
    Raises TypeError unless every cell is a string.

    Wherever it gives an instant, it is the one ``parse_datetime`` gives (a test holds them together).
    Each string becomes a row of code points; a form fits where its digits are digits and its separators
    are in place, then its fields are read as numbers and checked against the calendar.
    """
    n = len(texts)
    out = np.full(n, NAT)
    lengths = np.fromiter(map(str.__len__, texts), dtype=np.int64, count=n)
    candidates = np.flatnonzero(np.isin(lengths, [len(form) for form in BULK_FORMS]))
    if not len(candidates):
        return out
    chosen = texts if len(candidates) == n else [texts[i] for i in candidates]
    try:  # one row of bytes per string, shorter strings padded with 0
        chars = np.array(chosen, dtype=f"S{_WIDTH}").view(np.uint8).reshape(len(candidates), _WIDTH)
    except UnicodeEncodeError:  # a letter with a diacritic somewhere: the column is not dates
        chars = np.array(chosen, dtype=f"U{_WIDTH}").view(np.uint32).reshape(len(candidates), _WIDTH)
    length = lengths[candidates]
    pending = np.ones(len(candidates), dtype=bool)
    for form in BULK_FORMS:
        at = np.flatnonzero(pending & (length == len(form)))
        if not len(at):
            continue
        block = chars[at]
        digit_at = [p for p, c in enumerate(form) if c in "yMdHms"]
        fits = (block[:, digit_at] - block.dtype.type(ord("0")) <= 9).all(axis=1)  # below "0" wraps around
        separators = [(p, ord(c)) for p, c in enumerate(form) if c not in "yMdHms"]
        if separators:
            fits &= (block[:, [p for p, _c in separators]] == [c for _p, c in separators]).all(axis=1)
        at, block = at[fits], block[fits].astype(np.int64) - ord("0")
        pending[at] = False

        def number(letter: str, form: str = form, block: np.ndarray = block) -> np.ndarray:
            positions = [p for p, c in enumerate(form) if c == letter]
            return block[:, positions] @ (10 ** np.arange(len(positions) - 1, -1, -1)) if positions else 0

        year, month, day = number("y"), number("M"), number("d")
        hour, minute, second = number("H"), number("m"), number("s")
        months = (year - 1970) * 12 + month - 1
        first_day = months.astype("datetime64[M]").astype("datetime64[D]")
        month_days = ((months + 1).astype("datetime64[M]").astype("datetime64[D]") - first_day).astype(np.int64)
        valid = ((year >= 1976) & (year <= 2099) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
                 & (hour <= 23) & (minute <= 59) & (second <= 59))
        wall = ((first_day + (day - 1).astype("timedelta64[D]")).astype("datetime64[us]")
                + np.asarray((hour * 60 + minute) * 60 + second).astype("timedelta64[s]"))
        out[candidates[at[valid]]] = wall[valid] - _VN_OFFSET
    return out

