from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.collation import ViSortKey
from danvan.search import ImmutableUnaccent
from models_registry.units.enums import AreaLevel, LinkKind, UnitKind


class Area(models.Model):
    """A node of the administrative tree; `path` answers "everything under it" with one indexed query."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=150)
    division_type = models.CharField(
        _("division type"), max_length=40, blank=True, help_text=_("tỉnh, thành phố, quận, huyện, xã, phường...")
    )
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="AreaLink",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("successors"),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="area_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        super().save(*args, **kwargs)

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def typed_name(self) -> str:
        """The name with its type, lower-case as offices write it: "xã Gia Lâm", "huyện Gia Lâm", "Phường 1"."""
        kind = self.division_type.strip().lower()
        if not kind or self.name.lower().startswith(kind + " "):
            return self.name
        return f"{kind} {self.name}"

    @property
    def label(self) -> str:
        """What tells two areas of one name apart: type, name and, for a former area, its end —
        "huyện Gia Lâm (đến 30/06/2025)" beside "xã Gia Lâm"."""
        if self.valid_to is None:
            return self.typed_name
        return _("%(area)s (until %(date)s)") % {"area": self.typed_name, "date": self.valid_to.strftime("%d/%m/%Y")}

    def descendants_q(self, field: str = "") -> models.Q:
        """Filter for rows in this subtree (itself included)."""
        return models.Q(**{f"{field}path__startswith": self.path})


class AreaLink(models.Model):
    """One step of succession: all (whole) or part of `predecessor` became part of `successor` on `date`.

    An area can have several successors (a commune split between two new communes) and several predecessors
    (nearly every commune of 2025 merges several former ones)."""

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successor_links", verbose_name=_("predecessor"))
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessor_links", verbose_name=_("successor"))
    kind = models.CharField(_("link kind"), max_length=10, choices=LinkKind.choices, default=LinkKind.WHOLE)
    date = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("area succession")
        verbose_name_plural = _("area successions")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="arealink_unique_pair")]
        indexes = [models.Index(fields=["successor", "kind"], name="arealink_successor")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Unit(models.Model):
    """Who builds a model: a commune, agency, enterprise, armed-forces unit or mass organisation."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("unit kind"), max_length=20, choices=UnitKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="units", verbose_name=_("area"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = [ViSortKey("name"), "pk"]
        indexes = [
            models.Index(fields=["area", "kind"], name="unit_area_kind"),
            models.Index(ViSortKey("name"), "id", name="unit_name_vi"),  # the list's default order
            GinIndex(OpClass(ImmutableUnaccent(Lower("name")), name="gin_trgm_ops"), name="unit_name_search"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])


def province_path_of(area) -> str:
    """The province that answers for the area today: "/P01/" for any area under Hà Nội (the first step of its
    materialised path), "/P80/" (Tây Ninh) for one under the former Long An ("/LP80/", merged on 01/07/2025)."""
    top = "/" + area.path.split("/")[1] + "/"
    if not top.startswith("/LP"):  # only a merged former province has a successor (units.area_data's codes)
        return top
    joined = AreaLink.objects.filter(predecessor__path=top, successor__parent__isnull=True)
    return joined.values_list("successor__path", flat=True).first() or top
