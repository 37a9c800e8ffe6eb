from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.audit.domain import entries_for
from danvan.audit.shown import trail
from danvan.collation import ViSortKey
from danvan.errors import DomainError
from danvan.lists import ScopedListView
from danvan.once import AlreadySubmitted, new_token, previous, submit_once, token_of
from models_registry.evaluations import documents, domain
from models_registry.evaluations.access import (
    applicable_sets,
    can_edit_evaluation,
    can_evaluate,
    can_manage_criteria,
    can_review,
    evaluations_for,
    reviewable_initiatives_for,
    with_results,
)
from models_registry.evaluations.enums import ReviewRating
from models_registry.evaluations.exporters import EVALUATION_COLUMNS
from models_registry.evaluations.filters import EvaluationFilter, ReviewFilter
from models_registry.evaluations.forms import DiscontinueForm, EvaluationForm, ReviewFormSet
from models_registry.evaluations.models import CriteriaSet, Evaluation, YearlyReview
from models_registry.evaluations.tables import EvaluationTable
from models_registry.initiatives.access import initiatives_for
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.workflow import StaleTransition

REVIEW_PAGE_SIZE = 50


class EvaluationListView(ScopedListView):
    filterset_class = EvaluationFilter
    table_class = EvaluationTable
    export_columns = EVALUATION_COLUMNS
    export_what = "cham-diem"
    export_key = "evaluations"
    template_name = "evaluations/list.html"

    title = gettext_lazy("Evaluations")

    def scoped_queryset(self):
        return with_results(
            evaluations_for(self.request.user).select_related("initiative__unit__area", "criteria_set", "evaluator")
        )


def evaluation_detail(request, pk):
    """One evaluation, criterion by criterion; ?export=docx: its score sheet (Phiếu chấm điểm) as a Word file."""
    evaluation = get_object_or_404(
        with_results(evaluations_for(request.user).select_related("initiative__unit__area", "criteria_set", "evaluator")),
        pk=pk,
    )
    scores = {s.criterion_id: s for s in evaluation.scores.all()}
    rows = [(criterion, scores.get(criterion.pk)) for criterion in evaluation.criteria_set.criteria.all()]
    if request.GET.get("export") == "docx":
        return documents.score_sheet_response(evaluation, rows)
    context = {
        "evaluation": evaluation,
        "initiative": evaluation.initiative,
        "rows": rows,
        "can_edit": can_edit_evaluation(request.user, evaluation),
        "audit": trail(entries_for(evaluation)[:30], Evaluation),
    }
    return render(request, "evaluations/detail.html", context)


def score(request, initiative_pk):
    """Score a model on a criteria set: the user's own evaluation, created on the first save."""
    initiative = get_object_or_404(initiatives_for(request.user).select_related("unit__area"), pk=initiative_pk)
    if not can_evaluate(request.user, initiative):
        raise PermissionDenied
    sets = list(applicable_sets(initiative))
    own = {e.criteria_set_id: e for e in initiative.evaluations.filter(evaluator=request.user).select_related("criteria_set")}
    for evaluation in own.values():
        if evaluation.criteria_set not in sets:
            sets.append(evaluation.criteria_set)
    if not sets:
        messages.error(request, _("No active criteria set applies to this model. Ask an administrator to activate one."))
        return redirect(initiative)
    criteria_set = _chosen_set(request, sets, own)
    evaluation = own.get(criteria_set.pk)
    form = EvaluationForm(request.POST or None, criteria=criteria_set.criteria.all(), evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = domain.save_evaluation(
                initiative,
                by=request.user,
                criteria_set=criteria_set,
                points=form.points(),
                comments=form.comments(),
                overall_comment=form.cleaned_data["overall_comment"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect(evaluation)
    context = {"initiative": initiative, "criteria_set": criteria_set, "sets": sets, "form": form, "evaluation": evaluation}
    return render(request, "evaluations/score.html", context)


def _chosen_set(request, sets, own):
    wanted = request.POST.get("criteria_set") or request.GET.get("set")
    for criteria_set in sets:
        if str(criteria_set.pk) == wanted:
            return criteria_set
    if wanted:
        raise Http404
    return next((s for s in sets if s.pk in own), sets[0])


# ---------------------------------------------------------------- criteria sets


def criteria_sets(request):
    sets = CriteriaSet.objects.select_related("phase").prefetch_related("bands", "criteria")
    return render(request, "evaluations/criteria_sets.html", {"sets": sets, "can_manage": can_manage_criteria(request.user)})


def criteria_set_detail(request, pk):
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("phase", "copied_from"), pk=pk)
    criteria = list(criteria_set.criteria.all())
    context = {
        "criteria_set": criteria_set,
        "criteria": criteria,
        "total": sum(c.max_points for c in criteria),
        "bands": criteria_set.bands.all(),
        "used": domain.is_used(criteria_set),
        "can_manage": can_manage_criteria(request.user),
        "once": new_token(),
    }
    return render(request, "evaluations/criteria_set.html", context)


@require_POST
def criteria_set_copy(request, pk):
    if not can_manage_criteria(request.user):
        raise PermissionDenied
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    if (done := previous(request)) is not None:  # a double click: the copy the first click made
        return redirect("admin:evaluations_criteriaset_change", done.pk)
    try:
        copy = submit_once(
            token_of(request), by=request.user, create=lambda: domain.copy_criteria_set(criteria_set, by=request.user)
        )
    except AlreadySubmitted as done:
        return redirect("admin:evaluations_criteriaset_change", done.record.pk)
    messages.success(request, _("Created %(set)s. Edit it, then activate it.") % {"set": copy})
    return redirect("admin:evaluations_criteriaset_change", copy.pk)


# ---------------------------------------------------------------- yearly review


def reviews(request):
    """The yearly review: the scope's active models, one row each, a rating and a note."""
    year = _year(request)
    base = (
        reviewable_initiatives_for(request.user)
        .select_related("unit__area")
        .order_by("unit__area__path", ViSortKey("name"), "pk")
    )
    # Always bound: with no query string the page opens on all the year's models to review, not on "0 mô hình".
    filterset = ReviewFilter(request.GET, queryset=base, request=request, year=year)
    page = Paginator(filterset.qs if filterset.is_valid() else base.none(), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    editable = can_review(request.user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        formset = ReviewFormSet(request.POST)
        if formset.is_valid():
            rows = _review_rows(request.user, year, [f.cleaned_data.get("initiative") for f in formset.forms])
            try:
                rest = ReviewRating.EFFECTIVE if "mark_rest_effective" in request.POST else None
                saved = domain.save_reviews(_review_inputs(formset, rows, rest), by=request.user, year=year)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(count)s reviews saved.") % {"count": len(saved)})
                return redirect(request.get_full_path())
        else:
            rows = _review_rows(request.user, year, [f["initiative"].value() for f in formset.forms])
    else:
        rows = _review_rows(request.user, year, [i.pk for i in page.object_list])
        formset = ReviewFormSet(initial=[_initial(i) for i in rows])
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        "filter": filterset,
        "page": page,
        "pairs": list(zip(rows, formset.forms, strict=True)),
        "formset": formset,
        "editable": editable,
        "ineffective": ReviewRating.INEFFECTIVE,
        "title": _("Yearly review %(year)s") % {"year": year},
    }
    return render(request, "evaluations/reviews.html", context)


def _review_rows(user, year, pks) -> list[Initiative]:
    """The scoped active models with these ids, in this order, with the year's review; any other id is a 404."""
    try:
        pks = [int(pk) for pk in pks]
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        reviewable_initiatives_for(user)
        .filter(pk__in=pks)
        .select_related("unit__area")
        .prefetch_related(Prefetch("yearly_reviews", YearlyReview.objects.filter(year=year), to_attr="this_year"))
        .in_bulk()
    )
    if len(found) != len(set(pks)):
        raise Http404
    return [found[pk] for pk in pks]


def _initial(initiative) -> dict:
    review = initiative.this_year[0] if initiative.this_year else None
    return {"initiative": initiative.pk, "rating": review.rating if review else "", "note": review.note if review else ""}


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _review_inputs(formset, rows, rest=None):
    """The rows the user rated; an empty rating leaves the row as it is, or takes `rest` ("mark the rest effective":
    one click rates the page, the rows the user set otherwise keep their rating)."""
    inputs = []
    for initiative, form in zip(rows, formset.forms, strict=True):
        rating = form.cleaned_data.get("rating") or (rest if not initiative.this_year else None)
        if rating:
            inputs.append(domain.ReviewInput(initiative, rating, form.cleaned_data.get("note", "")))
    return inputs


def review_discontinue(request, year, initiative_pk):
    """Discontinue a model the year's review found ineffective (a reason is required)."""
    initiative = get_object_or_404(reviewable_initiatives_for(request.user).select_related("unit__area"), pk=initiative_pk)
    review = get_object_or_404(YearlyReview, initiative=initiative, year=year)
    if not can_review(request.user, initiative):
        raise PermissionDenied
    form = DiscontinueForm(request.POST or None, initial={"reason": review.note})
    if request.method == "POST" and form.is_valid():
        try:
            domain.discontinue_after_review(initiative, by=request.user, year=year, reason=form.cleaned_data["reason"])
        except StaleTransition as error:
            messages.error(request, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("“%(name)s” was discontinued.") % {"name": initiative.name})
            return redirect(f"{reverse('evaluations:reviews')}?year={year}")
    context = {"initiative": initiative, "review": review, "year": year, "form": form}
    return render(request, "evaluations/discontinue.html", context)
