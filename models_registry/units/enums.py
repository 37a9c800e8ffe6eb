from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District / town")
    COMMUNE = "commune", _("Commune / ward / township")


class LinkKind(models.TextChoices):
    """How much of a predecessor area went into a successor."""

    WHOLE = "whole", _("whole")
    PART = "part", _("part")


class UnitKind(models.TextChoices):
    COMMUNE = "commune", _("Commune / ward / township")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    FRONT = "front", _("Front and mass organisations")
