from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.imports.enums import RUNNING_STATUSES, ImportKind, JobStatus, RowStatus


class ImportJob(models.Model):
    """One uploaded file on its way from preview to import; only its uploader sees it."""

    kind = models.CharField(_("what"), max_length=20, choices=ImportKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=200, blank=True, help_text="A random path under MEDIA_ROOT; empty once deleted")
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    encoding_guessed = models.BooleanField(default=False)
    sheet_name = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    header_rows = models.PositiveSmallIntegerField(default=1, help_text="How many rows the header takes (merged groups)")
    notes = models.JSONField(default=list, blank=True, help_text="What the reader noticed: the sheet used, hidden rows")
    columns = models.JSONField(default=list, blank=True, help_text="[[file header, field key or '']]")
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.CHECKING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    skip_errors = models.BooleanField(_("leave out rows with errors"), default=False)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_created")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0

    @property
    def error_count(self) -> int:
        return self.counts.get(RowStatus.ERROR, 0)


class ImportRow(models.Model):
    """The dry-run (or import) outcome of one spreadsheet row: new, update, unchanged or error, with its errors."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    status = models.CharField(_("result"), max_length=10, choices=RowStatus.choices)
    label = models.CharField(_("record"), max_length=255, blank=True)
    errors = models.JSONField(default=list, blank=True, help_text="[{column, message}]")
    values = models.JSONField(default=list, blank=True, help_text="[[file header, old value or null, value as read]]")

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["job", "row_number"]
        indexes = [models.Index(fields=["job", "status", "row_number"], name="importrow_job_status")]

    def __str__(self):
        return f"{self.row_number}: {self.status}"
