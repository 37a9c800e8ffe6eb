from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    FIRST_HALF = "first_half", _("First half-year")
    SECOND_HALF = "second_half", _("Second half-year")
    YEAR = "year", _("Whole year")
    PHASE = "phase", _("Five-year phase")


HALF_KINDS = (PeriodKind.FIRST_HALF, PeriodKind.SECOND_HALF)


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# An office may type into its report only in these states.
EDITABLE_REPORT_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
# Reports the province has received (waiting for review or done).
RECEIVED_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
