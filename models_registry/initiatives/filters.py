import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.filters import StyledFilterSet
from danvan.numbers import record_id
from danvan.search import search_q
from models_registry.initiatives.access import recognition_in_force
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.initiatives.models import Field, Initiative, Phase
from models_registry.units.enums import UnitKind
from models_registry.units.filters import AreaSubtreeFilter, SearchFilter

SEARCH_FIELDS = ["name", "content_method", "goals", "situation"]
FIRST_YEAR = 2016  # the movement's first phase


def registration_years():
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class UnitNameFilter(django_filters.CharFilter):
    """A unit by name or code (any case, with or without diacritics), or by its number: a text box, since a
    province holds thousands of units and the country 100,000 (a select of them all would weigh megabytes)."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        unit_id = record_id(value)
        if unit_id is not None:
            return qs.filter(Q(unit_id=unit_id) | Q(unit__code=value))
        return qs.filter(search_q(["unit__name", "unit__code"], value))


class InitiativeFilter(StyledFilterSet):
    q = SearchFilter(fields=SEARCH_FIELDS, label=_("Search name and content"))
    area = AreaSubtreeFilter(area_field="unit__area")
    unit_kind = django_filters.ChoiceFilter(
        field_name="unit__kind", choices=UnitKind.choices, label=_("Unit kind"), empty_label=_("All")
    )
    unit = UnitNameFilter(label=_("Unit"))
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label=_("Model or exemplar"), empty_label=_("All"))
    field = django_filters.ModelChoiceFilter(queryset=Field.objects.all(), label=_("Field"), empty_label=_("All"))
    phase = django_filters.ModelChoiceFilter(queryset=Phase.objects.all(), label=_("Phase"), empty_label=_("All"))
    status = django_filters.MultipleChoiceFilter(
        distinct=False,  # one status per row: DISTINCT would only make Postgres sort every matching row
        choices=Status.choices,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "me-1"}),
    )
    year = django_filters.ChoiceFilter(
        field_name="registered_on",
        lookup_expr="year",
        choices=registration_years,
        label=_("Year of registration"),
        empty_label=_("All"),
    )
    recognised = django_filters.ChoiceFilter(
        choices=[("yes", _("Recognised")), ("no", _("Not recognised"))],
        method="filter_recognised",
        label=_("Recognition"),
        empty_label=_("All"),
    )

    class Meta:
        model = Initiative
        fields = ["q", "area", "unit_kind", "unit", "kind", "field", "phase", "status", "year", "recognised"]

    def filter_recognised(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(recognition_in_force())
        if value == "no":
            return queryset.filter(~recognition_in_force())
        return queryset


class ReviewQueueFilter(StyledFilterSet):
    q = SearchFilter(fields=SEARCH_FIELDS, label=_("Search name and content"))
    area = AreaSubtreeFilter(area_field="unit__area")
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label=_("Model or exemplar"), empty_label=_("All"))
    field = django_filters.ModelChoiceFilter(queryset=Field.objects.all(), label=_("Field"), empty_label=_("All"))

    class Meta:
        model = Initiative
        fields = ["q", "area", "kind", "field"]
