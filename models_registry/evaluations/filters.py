import django_filters
from django.utils.translation import gettext_lazy as _

from danvan.filters import StyledFilterSet, YearFilter, YesNoFilter
from models_registry.evaluations.enums import ReviewRating
from models_registry.evaluations.models import CriteriaSet, Evaluation
from models_registry.initiatives.enums import ACTIVE_STATUSES, Status
from models_registry.initiatives.models import Initiative
from models_registry.units.filters import AreaSubtreeFilter, SearchFilter


class EvaluationFilter(StyledFilterSet):
    q = SearchFilter(fields=["initiative__name", "initiative__code", "initiative__unit__name"])
    area = AreaSubtreeFilter(area_field="initiative__unit__area")
    criteria_set = django_filters.ModelChoiceFilter(
        label=_("Criteria set"), queryset=CriteriaSet.objects.all(), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        field_name="initiative__status", label=_("Status of the model"), choices=Status.choices, empty_label=_("All")
    )
    mine = YesNoFilter(label=_("Only my evaluations"), method="filter_mine")
    year = YearFilter(field_name="updated_at__year", label=_("Year scored"))

    class Meta:
        model = Evaluation
        fields = ["q", "area", "criteria_set", "status", "mine", "year"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(evaluator=self.request.user) if value else queryset


class ReviewFilter(StyledFilterSet):
    """Filters of the yearly review page (over the active models of the scope)."""

    q = SearchFilter(fields=["name", "code", "unit__name"])
    area = AreaSubtreeFilter(area_field="unit__area")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in Status.choices if c[0] in ACTIVE_STATUSES], empty_label=_("All")
    )
    rating = django_filters.ChoiceFilter(
        label=_("Rating this year"),
        choices=[("none", _("Not reviewed yet")), *ReviewRating.choices],
        method="filter_rating",
        empty_label=_("All"),
    )

    class Meta:
        model = Initiative
        fields = ["q", "area", "status", "rating"]

    def __init__(self, *args, year, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def filter_rating(self, queryset, name, value):
        if value == "none":
            return queryset.exclude(yearly_reviews__year=self.year)
        return queryset.filter(yearly_reviews__year=self.year, yearly_reviews__rating=value)
