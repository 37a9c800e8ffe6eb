import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import connection, models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.search import ImmutableUnaccent
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.units.models import province_path_of


class Field(models.Model):
    """A field of work (lĩnh vực); the four of the movement plus any an administrator adds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Phase(models.Model):
    """A phase of the movement, e.g. 2021–2025."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="phase_years_ordered")
        ]

    def __str__(self):
        return self.name

    @classmethod
    def for_year(cls, year: int):
        return cls.objects.filter(start_year__lte=year, end_year__gte=year).first()


# Every model of a merged former province answers to the province it joined: "/LP80/" (Long An) -> "/P80/".
ANSWERING_PROVINCE_SQL = """
UPDATE initiatives_initiative i SET province_path = successor.path
FROM units_arealink link
JOIN units_area former ON former.id = link.predecessor_id
JOIN units_area successor ON successor.id = link.successor_id
WHERE former.parent_id IS NULL AND successor.parent_id IS NULL AND i.province_path = former.path
"""


def refresh_province_paths() -> int:
    """Move the models of merged former provinces to the province that answers for them (after load_areas)."""
    with connection.cursor() as cursor:
        cursor.execute(ANSWERING_PROVINCE_SQL)
        return cursor.rowcount


class Initiative(models.Model):
    """A DVK model (mô hình) or exemplar (điển hình) registered by a unit."""

    kind = models.CharField(_("kind"), max_length=10, choices=InitiativeKind.choices, default=InitiativeKind.MODEL)
    code = models.CharField(_("code"), max_length=40, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit"))
    field = models.ForeignKey(Field, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("field"))
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("phase"))
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)

    situation = models.TextField(_("situation and reason"), blank=True)
    goals = models.TextField(_("goals and measurable criteria"), blank=True)
    content_method = models.TextField(_("content and method"), blank=True)
    place_target = models.TextField(_("place and target group"), blank=True)
    lead_force = models.TextField(_("lead force"), blank=True)
    partner_forces = models.TextField(_("partner forces"), blank=True)
    participating_forces = models.TextField(_("participating forces"), blank=True)
    resources_timeline = models.TextField(_("resources and timeline"), blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    sustainability = models.TextField(_("sustainability and replicability"), blank=True)

    people_reached = models.PositiveBigIntegerField(_("people reached"), null=True, blank=True)
    money_mobilised = models.PositiveBigIntegerField(_("money mobilised (đồng)"), null=True, blank=True)
    land_donated_m2 = models.PositiveBigIntegerField(_("land donated (m²)"), null=True, blank=True)
    works_completed = models.PositiveIntegerField(_("works completed"), null=True, blank=True)

    person_name = models.CharField(_("person's name"), max_length=150, blank=True)
    person_position = models.CharField(_("person's position"), max_length=200, blank=True)
    person_contact = models.CharField(_("person's contact"), max_length=200, blank=True)

    replicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replications", verbose_name=_("replicated from")
    )
    # The path of the province the unit lies in ("/P01/"): copied here so that a scoped list can walk one index
    # (province, newest first) instead of joining unit and area for every row of the country.
    province_path = models.CharField(max_length=40, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # When the model entered the registry (its approval, or its import straight into a registered status) and when
    # it was discontinued: kept by a database trigger from the history rows (migration 0006), whoever writes them,
    # so that the reports count one row per model instead of joining the history.
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    discontinued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("model / exemplar")
        verbose_name_plural = _("models and exemplars")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            # Covering: the list's count and the reports' joins read these columns from the index alone
            # (EXPLAIN in README's benchmark section: a province report's history query 640 → 290 ms); with the
            # registry dates, a province's figures by area (the dashboard's chart) reach each unit's models in it.
            models.Index(
                fields=["unit", "status"],
                include=[
                    "id",
                    "kind",
                    "field",
                    "replicated_from",
                    "people_reached",
                    "money_mobilised",
                    "land_donated_m2",
                    "works_completed",
                    "approved_at",
                    "discontinued_at",
                ],
                name="initiative_unit_status_cover",
            ),
            models.Index(fields=["status", "status_changed_at"], name="initiative_status_changed"),
            # Covering: the reports' registry figures read every column they group and sum from the index alone,
            # and the reviews, marks and recognitions find their model's dates, unit, kind and field in it by id
            # (without it they read the whole table: 1.2 GB at 1,000,000 models).
            models.Index(
                fields=["approved_at"],
                include=[
                    "id",
                    "unit",
                    "kind",
                    "field",
                    "replicated_from",
                    "discontinued_at",
                    "people_reached",
                    "money_mobilised",
                    "land_donated_m2",
                    "works_completed",
                ],
                name="initiative_registered_cover",
            ),
            # The list's default order: its first page walks this index instead of sorting every matching row.
            models.Index(fields=["-registered_on", "-id"], name="initiative_registered_desc"),
            # The same order inside one province: a province's (or district's) list reads only its own rows; with the
            # status, the dashboard's new models per half-year are counted from the index alone.
            models.Index(
                fields=["province_path", "-registered_on", "-id"], include=["status"], name="initiative_province_recent"
            ),
            # A province's counts (the list total, the review badge) read the index alone.
            models.Index(fields=["province_path", "status"], include=["kind", "field"], name="initiative_province_status"),
            GinIndex(OpClass(ImmutableUnaccent(Lower("name")), name="gin_trgm_ops"), name="initiative_name_search"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.province_path = province_path_of(self.unit.area)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def is_exemplar(self) -> bool:
        return self.kind == InitiativeKind.EXEMPLAR


class StatusChange(models.Model):
    """One move of the workflow: who, when, from, to, note. Reports read the past from these rows."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        indexes = [
            # Covering: the reports' history figures test from/to without reading the 3-million-row table.
            models.Index(fields=["initiative", "at"], include=["from_status", "to_status"], name="statuschange_initiative_cover"),
            models.Index(fields=["to_status", "at"], name="statuschange_to_at"),
        ]

    def __str__(self):
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


def evidence_path(instance, filename: str) -> str:
    """A fresh name under evidence/<year>/<month>/: uploads never collide and never escape MEDIA_ROOT."""
    suffix = PurePath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"evidence/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A document or photo proving a model's work."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Marked by the officer: the public showcase may show this photo (images only; never documents).
    is_public = models.BooleanField(_("may be shown publicly"), default=False)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type in PUBLIC_IMAGE_TYPES


PUBLIC_IMAGE_TYPES = {"image/jpeg", "image/png"}


class ShowcaseVersion(models.Model):
    """One row whose number grows with every change the public showcase shows (a recognition made or revoked, a
    recognised model discontinued, a photo made public): the showcase's cached pages are keyed by it, and the
    number changes in the same transaction as what it stands for, so every server process sees both at once."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("showcase version")
        verbose_name_plural = _("showcase version")
