from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.badges import BadgedChoices


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ProposalStatus(BadgedChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    DECIDED = "decided", _("Decided")

    @classmethod
    def badges(cls):
        return {cls.DRAFT: "secondary", cls.SENT: "primary", cls.DECIDED: "success"}


class ItemOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
