"""The PAR index in the JSON API: stored results read (the same services and permissions as the pages).
Errors are mapped once (cchc.platform.errors, body ErrorOut)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["par-index"])
