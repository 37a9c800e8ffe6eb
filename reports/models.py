from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.collation import ViSortKey
from reports.enums import PeriodKind, ReportStatus


class ReportPeriod(models.Model):
    """A reporting window (kỳ báo cáo): kind, year, dates, due date, open or locked."""

    area = models.ForeignKey(
        "units.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("The offices under this area report in the period; empty means every office."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("For a phase: its first year."))
    phase = models.ForeignKey(
        "initiatives.Phase", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("phase")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    due_on = models.DateField(_("due date"))
    is_locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report period")
        verbose_name_plural = _("report periods")
        ordering = ["-end", "kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_dates_ordered"),
            models.UniqueConstraint(fields=["area", "kind", "year"], name="period_unique_kind_year", nulls_distinct=False),
        ]

    def __str__(self):
        return str(self.label)

    def get_absolute_url(self):
        return reverse("reports:registry", args=[self.pk])

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.FIRST_HALF:
            return _("First half of %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.SECOND_HALF:
            return _("Second half of %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": self.year}
        return _("Phase %(phase)s") % {"phase": self.phase or f"{self.start:%Y}–{self.end:%Y}"}

    @property
    def review_year(self) -> int:
        """The year whose yearly reviews and outstanding marks the period's figures read."""
        return self.end.year if self.kind == PeriodKind.PHASE else self.year


# The model results the registry sums (reports/figures.py RESULT_FIELDS) that an office may also report by hand.
REGISTRY_MEASURES = [
    ("people_reached", _("people reached")),
    ("money_mobilised", _("money mobilised (đồng)")),
    ("land_donated_m2", _("land donated (m²)")),
    ("works_completed", _("works completed")),
]


class ActivityIndicator(models.Model):
    """An activity figure offices type into their period reports (cuộc giám sát, m² đất hiến...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40)
    code = models.SlugField(
        _("code in report sentences"),
        max_length=40,
        blank=True,
        help_text=_("The Word report's sentences write this figure where they say {code}, e.g. {giam_sat}."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    registry_figure = models.CharField(
        _("same quantity in the registry"),
        max_length=40,
        blank=True,
        choices=REGISTRY_MEASURES,
        help_text=_("The model result the registry sums for this quantity: reports show the two side by side, labelled."),
    )

    class Meta:
        verbose_name = _("activity indicator")
        verbose_name_plural = _("activity indicators")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="indicator_code_unique")]

    def __str__(self):
        return f"{self.name} ({self.unit_of_measure})"


class PeriodReport(models.Model):
    """One office's report for one period: typed activity figures, narrative, and the figures frozen on submission."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="period_reports", verbose_name=_("office")
    )
    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    directions = models.TextField(_("directions for the next period"), blank=True)
    figures = models.JSONField(_("registry figures at submission"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["period", ViSortKey("office__name"), "pk"]
        constraints = [models.UniqueConstraint(fields=["office", "period"], name="report_one_per_office_period")]
        indexes = [models.Index(fields=["period", "status"], name="report_period_status")]

    def __str__(self):
        return f"{self.office} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])


class ActivityValue(models.Model):
    """The value an office typed for one indicator in one report (whole numbers: cuộc, m², đồng...)."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(ActivityIndicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator"))
    value = models.PositiveBigIntegerField(_("value"))

    class Meta:
        verbose_name = _("activity value")
        verbose_name_plural = _("activity values")
        ordering = ["indicator__order"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_one_per_indicator")]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class ReportSentence(models.Model):
    """A sentence of the Word report that writes the figures out, e.g. "Trong {ky}, toàn {dia_ban} đăng ký mới {moi} mô hình"."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("sentence"), help_text=_("Figures in braces, e.g. {moi}; the list of names is below the form."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report sentence")
        verbose_name_plural = _("report sentences")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        from reports.narrative import check_sentence

        check_sentence(self.text)


class FrozenFigures(models.Model):
    """A locked period's registry report of one area (none: the whole country), written once at lock and read
    instead of recomputing it; unlocking the period drops them."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="frozen_figures")
    area = models.ForeignKey("units.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    report = models.JSONField()
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("frozen figures")
        verbose_name_plural = _("frozen figures")
        constraints = [models.UniqueConstraint(fields=["period", "area"], name="frozen_once_per_area", nulls_distinct=False)]

    def __str__(self):
        return f"{self.period} · {self.area or '—'}"
