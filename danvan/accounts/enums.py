from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("District officer")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    LEADER = "leader", _("Leader")
    ADMINISTRATOR = "administrator", _("Administrator")


EDITOR_ROLES = frozenset({Role.OFFICER, Role.PROVINCE_STAFF})


class SigningMode(models.TextChoices):
    """How the signer signs an office's documents (Hướng dẫn 36-HD/VPTW; Nghị định 30/2020/NĐ-CP for State bodies)."""

    DIRECT = "direct", _("The head signs in their own title")
    ON_BEHALF = "on_behalf", _("T/M: on behalf of a collective body")
    DEPUTY = "deputy", _("K/T: a deputy signs for the head")
