import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.exports.enums import ExportStatus


def export_path(instance, filename: str) -> str:
    """exports/<random>.xlsx: a name nobody can guess, served only through the owner's download view."""
    return f"exports/{uuid.uuid4().hex}.xlsx"


class ExportJob(models.Model):
    """A large list export written by the worker; its file is downloaded by the user who asked for it.

    `list_key` names the list view in the registry of exportable lists (danvan.exports.lists), so the worker
    rebuilds the same list with the same filters for the same user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    title = models.CharField(_("list"), max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    list_key = models.CharField(max_length=40)
    query = models.TextField(blank=True)
    view_kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_created")]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("exports:export", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0
