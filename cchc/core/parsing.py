"""Parsing the values that arrive in files: dates in the formats Vietnamese systems use, percentages.

Source: DOMAIN §10: dates arrive as ``yyyyMMddHHmmss``, ISO 8601 or ``dd/MM/yyyy HH:mm:ss``; accept
all and report the row of any that fits none.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d")


def parse_date(value: object) -> date:
    """A calendar date from a ``date``, ``datetime`` or string in one of the accepted formats."""
    if isinstance(value, datetime):
        return value.date()
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
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(text) from None


def parse_decimal(value: object) -> Decimal:
    """A number written either way: ``35``, ``35,5`` (Vietnamese) or ``35.5``; a trailing % is dropped."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().rstrip("%").strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(str(value)) from None
    if not result.is_finite():
        raise ValueError(str(value))
    return result
