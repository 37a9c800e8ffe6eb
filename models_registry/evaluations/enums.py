from django.db import models
from django.utils.translation import gettext_lazy as _


class AppliesTo(models.TextChoices):
    MODEL = "model", _("Models")
    EXEMPLAR = "exemplar", _("Exemplars")
    BOTH = "both", _("Models and exemplars")


class ReviewRating(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    NEEDS_STRENGTHENING = "needs_strengthening", _("Needs strengthening")
    INEFFECTIVE = "ineffective", _("Ineffective")
