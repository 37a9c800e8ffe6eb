"""Who may see and do what with evaluations and yearly reviews."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from danvan.accounts.access import area_q, in_scope
from models_registry.evaluations.enums import AppliesTo
from models_registry.evaluations.models import CriteriaSet, Criterion, Evaluation, YearlyReview
from models_registry.initiatives.access import initiatives_for
from models_registry.initiatives.enums import ACTIVE_STATUSES, Status
from models_registry.initiatives.models import Initiative

# A model is scored between its submission and its recognition; a recognised model's scores are final.
SCORABLE_STATUSES = (Status.SUBMITTED, Status.IN_PROGRESS)


def with_results(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Evaluations annotated with their total and counts, bands prefetched: `result` costs no query."""
    criteria_count = (
        Criterion.objects.filter(criteria_set=OuterRef("criteria_set"))
        .order_by()
        .values("criteria_set")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return evaluations.annotate(
        total_points=Sum("scores__points"),
        scored_count=Count("scores", filter=Q(scores__points__isnull=False)),
        criteria_count=Subquery(criteria_count),
    ).prefetch_related("criteria_set__bands")


def evaluations_for(user) -> QuerySet[Evaluation]:
    """The evaluations of models inside the user's area."""
    return Evaluation.objects.filter(area_q(user, "initiative__unit__area"))


def reviews_for(user) -> QuerySet[YearlyReview]:
    """The yearly reviews of models inside the user's area."""
    return YearlyReview.objects.filter(area_q(user, "initiative__unit__area"))


def reviewable_initiatives_for(user) -> QuerySet[Initiative]:
    """The active (in progress or recognised) models inside the user's area: what a yearly review covers."""
    return initiatives_for(user).filter(status__in=ACTIVE_STATUSES)


def applicable_sets(initiative) -> QuerySet[CriteriaSet]:
    """The active criteria sets for the model's kind, newest version first."""
    return CriteriaSet.objects.filter(is_active=True, applies_to__in=[initiative.kind, AppliesTo.BOTH]).order_by(
        "is_example", "name", "-version"
    )


def can_evaluate(user, initiative) -> bool:
    """Province staff score the models of their area until the model is recognised."""
    return (
        user.is_province_staff and user.works and initiative.status in SCORABLE_STATUSES and in_scope(user, initiative.unit.area)
    )


def can_edit_evaluation(user, evaluation) -> bool:
    """Only the evaluator edits their evaluation, and only while the model may still be scored."""
    return evaluation.evaluator_id == user.pk and can_evaluate(user, evaluation.initiative)


def can_review(user, initiative=None) -> bool:
    """District officers and province staff review the active models of their area each year."""
    if not user.can_edit_registry:
        return False
    return initiative is None or (initiative.status in ACTIVE_STATUSES and in_scope(user, initiative.unit.area))


def can_manage_criteria(user) -> bool:
    return user.is_administrator
