"""The background export, run by `manage.py db_worker` (tests run it at once)."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.exports import domain
from danvan.exports.models import ExportJob

logger = logging.getLogger(__name__)


def start_export(*, view, total: int) -> ExportJob:
    """Queue the export of a list view's current filtered rows for its user."""
    job = domain.new_export(view=view, total=total)
    result = export_task.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


@task()
def export_task(job_id: int) -> None:
    """Write a large list export to a file the user downloads."""
    job = ExportJob.objects.get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            domain.write_export(job)
        except Exception:
            logger.exception("export %s failed", job_id)
            domain.fail(job, _("The export failed. Try again, or narrow the list with the filters."))
