from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("District officer")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    LEADER = "leader", _("Leader")
    ADMINISTRATOR = "administrator", _("Administrator")


EDITOR_ROLES = frozenset({Role.OFFICER, Role.PROVINCE_STAFF})
