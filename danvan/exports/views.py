from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from danvan.exports.domain import exports_for
from danvan.exports.enums import ExportStatus
from danvan.xlsx import XLSX_TYPE


def export_detail(request, pk):
    """A background export's progress, then its download link."""
    job = get_object_or_404(exports_for(request.user), pk=pk)
    return render(request, "exports/export.html", {"job": job})


def export_download(request, pk):
    job = get_object_or_404(exports_for(request.user), pk=pk, status=ExportStatus.DONE)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_TYPE)
