from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.audit.domain import entries_for
from danvan.audit.shown import trail
from danvan.errors import DomainError
from danvan.exports.domain import exports_for
from danvan.forms import BootstrapMixin
from danvan.xlsx import XLSX_TYPE
from models_registry.imports import domain
from models_registry.imports.blank import template_workbook
from models_registry.imports.enums import ImportKind, JobStatus, RowStatus
from models_registry.imports.models import ImportJob

PREVIEW_PAGE = 200
LIST_URLS = {
    ImportKind.UNITS: "units:list",
    ImportKind.INITIATIVES: "initiatives:list",
    ImportKind.AWARDS: "awards:list",
    ImportKind.RECOGNITIONS: "awards:recognitions",
}


# The import's own audit row counts rows by their outcome, and names the file it read.
JOB_AUDIT_LABELS = {
    **dict(RowStatus.choices),
    "file": ImportJob._meta.get_field("original_name").verbose_name,
    "rows": ImportJob._meta.get_field("total_rows").verbose_name,
}


class UploadForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.xls"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = domain.kinds_for(user)


def _require_importer(user, kind: str = "") -> None:
    if not domain.can_import(user, kind):
        raise PermissionDenied


def index(request):
    """Download a template, upload a file, and see one's recent imports and exports."""
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = domain.start_import(by=request.user, kind=form.cleaned_data["kind"], name=upload.name, data=_read(upload))
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect(job)
    context = {
        "form": form,
        "kinds": domain.kinds_for(request.user),
        "jobs": domain.jobs_for(request.user)[:10],
        "exports": exports_for(request.user)[:10],
        "max_rows": domain.parsing.max_rows(),
        "max_bytes": domain.parsing.max_bytes(),
    }
    return render(request, "imports/index.html", context)


def _read(upload) -> bytes:
    """The upload's bytes, refusing an oversized one before reading it into memory."""
    domain.parsing.check_upload(upload.name, upload.size)
    return upload.read()


def template(request, kind):
    """The blank .xlsx for one kind of record."""
    if kind not in ImportKind.values:
        raise Http404
    _require_importer(request.user, kind)
    data = template_workbook(domain.resource_class(kind), str(ImportKind(kind).label))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response


def job_detail(request, pk):
    """Progress while checking or importing; then the preview of every row, or the result."""
    job = get_object_or_404(domain.jobs_for(request.user), pk=pk)
    show = request.GET.get("show", "")
    rows = job.rows.all()
    if show in RowStatus.values:
        rows = rows.filter(status=show)
    page = Paginator(rows, PREVIEW_PAGE).get_page(request.GET.get("page"))
    context = {
        "job": job,
        "page": page,
        "show": show,
        "tabs": [(value, label, job.counts.get(value, 0)) for value, label in RowStatus.choices],
        "list_url": reverse(LIST_URLS[job.kind]),
        "audit": trail(entries_for(job)[:5], ImportJob, labels=JOB_AUDIT_LABELS),
        "ready": job.status == JobStatus.READY,
    }
    return render(request, "imports/job.html", context)


# The jobs a progress bar follows: whose jobs the user may see, and the page a finished job goes to.
PROGRESS = {
    "import": (domain.jobs_for, "imports:job"),
    "export": (exports_for, "exports:export"),
}


def progress(request, what, pk):
    """JSON for the progress bar of an import or an export (only the user's own jobs)."""
    if what not in PROGRESS:
        raise Http404
    jobs_for, page = PROGRESS[what]
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "processed": job.processed_rows,
            "total": job.total_rows,
            "percent": job.percent,
            "running": job.is_running,
            "url": reverse(page, args=[job.pk]),
        }
    )


@require_POST
def job_confirm(request, pk):
    job = get_object_or_404(domain.jobs_for(request.user), pk=pk)
    try:
        job = domain.confirm_import(job, by=request.user, skip_errors=request.POST.get("skip_errors") == "1")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(job)
    if job.status == JobStatus.DONE:
        messages.success(request, _("The file was imported."))
    return redirect(job)


@require_POST
def job_cancel(request, pk):
    job = get_object_or_404(domain.jobs_for(request.user), pk=pk)
    try:
        domain.cancel_import(job, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(job)
    messages.info(request, _("The import was cancelled and the file deleted."))
    return redirect("imports:index")
