"""The PAR index pages (F4): versions, the season, a unit's self-assessment, appraisal, results."""

from __future__ import annotations
