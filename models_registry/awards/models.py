from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.vietnamese import short_date
from models_registry.awards.enums import ItemOutcome, ProposalStatus, RecipientKind
from models_registry.initiatives.models import evidence_path
from models_registry.units.enums import AreaLevel


class PersonKey(models.Func):
    """A person's name as the database compares it: Unicode NFC, trimmed, inner spaces collapsed, lower case.
    "Nguyễn Văn Đua", "NGUYỄN  VĂN ĐUA" and its NFD spelling are one person."""

    template = "lower(regexp_replace(btrim(normalize(%(expressions)s, NFC)), '\\s+', ' ', 'g'))"
    output_field = models.CharField()

    @classmethod
    def of(cls, name: str) -> "PersonKey":
        return cls(models.Value(name, output_field=models.CharField()))


class RecognitionLevel(models.Model):
    """A level at which a model is recognised (xã, huyện, tỉnh, trung ương); data, not code."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    area_level = models.CharField(
        _("office level"),
        max_length=10,
        choices=AreaLevel.choices,
        blank=True,
        help_text=_("An office of this area level may recognise at this level itself; empty: province staff only."),
    )

    class Meta:
        verbose_name = _("recognition level")
        verbose_name_plural = _("recognition levels")
        ordering = ["order"]

    def __str__(self):
        return self.name


class Recognition(models.Model):
    """A recognition decision; never edited in place: revoked and replaced, both kept."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT, related_name="recognitions")
    level = models.ForeignKey(RecognitionLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    decision_no = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signer"), max_length=150)
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issuing office")
    )
    file = models.FileField(_("decision file"), upload_to=evidence_path, max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["decided_on"], name="recognition_decided_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"], condition=models.Q(revoked_at__isnull=True), name="recognition_one_in_force"
            )
        ]

    def __str__(self):
        return f"{self.decision_no} ({short_date(self.decided_on)})"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None


class Outstanding(models.Model):
    """A recognised model marked outstanding (tiêu biểu) for a year."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="outstanding_marks")
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outstanding mark")
        verbose_name_plural = _("outstanding marks")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["initiative", "year"], name="outstanding_once_a_year")]

    def __str__(self):
        return f"{self.initiative} ({self.year})"


class AwardForm(models.Model):
    """A form of award (Giấy khen, Bằng khen, Cờ thi đua...), the level issuing it and who receives it."""

    name = models.CharField(_("name"), max_length=200)
    issuing_level = models.CharField(_("issuing level"), max_length=200, help_text=_("E.g. Chủ tịch UBND tỉnh"))
    recipient_kind = models.CharField(_("recipient"), max_length=12, choices=RecipientKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "issuing_level", "recipient_kind"], name="awardform_unique")]

    def __str__(self):
        return f"{self.name} — {self.issuing_level}"

    @property
    def choice_label(self) -> str:
        """Collective and individual forms often share a name and an issuer: choice lists tell them apart."""
        return f"{self} ({self.get_recipient_kind_display()})"


class AwardProposal(models.Model):
    """An office's proposal (đề nghị khen thưởng) of several recipients for one award form."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="award_proposals", verbose_name=_("office")
    )
    title = models.CharField(_("title"), max_length=300)
    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("award form"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Award(models.Model):
    """An award decision for one recipient: a model, a unit, or a person (of an exemplar)."""

    award_form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="awards", verbose_name=_("award form"))
    year = models.PositiveSmallIntegerField(_("year of achievement"))
    decision_no = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    issuer = models.CharField(_("issuer"), max_length=200)
    signer = models.CharField(_("signer"), max_length=150, blank=True)
    file = models.FileField(_("decision file"), upload_to=evidence_path, max_length=200, blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("model")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("unit")
    )
    person_name = models.CharField(_("person's name"), max_length=150, blank=True)
    person_position = models.CharField(_("person's position"), max_length=200, blank=True)
    area = models.ForeignKey("units.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["decided_on"], name="award_decided_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["award_form", "year", "initiative"],
                condition=models.Q(initiative__isnull=False),
                name="award_once_initiative",
            ),
            models.UniqueConstraint(
                fields=["award_form", "year", "unit"],
                condition=models.Q(unit__isnull=False, initiative__isnull=True, person_name=""),
                name="award_once_unit",
            ),
            models.UniqueConstraint(
                models.F("award_form"),
                models.F("year"),
                models.F("area"),
                PersonKey("person_name"),
                condition=~models.Q(person_name=""),
                name="award_once_person",
                violation_error_message=_("This person already received this award for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(initiative__isnull=False) | models.Q(unit__isnull=False) | ~models.Q(person_name=""),
                name="award_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.award_form.name} — {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.person_name:
            return self.person_name
        return str(self.initiative or self.unit)


class ProposalItem(models.Model):
    """One proposed recipient of a proposal, and what the decision did with it."""

    proposal = models.ForeignKey(AwardProposal, on_delete=models.CASCADE, related_name="items")
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person_name = models.CharField(_("person's name"), max_length=150, blank=True)
    person_position = models.CharField(_("person's position"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ItemOutcome.choices, default=ItemOutcome.PENDING)
    decline_reason = models.TextField(_("reason declined"), blank=True)
    award = models.OneToOneField(Award, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal_item")

    class Meta:
        verbose_name = _("proposed recipient")
        verbose_name_plural = _("proposed recipients")
        ordering = ["proposal", "pk"]

    def __str__(self):
        return self.person_name or str(self.initiative or self.unit)
