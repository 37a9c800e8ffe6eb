from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.badges import BadgedChoices


class PeriodKind(models.TextChoices):
    FIRST_HALF = "first_half", _("First half-year")
    SECOND_HALF = "second_half", _("Second half-year")
    YEAR = "year", _("Whole year")
    PHASE = "phase", _("Five-year phase")


HALF_KINDS = (PeriodKind.FIRST_HALF, PeriodKind.SECOND_HALF)


class ReportStatus(BadgedChoices):
    NOT_STARTED = "not_started", pgettext_lazy("report status", "Not started")
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")

    @classmethod
    def badges(cls):
        return {
            cls.NOT_STARTED: "light border",
            cls.DRAFT: "secondary",
            cls.SUBMITTED: "primary",
            cls.RETURNED: "warning",
            cls.ACCEPTED: "success",
        }


# An office may type into its report only in these states.
EDITABLE_REPORT_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
# Reports the province has received (waiting for review or done).
RECEIVED_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
