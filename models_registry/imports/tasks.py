"""Background work run by `manage.py db_worker` (tests run it at once): large checks, imports and exports."""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from models_registry.imports import domain, exports
from models_registry.imports.models import ExportJob, ImportJob

logger = logging.getLogger(__name__)


@task()
def check_import_task(job_id: int) -> None:
    """Dry-run a large file, writing progress as it goes."""
    _run_import_step(job_id, domain.check_import)


@task()
def run_import_task(job_id: int) -> None:
    """Import a large confirmed file in one transaction, writing progress as it goes."""
    _run_import_step(job_id, domain.run_import)


@task()
def export_task(job_id: int) -> None:
    """Write a large list export to a file the user downloads."""
    job = ExportJob.objects.get(pk=job_id)
    with translation.override(domain.language()):
        try:
            exports.write_export(job)
        except Exception:
            logger.exception("export %s failed", job_id)
            exports.fail(job, _("The export failed. Try again, or narrow the list with the filters."))


def _run_import_step(job_id: int, step) -> None:
    job = ImportJob.objects.get(pk=job_id)
    progress = domain.SideProgress(ImportJob, job.pk)
    with translation.override(domain.language()):
        try:
            step(job, progress=progress)
        except domain.DomainError as error:
            domain.fail(job, error.message)
        except Exception:
            logger.exception("import %s failed", job_id)
            domain.fail(job, _("The import failed unexpectedly; nothing was imported. Try again or ask the administrator."))
        finally:
            progress.close()
