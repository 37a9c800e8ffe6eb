"""The import of one file: upload -> check (dry run) -> preview -> confirm -> one transaction, all or nothing."""

import hashlib
import logging
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from danvan.accounts.access import can_register, can_review_models
from danvan.audit.domain import record
from danvan.errors import DomainError
from models_registry.imports import parsing, tasks
from models_registry.imports.base import CheckedRows, RowOutcome
from models_registry.imports.copying import copy_insert, maker
from models_registry.imports.enums import ImportKind, JobStatus, RowStatus
from models_registry.imports.models import ImportJob, ImportRow

logger = logging.getLogger(__name__)

RESOURCES = {
    ImportKind.UNITS: "models_registry.units.resources.UnitResource",
    ImportKind.INITIATIVES: "models_registry.initiatives.resources.InitiativeResource",
    ImportKind.AWARDS: "models_registry.awards.resources.AwardResource",
    ImportKind.RECOGNITIONS: "models_registry.awards.resources.RecognitionResource",
}
# (job, kind, file name, SHA-256, language) -> the table its check read; see _keep_table.
CHECKED_TABLES: dict[tuple, parsing.FileTable] = {}
CHECKED_TABLES_KEPT = 2
# The same key -> the new records the check built and validated (the latest check only); see _keep_checked.
CHECKED_ROWS: dict[tuple, CheckedRows] = {}


def resource_class(kind: str):
    return import_string(RESOURCES[kind])


def background_rows() -> int:
    """Files with more rows than this are checked and imported by the worker, with a progress bar."""
    return settings.IMPORT_BACKGROUND_ROWS


# Awards are granted by province staff, and past records (recognitions among them) are their import (DESIGN §3):
# only they import these kinds. Each recognition row is then checked as the recognise form checks it.
PROVINCE_KINDS = (ImportKind.AWARDS, ImportKind.RECOGNITIONS)


def can_import(user, kind: str = "") -> bool:
    """District officers and province staff import; awards and recognitions only province staff."""
    if kind in PROVINCE_KINDS:
        return can_review_models(user)
    return can_register(user)


def kinds_for(user) -> list[tuple[str, str]]:
    return [(value, label) for value, label in ImportKind.choices if can_import(user, value)]


def jobs_for(user):
    """The imports this user started: nobody else sees them."""
    return ImportJob.objects.filter(user=user)


# --- upload ----------------------------------------------------------------------------------


def inline_bytes() -> int:
    """Files up to this size are read in the request (a wrong column is said on the upload page at once); larger
    ones are stored and read, counted and checked by the worker, so an upload never holds a request."""
    return settings.IMPORT_INLINE_BYTES


def start_import(*, by, kind: str, name: str, data: bytes) -> ImportJob:
    """Refuse a bad file with a message (nothing kept); otherwise keep it under a random name and check it."""
    if not can_import(by, kind):
        raise DomainError(_("You may not import this kind of record."))
    name = PurePath(name or "").name[:255]
    resource = resource_class(kind)
    if parsing.check_upload(name, len(data)) and len(data) > inline_bytes():
        job = _store(by, kind, name, data)
        _enqueue(job, "check_import_task")
        return job
    table = read(resource, name, data)
    check_columns(resource, table)
    job = _store(by, kind, name, data)
    _describe(job, resource, table)
    if job.total_rows > background_rows():
        _enqueue(job, "check_import_task")
    else:
        _run_now(job, check_import, table=table)
    return job


def _store(by, kind: str, name: str, data: bytes) -> ImportJob:
    stored = default_storage.save(f"imports/{uuid.uuid4().hex}{PurePath(name).suffix.lower()}", ContentFile(data))
    return ImportJob.objects.create(
        kind=kind,
        user=by,
        original_name=name,
        stored_name=stored,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _describe(job: ImportJob, resource, table: parsing.FileTable) -> None:
    """What the reader found: the sheet, the header, the columns, the rows and what it noticed."""
    job.encoding, job.encoding_guessed = table.encoding, table.encoding_guessed
    job.sheet_name, job.header_row, job.header_rows = table.sheet_name, table.header_row, table.header_rows
    job.notes = reading_notes(table)
    job.columns = [[header, resource.match_header(header) or ""] for header in table.headers if header]
    job.total_rows = len(table.rows)
    job.save(
        update_fields=[
            "encoding",
            "encoding_guessed",
            "sheet_name",
            "header_row",
            "header_rows",
            "notes",
            "columns",
            "total_rows",
        ]
    )


def reading_notes(table: parsing.FileTable) -> list[str]:
    """What the preview says about how the file was read: the sheet chosen among several, hidden rows and columns."""
    notes = []
    if table.sheets:
        notes.append(
            _("The table was found on sheet “%(sheet)s”; the file has %(count)s sheets (%(names)s).")
            % {"sheet": table.sheet_name, "count": len(table.sheets), "names": ", ".join(f"“{name}”" for name in table.sheets)}
        )
    hidden = sorted(number for number, _values in table.rows if number in table.hidden_rows)
    if hidden:
        notes.append(
            _("Hidden rows %(rows)s are read and imported like the others; check them.")
            % {"rows": ", ".join(str(number) for number in hidden)}
        )
    columns = [
        f"{parsing.column_letter(index)} “{table.headers[index]}”"
        for index in sorted(table.hidden_columns)
        if index < len(table.headers) and table.headers[index]
    ]
    if columns:
        notes.append(_("Hidden columns %(columns)s are read and imported; check them.") % {"columns": ", ".join(columns)})
    return notes


def _run_now(job: ImportJob, step, **kwargs) -> ImportJob:
    """A check or an import run in the request: any failure marks the job failed with the reason and deletes the
    upload, as the worker does; a job never stays "checking" or "importing"."""
    try:
        return step(job, **kwargs)
    except DomainError as error:
        return _fail(job, error.message)
    except Exception:
        logger.exception("import %s failed", job.pk)
        return _fail(job, _("The import failed unexpectedly; nothing was imported. Try again or ask the administrator."))


def check_columns(resource, table: parsing.FileTable) -> None:
    """Unknown and missing columns refuse the whole file, with their names."""
    unknown, seen = [], {}
    for index, header in enumerate(table.headers):
        if not header:
            if any(index < len(values) and values[index] is not None for _number, values in table.rows):
                unknown.append(_("(column %(letter)s has data but no header)") % {"letter": parsing.column_letter(index)})
            continue
        key = resource.match_header(header)
        if key is None and index in table.hidden_columns:
            unknown.append(
                _("“%(header)s” (hidden column %(letter)s)") % {"header": header, "letter": parsing.column_letter(index)}
            )
        elif key is None:
            unknown.append(f"“{header}”")
        elif key in seen:
            raise parsing.ImportFileError(
                _("Columns “%(first)s” and “%(second)s” both mean %(what)s; keep one of them.")
                % {"first": seen[key], "second": header, "what": resource.header_label(key)}
            )
        else:
            seen[key] = header
    if unknown:
        raise parsing.ImportFileError(
            _("Unknown columns: %(columns)s. Rename them as in the template, or delete them.") % {"columns": ", ".join(unknown)}
        )
    alternatives = resource.column_alternatives
    missing = [
        resource.header_label(key)
        for key in resource.required_columns
        if key not in seen and not any(other in seen for other in alternatives.get(key, ()))
    ]
    if missing:
        raise parsing.ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


# --- check (dry run) -------------------------------------------------------------------------


def check_import(job: ImportJob, *, table: parsing.FileTable | None = None, progress=None) -> ImportJob:
    """Dry-run every row and keep the outcome of each; the database is left as it was. A file stored unread
    (a large upload) is read, its columns checked and its rows counted here first, in the worker."""
    if table is None:
        resource = resource_class(job.kind)
        table = _read(job)
        if not job.total_rows:
            check_columns(resource, table)
            _describe(job, resource, table)
    _keep_table(job, table)
    resource = resource_class(job.kind)(user=job.user, file_name=job.original_name, progress=progress)
    dataset = resource.load(table)
    resource.checking = True
    with transaction.atomic():  # nothing is written; should a rule write, it is undone
        result = resource.import_data(dataset, dry_run=False, use_transactions=False)
        transaction.set_rollback(True)
    if result.base_errors:
        return _fail(job, result.base_errors[0].error)
    _keep_checked(job, resource.checked_rows(result))
    outcomes = resource.outcomes(result, dataset)
    outcomes = sorted([*outcomes, *ignored_outcomes(table)], key=lambda outcome: outcome.row_number)
    _store_rows(job, outcomes)
    job.counts = _count(outcomes)
    job.status, job.processed_rows = JobStatus.READY, job.total_rows
    job.save(update_fields=["counts", "status", "processed_rows"])
    return job


def _keep_table(job: ImportJob, table: parsing.FileTable) -> None:
    """The table the check read, for the confirm when the same process runs it (the inline path; the worker): the
    file is then read once. Only the latest few are kept; a confirm elsewhere reads the stored file again."""
    while len(CHECKED_TABLES) >= CHECKED_TABLES_KEPT:
        CHECKED_TABLES.pop(next(iter(CHECKED_TABLES)))
    CHECKED_TABLES[_table_key(job)] = table


def _keep_checked(job: ImportJob, checked: CheckedRows | None) -> None:
    """The records the check built, for the confirm when the same process runs it: their cells are then not read
    again (see RegistryResource.import_checked). Only the latest check's are kept."""
    CHECKED_ROWS.clear()
    if checked is not None:
        CHECKED_ROWS[_table_key(job)] = checked


def _table_key(job: ImportJob) -> tuple:
    return (job.pk, job.kind, job.original_name, job.sha256, get_language())


def _count(outcomes) -> dict:
    counts = {status: 0 for status in RowStatus.values}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts


def _store_rows(job: ImportJob, outcomes) -> None:
    """Keep one row per outcome; the confirm of an unchanged registry finds the check's rows already right."""
    kept = {
        number: [status, label, errors, values]
        for number, status, label, errors, values in job.rows.values_list("row_number", "status", "label", "errors", "values")
    }
    if len(kept) == len(outcomes) and all(kept.get(o.row_number) == [o.status, o.label, o.errors, o.values] for o in outcomes):
        return
    job.rows.all().delete()
    make, rows = maker(ImportRow), []
    for o in outcomes:
        row = make()
        row.job_id, row.row_number, row.status = job.pk, o.row_number, o.status
        row.label, row.errors, row.values = o.label, o.errors, o.values
        rows.append(row)
    copy_insert(ImportRow, rows)


# --- confirm and import ----------------------------------------------------------------------


def confirm_import(job: ImportJob, *, by, skip_errors: bool = False) -> ImportJob:
    """Import a checked file: now when small, through the worker when large. Refused while errors remain."""
    if job.user_id != by.pk:
        raise DomainError(_("Only the person who uploaded this file can import it."))
    if job.error_count and not skip_errors:
        raise DomainError(_("Fix the rows with errors and upload the file again, or tick “leave out the rows with errors”."))
    importable = sum(job.counts.get(status, 0) for status in (RowStatus.NEW, RowStatus.UPDATE, RowStatus.UNCHANGED))
    if not importable:
        raise DomainError(_("No row is left to import."))
    claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.READY).update(
        status=JobStatus.IMPORTING, skip_errors=skip_errors, processed_rows=0, message=""
    )
    if claimed != 1:
        raise DomainError(_("This file is already being imported, or was imported."))
    job.refresh_from_db()
    if job.total_rows > background_rows():
        _enqueue(job, "run_import_task")
    else:
        job = _run_now(job, run_import)
    return job


def run_import(job: ImportJob, *, progress=None) -> ImportJob:
    """The real import in one transaction: every row saved with its audit rows, or none."""
    data = _data(job)
    if hashlib.sha256(data).hexdigest() != job.sha256:
        return _fail(job, _("The stored file changed since it was checked; upload it again."))
    table = CHECKED_TABLES.pop(_table_key(job), None) or read(resource_class(job.kind), job.original_name, data)
    checked = CHECKED_ROWS.pop(_table_key(job), None)
    leave_out = set(job.rows.filter(status=RowStatus.ERROR).values_list("row_number", flat=True)) if job.skip_errors else set()
    resource = resource_class(job.kind)(user=job.user, file_name=job.original_name, progress=progress)
    dataset = resource.load(table, leave_out=leave_out)
    with transaction.atomic():
        # Imports of one kind run one after the other: a second file confirmed at the same moment then finds the
        # records the first one made (an update, not a second copy).
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"dvk-import-{job.kind}"])
        result = resource.import_checked(dataset, checked) if checked is not None and not leave_out else None
        as_checked = result is not None  # every row imported as the check's preview shows it
        if result is None:
            resource = resource_class(job.kind)(user=job.user, file_name=job.original_name, progress=progress)
            dataset = resource.load(table, leave_out=leave_out)
            # One transaction, this one: no savepoint per row (a failed row fails the whole import anyway).
            result = resource.import_data(dataset, dry_run=False, use_transactions=False)
        outcomes = resource.outcomes(result, dataset)
        failed = bool(result.base_errors) or any(outcome.status == RowStatus.ERROR for outcome in outcomes)
        counts = _count(outcomes)
        counts[RowStatus.SKIPPED] = len(leave_out)
        if failed:
            transaction.set_rollback(True)
        else:
            _record_confirmation(job, counts)
    skipped = [_skipped(job, number) for number in sorted(leave_out)]
    ignored = ignored_outcomes(table)
    counts[RowStatus.IGNORED] = len(ignored)
    if not as_checked:
        _store_rows(job, sorted([*outcomes, *skipped, *ignored], key=lambda outcome: outcome.row_number))
    job.counts, job.processed_rows = counts, job.total_rows
    if failed:
        job.status = JobStatus.READY
        job.message = _("Some rows no longer pass the checks (the registry changed since the preview). Nothing was imported.")
        job.save(update_fields=["counts", "processed_rows", "status", "message"])
        return job
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.save(update_fields=["counts", "processed_rows", "status", "finished_at"])
    discard_file(job)
    return job


def ignored_outcomes(table: parsing.FileTable) -> list:
    """The totals, signature and notes rows under the table: listed in the preview as skipped, never errors."""
    return [
        RowOutcome(number, RowStatus.IGNORED, parsing.printable(" · ".join(str(v) for v in values if v is not None))[:255])
        for number, values in table.footer
    ]


def _skipped(job, number: int):
    previous = job.rows.filter(row_number=number).first()
    return RowOutcome(number, RowStatus.SKIPPED, previous.label if previous else "", previous.errors if previous else [])


def _record_confirmation(job: ImportJob, counts: dict) -> None:
    """The audit row of the import itself: who, which file, its SHA-256 and what it did."""
    record(
        job,
        by=job.user,
        action="import",
        changes={
            "file": [None, job.original_name],
            "sha256": [None, job.sha256],
            **{status: [None, count] for status, count in counts.items() if count},
        },
        note=_("Imported %(file)s (SHA-256 %(sha)s)") % {"file": job.original_name, "sha": job.sha256},
    )


def cancel_import(job: ImportJob, *, by) -> None:
    """Drop a checked file without importing it."""
    if job.user_id != by.pk or job.status != JobStatus.READY:
        raise DomainError(_("This import can no longer be cancelled."))
    job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
    job.save(update_fields=["status", "finished_at"])
    CHECKED_TABLES.pop(_table_key(job), None)
    CHECKED_ROWS.pop(_table_key(job), None)
    discard_file(job)


def discard_file(job: ImportJob) -> None:
    if job.stored_name:
        default_storage.delete(job.stored_name)
        job.stored_name = ""
        job.save(update_fields=["stored_name"])


# --- helpers ---------------------------------------------------------------------------------


def _data(job: ImportJob) -> bytes:
    if not job.stored_name or not default_storage.exists(job.stored_name):
        raise DomainError(_("The uploaded file is no longer kept; upload it again."))
    with default_storage.open(job.stored_name, "rb") as file:
        return file.read()


def _read(job: ImportJob) -> parsing.FileTable:
    return read(resource_class(job.kind), job.original_name, _data(job))


def read(resource, name: str, data: bytes) -> parsing.FileTable:
    """The file's table without the template's example row; a table left empty is refused. A row that starts like
    a total ("Cộng đồng…", "Tổng vệ sinh…") but fills every required column is a record after all."""
    table = resource.drop_example(parsing.read_table(name, data, resource.match_header))
    keys = [resource.match_header(header) if header else None for header in table.headers]
    required = [keys.index(key) for key in resource.required_columns if key in keys]
    records = [
        (n, v)
        for n, v in table.footer
        if n in table.totals and required and all(i < len(v) and v[i] is not None for i in required)
    ]
    if records:
        table.footer = [row for row in table.footer if row not in records]
        table.rows = sorted([*table.rows, *records], key=lambda row: row[0])
    if not table.rows:
        raise parsing.ImportFileError(_("The table under the header row has no data."))
    return table


def _fail(job: ImportJob, message) -> ImportJob:
    job.status, job.message, job.finished_at = JobStatus.FAILED, str(message), timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    discard_file(job)
    return job


def fail(job: ImportJob, message) -> ImportJob:
    """Mark a job failed (the worker calls this when a task breaks)."""
    return _fail(job, message)


def _enqueue(job: ImportJob, task_name: str) -> None:
    result = getattr(tasks, task_name).enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


class SideProgress:
    """Writes a job's progress through a second connection: the page polling it sees the count
    while the import's own transaction is still open (and would hide it)."""

    def __init__(self, model, pk):
        self.table, self.pk = model._meta.db_table, pk
        self.connection = connections.create_connection("default")

    def __call__(self, done: int) -> None:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {self.table} SET processed_rows = %s WHERE id = %s", [done, self.pk])  # noqa: S608
        except Exception:  # progress is a courtesy: never fail an import over it
            logger.warning("progress update failed", exc_info=True)

    def close(self) -> None:
        self.connection.close()


def language() -> str:
    return settings.LANGUAGE_CODE
