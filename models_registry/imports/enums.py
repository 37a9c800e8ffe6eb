from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.badges import BadgedChoices


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    INITIATIVES = "initiatives", _("Models and exemplars")
    AWARDS = "awards", _("Awards")
    RECOGNITIONS = "recognitions", _("Model recognitions")


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    READY = "ready", _("Preview ready")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# A page polls the job while it is in one of these.
RUNNING_STATUSES = (JobStatus.CHECKING, JobStatus.IMPORTING)


class RowStatus(BadgedChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")
    SKIPPED = "skipped", _("Left out")
    IGNORED = "ignored", _("Skipped (signature / totals)")

    @classmethod
    def badges(cls):
        return {
            cls.NEW: "success",
            cls.UPDATE: "primary",
            cls.UNCHANGED: "light border",
            cls.ERROR: "danger",
            cls.SKIPPED: "dark",
            cls.IGNORED: "secondary",
        }
