"""Background work run by `manage.py db_worker` (tests run it at once): large checks and imports."""

import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from models_registry.imports import domain
from models_registry.imports.models import ImportJob

logger = logging.getLogger(__name__)


@task()
def check_import_task(job_id: int) -> None:
    """Dry-run a large file, writing progress as it goes."""
    _run_import_step(job_id, domain.check_import)


@task()
def run_import_task(job_id: int) -> None:
    """Import a large confirmed file in one transaction, writing progress as it goes."""
    _run_import_step(job_id, domain.run_import)


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
