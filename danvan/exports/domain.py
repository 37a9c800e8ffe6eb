"""Large list exports: the worker rebuilds the list's filtered rows for the user and writes the file."""

import tempfile

from django.core.files import File
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from danvan.exports.enums import ExportStatus
from danvan.exports.models import ExportJob
from danvan.exports.registry import list_view
from danvan.xlsx import write_list


def exports_for(user):
    """The exports this user asked for: nobody else downloads them."""
    return ExportJob.objects.filter(user=user)


def new_export(*, view, total: int) -> ExportJob:
    """The job row of a list view's current filtered rows, for its user (the task is queued by tasks.start_export)."""
    query = view.request.GET.copy()
    query.pop("export", None)
    query.pop("page", None)
    return ExportJob.objects.create(
        user=view.request.user,
        title=str(view.title)[:200],
        filename=view.export_filename(view.export_scope()),
        list_key=view.export_key,
        view_kwargs=dict(view.kwargs),
        query=query.urlencode(),
        total_rows=total,
    )


def rebuild_view(job: ExportJob):
    """The list view as its user asked for the export: same list, same filters, same scope. The request keeps its
    `export` parameter: without it a list asked with no filter has an unbound filter form, which exports no row."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.query, mutable=True)
    request.GET["export"] = "xlsx"
    request.user = job.user
    view = list_view(job.list_key)()
    view.setup(request, **job.view_kwargs)
    return view


def write_export(job: ExportJob) -> ExportJob:
    """Write the file with constant memory, counting progress in the job row as it goes."""
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    view = rebuild_view(job)
    rows = view.export_rows()

    def progress(count: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed_rows=count)

    with tempfile.TemporaryFile() as file:
        count = write_list(
            rows,
            view.export_columns,
            title=job.title,
            file=file,
            progress=progress,
            subtitle=view.export_subtitle(),
        )
        file.seek(0)
        job.file.save(job.filename, File(file), save=False)
    job.status, job.processed_rows, job.total_rows, job.finished_at = ExportStatus.DONE, count, count, timezone.now()
    job.save(update_fields=["file", "status", "processed_rows", "total_rows", "finished_at"])
    view.record_export(count)
    return job


def fail(job: ExportJob, message: str) -> None:
    job.status, job.message, job.finished_at = ExportStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
