"""Delete what abandoned imports and old exports leave in MEDIA_ROOT; meant to run daily from cron.

- An import never confirmed nor cancelled (still checking, or its preview waiting) for more than --hours is
  cancelled: its uploaded file and its preview rows are deleted, and the change of state is audited.
- A finished export's file is deleted --hours after it was written (the job stays, without its file).
- A file under imports/ or exports/ that no job names (left by a crash or a deleted user) is deleted once
  it is older than --hours.
Running it twice removes nothing the second time.
"""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.audit.domain import record
from danvan.exports.enums import ExportStatus
from danvan.exports.models import ExportJob
from models_registry.imports.enums import JobStatus
from models_registry.imports.models import ImportJob

ABANDONED = (JobStatus.CHECKING, JobStatus.READY)


class Command(BaseCommand):
    help = "Cancel imports never confirmed nor cancelled and delete their files, and delete old export files."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="age after which files are removed (default 48)")
        parser.add_argument("--dry-run", action="store_true", help="only list what would be removed")

    def handle(self, *args, hours: int, dry_run: bool, **options):
        if hours < 1:
            raise CommandError("--hours must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(hours=hours)
        verb = "would remove" if dry_run else "removed"
        imports, exports = list(stale_imports(cutoff)), list(stale_exports(cutoff))
        if not dry_run:
            with translation.override(settings.LANGUAGE_CODE):  # the notes are shown to the uploader
                imports = [job for job in imports if expire_import(job, hours=hours)]
                exports = [job for job in exports if expire_export(job, hours=hours)]
        for job in imports:
            self.stdout.write(f"import {job.pk} {job.original_name!r} of {job.user.get_username()} ({job.status}): {verb}")
        for job in exports:
            self.stdout.write(f"export {job.pk} {job.filename!r} of {job.user.get_username()}: {verb} its file")
        orphans = list(orphan_files(cutoff))  # after the expiries, which delete their own files
        for name in orphans:
            if not dry_run:
                default_storage.delete(name)
            self.stdout.write(f"file {name} (no job names it): {verb}")
        self.stdout.write(
            f"{len(imports)} import(s), {len(exports)} export file(s), {len(orphans)} other file(s) {verb}."
            if imports or exports or orphans
            else "Nothing to remove."
        )


def stale_imports(cutoff):
    """Imports uploaded before the cutoff and neither confirmed nor cancelled."""
    return ImportJob.objects.filter(status__in=ABANDONED, created_at__lt=cutoff).select_related("user").order_by("pk")


def stale_exports(cutoff):
    """Finished exports written before the cutoff whose file is still kept."""
    exports = ExportJob.objects.filter(status=ExportStatus.DONE, finished_at__lt=cutoff).exclude(file="")
    return exports.select_related("user").order_by("pk")


def expire_import(job: ImportJob, *, hours: int) -> bool:
    """Cancel an abandoned import, delete its preview rows and its file, and audit it; False when it moved meanwhile."""
    note = _(
        "Cancelled automatically: the file was not imported within %(hours)s hours. Upload it again if you still need it."
    ) % {"hours": hours}
    with transaction.atomic():
        # Compare-and-swap: an uploader confirming at this very moment wins, and the job is left alone.
        claimed = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=JobStatus.CANCELLED, finished_at=timezone.now(), message=note, counts={}, stored_name=""
        )
        if claimed != 1:
            return False
        rows, _by_model = job.rows.all().delete()
        record(
            job,
            by=None,
            action="status",
            changes={"status": [job.status, JobStatus.CANCELLED], "file": [job.original_name, None], "rows": [rows, 0]},
            note=note,
        )
    if job.stored_name:  # after the commit; a file a failure leaves here is an orphan the next run deletes
        default_storage.delete(job.stored_name)
    return True


def expire_export(job: ExportJob, *, hours: int) -> bool:
    """Delete an old export's file; the job stays, saying why the file is gone."""
    name = job.file.name
    note = _("The file was deleted %(hours)s hours after it was written; export the list again.") % {"hours": hours}
    if ExportJob.objects.filter(pk=job.pk, file=name).update(file="", message=note) != 1:
        return False
    default_storage.delete(name)
    return True


def orphan_files(cutoff):
    """Files under imports/ and exports/ older than the cutoff that no job names."""
    kept = {
        "imports": set(ImportJob.objects.exclude(stored_name="").values_list("stored_name", flat=True)),
        "exports": set(ExportJob.objects.exclude(file="").values_list("file", flat=True)),
    }
    for folder, names in kept.items():
        if not default_storage.exists(folder):
            continue
        for file_name in sorted(default_storage.listdir(folder)[1]):
            name = f"{folder}/{file_name}"
            if name not in names and default_storage.get_modified_time(name) < cutoff:
                yield name
