"""The evaluations panel of a model's detail page: a few queries, however many evaluations."""

from django import template

from models_registry.evaluations import domain
from models_registry.evaluations.access import can_evaluate, can_review, with_results
from models_registry.evaluations.models import format_points

register = template.Library()


@register.inclusion_tag("evaluations/_panel.html", takes_context=True)
def evaluations_panel(context, initiative):
    user = context["user"]
    evaluations = list(
        with_results(initiative.evaluations.select_related("criteria_set", "evaluator")).order_by("criteria_set", "pk")
    )
    own = {e.criteria_set_id for e in evaluations if e.evaluator_id == user.pk}
    return {
        "initiative": initiative,
        "user": user,
        "evaluations": evaluations,
        "means": domain.means_by_set(evaluations),
        "reviews": list(initiative.yearly_reviews.all()[:10]),
        "can_score": can_evaluate(user, initiative),
        "has_own": bool(own),
        "can_review": can_review(user, initiative),
    }


@register.filter
def points(value):
    """7,5 and 10 — never 10,00."""
    return format_points(value)
