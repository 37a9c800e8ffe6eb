"""Business rules for criteria sets, scoring and yearly reviews; every change is recorded."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.audit.domain import record
from danvan.errors import DomainError
from models_registry.evaluations.access import applicable_sets, can_evaluate, can_review
from models_registry.evaluations.enums import ReviewRating
from models_registry.evaluations.models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    RatingBand,
    Score,
    YearlyReview,
    format_points,
)
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.workflow import change_status

# ---------------------------------------------------------------- criteria sets


def is_used(criteria_set: CriteriaSet) -> bool:
    """A set used by an evaluation is frozen: its scores must keep their meaning."""
    return criteria_set.pk is not None and criteria_set.evaluations.exists()


def check_editable(criteria_set: CriteriaSet) -> None:
    """Raise when the set was already used for scoring."""
    if is_used(criteria_set):
        raise DomainError(_("This criteria set was already used for scoring: it cannot be changed, only copied."))


@transaction.atomic
def copy_criteria_set(criteria_set: CriteriaSet, *, by) -> CriteriaSet:
    """A new, inactive version of the set with the same bands and criteria, ready to be edited."""
    CriteriaSet.objects.select_for_update().filter(name=criteria_set.name).order_by("pk").first()  # versions in turn
    latest = CriteriaSet.objects.filter(name=criteria_set.name).aggregate(v=Max("version"))["v"] or 0
    copy = CriteriaSet.objects.create(
        name=criteria_set.name,
        version=latest + 1,
        phase=criteria_set.phase,
        year_from=criteria_set.year_from,
        year_to=criteria_set.year_to,
        applies_to=criteria_set.applies_to,
        pass_threshold=criteria_set.pass_threshold,
        is_example=False,
        is_active=False,
        copied_from=criteria_set,
    )
    RatingBand.objects.bulk_create(
        RatingBand(criteria_set=copy, name=b.name, lower_bound=b.lower_bound) for b in criteria_set.bands.all()
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=copy,
            order=c.order,
            title=c.title,
            guidance=c.guidance,
            max_points=c.max_points,
            evidence_required=c.evidence_required,
        )
        for c in criteria_set.criteria.all()
    )
    record(copy, by=by, action="create", changes={"copied_from": [None, str(criteria_set)]})
    return copy


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Mean:
    """The mean total of a model's evaluations on one criteria set."""

    criteria_set: CriteriaSet
    total: Decimal | None
    count: int

    @property
    def band(self):
        return self.criteria_set.band_for(self.total)


def means_by_set(evaluations) -> list[Mean]:
    """One mean per criteria set over the evaluations that have a total (totals of different sets never mix)."""
    groups = defaultdict(list)
    for evaluation in evaluations:
        if evaluation.result.total is not None:
            groups[evaluation.criteria_set].append(evaluation.result.total)
    return [
        Mean(criteria_set, (sum(totals) / len(totals)).quantize(Decimal("0.01")), len(totals))
        for criteria_set, totals in groups.items()
    ]


def save_evaluation(
    initiative: Initiative, *, by, criteria_set: CriteriaSet, points: dict, comments: dict, overall_comment: str = ""
) -> Evaluation:
    """Create or update the actor's own evaluation of the model on the set.

    `points` maps criterion id to Decimal or None (not scored); `comments` maps criterion id to text.
    """
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().select_related("unit__area").get(pk=initiative.pk)
        if not can_evaluate(by, initiative):
            raise DomainError(_("You cannot score this model now: it must be submitted or in progress, in your area."))
        evaluation = (
            Evaluation.objects.select_for_update().filter(initiative=initiative, criteria_set=criteria_set, evaluator=by).first()
        )
        if evaluation is None and not applicable_sets(initiative).filter(pk=criteria_set.pk).exists():
            raise DomainError(_("This criteria set does not apply to this model."))
        criteria = list(criteria_set.criteria.all())
        _check_points(criteria, points)
        created = evaluation is None
        if created:
            evaluation = Evaluation.objects.create(
                initiative=initiative, criteria_set=criteria_set, evaluator=by, overall_comment=overall_comment
            )
        changes = _write_scores(evaluation, criteria, points, comments, overall_comment)
        evaluation.save()
        evaluation.__dict__.pop("_result", None)
        record(evaluation, by=by, action="create" if created else "update", changes=changes)
    return evaluation


def _check_points(criteria: list[Criterion], points: dict) -> None:
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is not None and not (0 <= value <= criterion.max_points):
            raise DomainError(
                _("Points for “%(title)s” must be between 0 and %(max)s.")
                % {"title": criterion.title, "max": format_points(criterion.max_points)}
            )


def _write_scores(evaluation: Evaluation, criteria, points: dict, comments: dict, overall_comment: str) -> dict:
    """Upsert one score row per criterion; returns {label: [old, new]} for what changed."""
    existing = {score.criterion_id: score for score in evaluation.scores.all()}
    changes = {}
    for criterion in criteria:
        new_points, new_comment = points.get(criterion.pk), (comments.get(criterion.pk) or "").strip()
        score = existing.get(criterion.pk) or Score(evaluation=evaluation, criterion=criterion)
        old_points, old_comment = score.points, score.comment
        if score.pk and old_points == new_points and old_comment == new_comment:
            continue
        score.points, score.comment = new_points, new_comment
        score.save()
        if old_points != new_points:
            changes[f"{criterion.order}. {criterion.title}"[:80]] = [_number(old_points), _number(new_points)]
    if evaluation.overall_comment != overall_comment.strip():
        changes["overall_comment"] = [evaluation.overall_comment, overall_comment.strip()]
        evaluation.overall_comment = overall_comment.strip()
    return changes


def _number(value):
    return None if value is None else f"{value.normalize():f}" if isinstance(value, Decimal) else value


# ---------------------------------------------------------------- yearly reviews


@dataclass(frozen=True)
class ReviewInput:
    initiative: Initiative
    rating: str
    note: str = ""


def save_reviews(rows: list[ReviewInput], *, by, year: int) -> list[YearlyReview]:
    """Record the year's review of several models in one transaction: all saved or none."""
    saved = []
    with transaction.atomic():
        for row in rows:
            saved.append(_save_review(row, by=by, year=year))
    return saved


def _save_review(row: ReviewInput, *, by, year: int) -> YearlyReview:
    if not can_review(by, row.initiative):
        raise DomainError(_("“%(name)s” cannot be reviewed by you.") % {"name": row.initiative.name})
    if row.rating not in ReviewRating.values:
        raise DomainError(_("Choose a rating for “%(name)s”.") % {"name": row.initiative.name})
    # Lock the model's row first: two saves of the same review at once then read and insert one after the other
    # (locking the review row alone locks nothing while it does not exist yet).
    Initiative.objects.select_for_update().filter(pk=row.initiative.pk).first()
    review = YearlyReview.objects.filter(initiative=row.initiative, year=year).first()
    note = (row.note or "").strip()
    if review is None:
        review = YearlyReview.objects.create(initiative=row.initiative, year=year, rating=row.rating, note=note, reviewed_by=by)
        record(review, by=by, action="create", changes={"rating": [None, review.rating], "note": [None, note]})
        return review
    changes = {k: [getattr(review, k), v] for k, v in (("rating", row.rating), ("note", note)) if getattr(review, k) != v}
    if changes:
        review.rating, review.note, review.reviewed_by = row.rating, note, by
        review.save()
        record(review, by=by, action="update", changes=changes)
    return review


def discontinue_after_review(initiative: Initiative, *, by, year: int, reason: str):
    """Discontinue a model the year's review found ineffective, through the workflow."""
    if not YearlyReview.objects.filter(initiative=initiative, year=year, rating=ReviewRating.INEFFECTIVE).exists():
        raise DomainError(_("Only a model reviewed as ineffective this year can be discontinued from the review."))
    return change_status(initiative, Status.DISCONTINUED, by=by, note=reason)
