"""Reading dossier files: CSV, XLSX and JSON, in our schema or in the national portal's field names.

This package only parses and checks what a row says by itself (types, ranges, date order, a status that
fits its dates, duplicate codes); it reads no database. ``services`` resolves units and procedures,
computes due dates and writes. See docs/dossier-files.md for the formats and the mapping table.

A file is read column by column, not row by row (a Python step per cell cost more than all the rest of
an import): dates in their fixed-width forms are parsed by numpy, other columns are converted once per
distinct cell (a column has a handful of statuses, flags or amounts), text is stripped in bulk, and the
rules between fields are checked on whole columns. The one-cell converters (``_*_cell``) stay the
reference for what a cell may say: every cell the bulk paths do not settle goes through them and gets
their message. Instants travel as ``datetime64[us]`` arrays in UTC, NaT where the file gives none.

Sources: the portal's dossier sync record (DOMAIN §10: field names, date formats, Asia/Ho_Chi_Minh);
statuses 1–10 and channels 1–3 (DOMAIN §4, [C S3]).

Layout: ``cells`` (one value, one cell), ``instants`` (numpy dates), ``columns`` (whole columns),
``schemas`` (ours and the portal's, the header), ``rules`` (between fields), ``records``
(``parse_records``); the file readers are shared infrastructure in ``cchc.platform.tables``.
"""

from __future__ import annotations

from cchc.platform.tables import (
    CsvFile,
    Table,
    iter_chunks,
    read_csv,
    read_json,
    read_table,
    read_xlsx,
    records_table,
)

from .cells import RATINGS, Supplement, parse_bool, parse_datetime, parse_int
from .instants import BULK_FORMS, FUTURE_LEEWAY, NAT, instant, parse_instants, to_datetime, wall_clock
from .records import parse_records
from .schemas import (
    BOOL_FIELDS,
    CHANNELS,
    DATE_FIELDS,
    FINISHED_STATUSES,
    OPEN_STATUSES,
    OUR_COLUMNS,
    OURS,
    PORTAL,
    PORTAL_COLUMNS,
    REQUIRED,
    STATUSES,
    STOPPED,
    UNIT_COLUMNS,
    WITHDRAWN,
    Header,
    ParsedFile,
    detect_schema,
    read_header,
)

__all__ = [
    "BOOL_FIELDS", "BULK_FORMS", "CHANNELS", "DATE_FIELDS", "FINISHED_STATUSES", "FUTURE_LEEWAY", "NAT",
    "OPEN_STATUSES", "OURS", "OUR_COLUMNS", "PORTAL", "PORTAL_COLUMNS", "RATINGS", "REQUIRED", "STATUSES",
    "STOPPED", "UNIT_COLUMNS", "WITHDRAWN", "CsvFile", "Header", "ParsedFile", "Supplement", "Table",
    "detect_schema", "instant", "iter_chunks", "parse_bool", "parse_datetime", "parse_instants", "parse_int",
    "parse_records", "read_csv", "read_header", "read_json", "read_table", "read_xlsx", "records_table",
    "to_datetime", "wall_clock",
]
