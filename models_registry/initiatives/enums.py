from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.badges import BadgedChoices


class InitiativeKind(models.TextChoices):
    MODEL = "model", _("Model")
    EXEMPLAR = "exemplar", _("Exemplar")


class Status(BadgedChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    IN_PROGRESS = "in_progress", _("In progress")
    RECOGNISED = "recognised", _("Recognised")
    REJECTED = "rejected", _("Rejected")
    DISCONTINUED = "discontinued", _("Discontinued")

    @classmethod
    def badges(cls):
        return {
            cls.DRAFT: "secondary",
            cls.SUBMITTED: "warning",
            cls.RETURNED: "info",
            cls.IN_PROGRESS: "primary",
            cls.RECOGNISED: "success",
            cls.REJECTED: "danger",
            cls.DISCONTINUED: "dark",
        }


# Grouped states, used by queries and reports.
ACTIVE_STATUSES = (Status.IN_PROGRESS, Status.RECOGNISED)
REGISTERED_STATUSES = (Status.IN_PROGRESS, Status.RECOGNISED, Status.DISCONTINUED)
# What a new record may start as, whoever creates it (form, import, any future API): the workflow does the rest.
OPENING_STATUSES = (Status.DRAFT, Status.SUBMITTED)
# The officer edits a returned model as a draft, then resubmits it.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

# The shortest workflow history that ends in each status (demo data and the benchmark generator write it).
HISTORY_TO = {
    Status.DRAFT: [Status.DRAFT],
    Status.SUBMITTED: [Status.DRAFT, Status.SUBMITTED],
    Status.RETURNED: [Status.DRAFT, Status.SUBMITTED, Status.RETURNED],
    Status.IN_PROGRESS: [Status.DRAFT, Status.SUBMITTED, Status.IN_PROGRESS],
    Status.RECOGNISED: [Status.DRAFT, Status.SUBMITTED, Status.IN_PROGRESS, Status.RECOGNISED],
    Status.REJECTED: [Status.DRAFT, Status.SUBMITTED, Status.REJECTED],
    Status.DISCONTINUED: [Status.DRAFT, Status.SUBMITTED, Status.IN_PROGRESS, Status.DISCONTINUED],
}
