"""Use cases of the dossier ledger: importing dossier files and API batches (validated, all or nothing).

An import is a pipeline over whole columns (``ingest`` reads and checks the files, ``references`` reads
units and procedures, ``import_pipeline`` checks on one thread while ``writer`` writes on another,
through the generic bulk SQL of ``cchc.platform.db.bulk``). Everything is one transaction: any problem
refuses the whole import with all problems listed (file, row, field), and what was written of it is
rolled back.

New dossiers are inserted in bulk (multi-row statements on SQLite, COPY on PostgreSQL) with their
supplements and lifecycle events; rows identical to what is stored are skipped (so a re-import writes
nothing and ``updated_at``, the analytics watermark, only moves for real changes); a changed dossier is
updated and its supplements and events are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext

from cchc.core.errors import InvalidInput, Issue
from cchc.core.i18n import keeping

from . import ingest, signals
from .import_pipeline import IngestSummary, Progress, RefusedImport, Source, _run

__all__ = ["IngestSummary", "Progress", "RefusedImport", "import_dossier_file", "import_dossier_files",
           "ingest_records"]

#: Messages keep their id and parameters: an import's errors are stored and shown in each reader's language.
_ = keeping(gettext)


def _no_rows(filename: str) -> Issue:
    """A file with a header and no data row is refused, not imported as "0 rows" (a hostile or truncated
    file must not look like a successful import)."""
    return Issue(_("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề, hoặc toàn dòng trống): không có gì để "
                   "nhập."), file=filename)


def import_dossier_files(files: Sequence[tuple[bytes, str]], *, source_system: str,
                         progress: Progress | None = None, valid_rows: bool = False) -> IngestSummary:
    """Import dossier files (CSV, XLSX, JSON; our schema or the portal's names) as one all-or-nothing batch:
    any problem raises RefusedImport (an InvalidInput that also lists the references to units that match
    none) and nothing is written. With ``valid_rows`` the rows with a problem are left out and the others
    written (one transaction); the summary's ``refused`` lists the problems of the rows left out
    (``cchc.dossiers.refused`` gives them back as a file).

    ``files`` are (content, filename) pairs. A dossier code may appear once per file; when several files
    carry it, the later file wins (a later export updates a status). ``progress(done, total)`` counts
    each row twice, once when checked and once when written, so ``total`` is twice the number of rows; it
    is called from the caller's thread, inside the import's transaction once writing has begun. Once
    dossiers are written, ``signals.dossiers_imported`` tells the listeners (the KPI refresh).
    """
    started = timezone.now()
    issues: list[Issue] = []
    sources: list[Source] = []
    for content, filename in files:
        try:
            # A lone CSV file is read as its first parts are written. Several files are read whole first:
            # a later one may repeat an earlier one's dossiers (and win).
            if len(files) == 1 and filename.lower().endswith(".csv"):
                sources.append(ingest.CsvFile(content, filename))
            else:
                sources.append(ingest.read_table(content, filename))
        except InvalidInput as exc:
            issues.extend(exc.issues)
    for source in sources:
        if isinstance(source, ingest.Table) and not source.count:
            if source.header is not None:
                ingest.read_header(source)  # a header it does not know says so first
            issues.append(_no_rows(source.filename))
    if issues:
        raise InvalidInput(issues=issues)
    summary = _run(sources, source_system, progress, valid_rows=valid_rows)
    if not summary.rows and not summary.refused:  # a lone CSV file, read as it went: nothing was written
        raise InvalidInput(issues=[_no_rows(summary.files[0])])
    signals.imported(summary, since=started)
    return summary


def import_dossier_file(content: bytes, filename: str, *, source_system: str,
                        progress: Progress | None = None, valid_rows: bool = False) -> IngestSummary:
    """Import one dossier file; see ``import_dossier_files``."""
    return import_dossier_files([(content, filename)], source_system=source_system, progress=progress,
                                valid_rows=valid_rows)


def ingest_records(records: list[dict], *, source_system: str, filename: str = "api",
                   progress: Progress | None = None, valid_rows: bool = False) -> IngestSummary:
    """Import dossiers pushed as JSON objects (the REST endpoint's body): same schemas and checks as a
    file; the row of an issue is the record's position in the list, from 1. ``valid_rows`` as for files."""
    started = timezone.now()
    summary = _run([ingest.records_table(records, filename)], source_system, progress, valid_rows=valid_rows)
    signals.imported(summary, since=started)
    return summary
