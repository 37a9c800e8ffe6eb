from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.collation import ViSortKey
from models_registry.evaluations.enums import AppliesTo, ReviewRating


class CriteriaSet(models.Model):
    """A versioned set of scoring criteria; once used for scoring it is frozen and only copied."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    phase = models.ForeignKey("initiatives.Phase", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("phase"))
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    applies_to = models.CharField(_("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.MODEL)
    pass_threshold = models.DecimalField(_("pass threshold"), max_digits=6, decimal_places=2)
    is_example = models.BooleanField(_("example set"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = [ViSortKey("name"), "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="criteriaset_name_version")]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("evaluations:criteria_set", args=[self.pk])

    def band_for(self, total: Decimal | None):
        """The highest band whose lower bound the total reaches (bands may be prefetched)."""
        if total is None:
            return None
        reached = [band for band in self.bands.all() if band.lower_bound <= total]
        return max(reached, key=lambda band: band.lower_bound, default=None)


class RatingBand(models.Model):
    """A rating (Xuất sắc, Tốt, Khá, Không đạt...) reached at or above a lower bound of total points."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("name"), max_length=60)
    lower_bound = models.DecimalField(_("lower bound"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        ordering = ["criteria_set", "-lower_bound"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "lower_bound"], name="band_unique_bound")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """One criterion of a set, scored from 0 to max_points."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    evidence_required = models.BooleanField(_("evidence required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "order"], name="criterion_unique_order"),
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self):
        return self.title


class Evaluation(models.Model):
    """One evaluator's scoring of one model on one criteria set; total and band are computed."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="evaluations")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations")
    overall_comment = models.TextField(_("overall comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "criteria_set", "evaluator"], name="evaluation_one_per_evaluator")
        ]

    def __str__(self):
        return f"{self.initiative} — {self.evaluator}"

    def get_absolute_url(self):
        return reverse("evaluations:detail", args=[self.pk])

    @property
    def result(self) -> "Result":
        """Total, band and completeness; cheap when the queryset came through `with_results`."""
        if not hasattr(self, "_result"):
            if hasattr(self, "total_points"):
                total, scored, count = self.total_points, self.scored_count, self.criteria_count
            else:
                scores = [s.points for s in self.scores.all()]
                scored_points = [p for p in scores if p is not None]
                total = sum(scored_points) if scored_points else None
                scored, count = len(scored_points), self.criteria_set.criteria.count()
            self._result = Result(total, self.criteria_set.band_for(total), scored, count or 0, self.criteria_set.pass_threshold)
        return self._result


@dataclass(frozen=True)
class Result:
    """What an evaluation adds up to: never typed, always computed from the scores."""

    total: Decimal | None
    band: RatingBand | None
    scored: int
    criteria: int
    pass_threshold: Decimal

    @property
    def complete(self) -> bool:
        return self.criteria > 0 and self.scored == self.criteria

    @property
    def passed(self) -> bool:
        return self.total is not None and self.total >= self.pass_threshold


class Score(models.Model):
    """Points for one criterion; NULL means not scored (never a sentinel number)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=models.Q(points__gte=0) | models.Q(points__isnull=True), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class YearlyReview(models.Model):
    """The yearly review (rà soát) of an active model: effective, needs strengthening or ineffective."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="yearly_reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=ReviewRating.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("yearly review")
        verbose_name_plural = _("yearly reviews")
        ordering = ["-year", "initiative"]
        constraints = [models.UniqueConstraint(fields=["initiative", "year"], name="review_one_per_year")]
        indexes = [models.Index(fields=["year", "rating"], name="review_year_rating")]

    def __str__(self):
        return f"{self.initiative} {self.year}: {self.get_rating_display()}"


def format_points(value) -> str:
    """Points the Vietnamese way without useless decimals: 7,5 and 10, never 10,00."""
    from django.utils.formats import number_format

    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(int(value), force_grouping=True)
    return number_format(value.normalize(), force_grouping=True)
