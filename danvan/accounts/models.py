from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDITOR_ROLES, Role


class Office(models.Model):
    """A mass-mobilisation office (Ban Dân vận...) that owns one area; its names are data."""

    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Ban Dân vận Huyện ủy Gia Lâm"))
    superior_name = models.CharField(
        _("superior body"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the office name in report headings, e.g. HUYỆN ỦY GIA LÂM"),
    )
    area = models.ForeignKey("units.Area", on_delete=models.PROTECT, related_name="offices", verbose_name=_("area"))
    is_party_body = models.BooleanField(_("Party body"), default=True, help_text=_("Reports carry ĐẢNG CỘNG SẢN VIỆT NAM"))
    place_name = models.CharField(_("place name in headings"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in; their office gives the area they may see."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("office")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_province_staff(self) -> bool:
        return self.role == Role.PROVINCE_STAFF

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def can_edit_registry(self) -> bool:
        return self.role in EDITOR_ROLES
