from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.accounts.enums import EDITOR_ROLES, Role, SigningMode
from danvan.collation import ViSortKey


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
    is_party_body = models.BooleanField(
        _("Party body"),
        default=True,
        help_text=_("Documents carry ĐẢNG CỘNG SẢN VIỆT NAM; a State body (UBND, Sở...) gets the national heading instead."),
    )
    place_name = models.CharField(_("place name in headings"), max_length=100, blank=True)
    # What an office's documents print (the document layout reads these; see danvan/documents).
    heading_name = models.CharField(
        _("office name in headings"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the superior body, e.g. BAN TUYÊN GIÁO VÀ DÂN VẬN; empty: the office's name."),
    )
    abbreviation = models.CharField(
        _("abbreviation in document numbers"),
        max_length=30,
        blank=True,
        help_text=_("E.g. BDVTU gives “Số …-BC/BDVTU” (Party); UBND gives “Số: …/BC-UBND” (State)."),
    )
    signing_mode = models.CharField(_("signing mode"), max_length=10, choices=SigningMode.choices, default=SigningMode.DIRECT)
    signing_for = models.CharField(
        _("signing for"),
        max_length=150,
        blank=True,
        help_text=_("T/M: the collective body, e.g. BAN THƯỜNG VỤ; K/T: the head's title, e.g. TRƯỞNG BAN."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=150, blank=True, help_text=_("E.g. TRƯỞNG BAN, PHÓ TRƯỞNG BAN, PHÓ BÍ THƯ.")
    )
    signer_name = models.CharField(
        _("signer's full name"), max_length=150, blank=True, help_text=_("In Vietnamese order, e.g. Võ Thị Thu Duyên.")
    )
    recipients = models.TextField(
        _("recipients (Nơi nhận)"),
        blank=True,
        help_text=_("One per line, e.g. “Thường trực Tỉnh ủy (để b/c)” … “Lưu Văn phòng”."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("working since"), null=True, blank=True, help_text=_("Empty: since before the registry."))
    ended_on = models.DateField(
        _("working until"),
        null=True,
        blank=True,
        help_text=_("The last working day (former district offices: 30/06/2025). Empty: still working."),
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = [ViSortKey("name"), "pk"]

    def __str__(self):
        return self.name

    def is_open(self, on=None) -> bool:
        """Whether the office works on the day (today by default): it registers, edits, submits and reports only then;
        after its end it keeps read access to its past."""
        on = on or timezone.localdate()
        return (self.started_on is None or self.started_on <= on) and (self.ended_on is None or on <= self.ended_on)


class User(AbstractUser):
    """A person who signs in; their office gives the area they may see."""

    # One name in Vietnamese order (family, middle, given): "Phạm Thị Lan". Django's first/last name split
    # put it back together in Western order ("Thị Lan Phạm") on every page, e-mail and signature.
    first_name = None
    last_name = None
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, help_text=_("In Vietnamese order: family, middle and given name.")
    )
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

    def get_full_name(self) -> str:
        return " ".join(self.full_name.split())

    def get_short_name(self) -> str:
        """The given name (the last word), as colleagues address each other."""
        return self.get_full_name().rsplit(" ", 1)[-1]

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
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def works(self) -> bool:
        """Whether the user's office still works: an ended office only reads its past (no office: nothing ends)."""
        return self.office_id is None or self.office.is_open()

    @property
    def can_edit_registry(self) -> bool:
        """Officers and province staff of an office that still works (an ended office only reads its past)."""
        return self.role in EDITOR_ROLES and self.works
