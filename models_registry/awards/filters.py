import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.filters import StyledFilterSet, YearFilter
from danvan.search import search_q
from models_registry.awards.enums import ProposalStatus, RecipientKind
from models_registry.awards.forms import AwardFormChoiceField
from models_registry.awards.models import Award, AwardForm, AwardProposal, Recognition, RecognitionLevel
from models_registry.initiatives.enums import InitiativeKind
from models_registry.units.filters import AreaSubtreeFilter, SearchFilter


class AwardFormFilter(django_filters.ModelChoiceFilter):
    field_class = AwardFormChoiceField


class RecognitionFilter(StyledFilterSet):
    q = SearchFilter(fields=["initiative__name", "initiative__unit__name", "decision_no", "initiative__person_name"])
    area = AreaSubtreeFilter(area_field="initiative__unit__area")
    level = django_filters.ModelChoiceFilter(
        label=_("Recognition level"), queryset=RecognitionLevel.objects.all(), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        field_name="initiative__kind", label=_("Kind"), choices=InitiativeKind.choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("in_force", _("In force")), ("revoked", _("Revoked"))],
        method="filter_state",
        empty_label=_("All"),
    )
    year = YearFilter(field_name="decided_on__year", label=_("Year of decision"))
    outstanding = YearFilter(label=_("Outstanding in year"), method="filter_outstanding")

    class Meta:
        model = Recognition
        fields = ["q", "area", "level", "kind", "state", "year", "outstanding"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=value == "in_force")

    def filter_outstanding(self, queryset, name, value):
        return queryset.filter(initiative__outstanding_marks__year=value) if value else queryset


class AwardFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    area = AreaSubtreeFilter()
    award_form = AwardFormFilter(label=_("Award form"), queryset=AwardForm.objects.all(), empty_label=_("All"))
    recipient = django_filters.ChoiceFilter(
        label=_("Recipient"), choices=RecipientKind.choices, method="filter_recipient", empty_label=_("All")
    )
    year = YearFilter(field_name="year", label=_("Year of achievement"))
    decided_year = YearFilter(field_name="decided_on__year", label=_("Year of decision"))

    class Meta:
        model = Award
        fields = ["q", "area", "award_form", "recipient", "year", "decided_year"]

    def filter_q(self, queryset, name, value):
        fields = ["person_name", "initiative__name", "unit__name", "decision_no"]
        return queryset.filter(search_q(fields, value)) if value and value.strip() else queryset

    def filter_recipient(self, queryset, name, value):
        person = ~Q(person_name="")
        return queryset.filter(person if value == RecipientKind.INDIVIDUAL else ~person)


class ProposalFilter(StyledFilterSet):
    q = SearchFilter(fields=["title", "office__name"])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices, empty_label=_("All"))
    award_form = AwardFormFilter(label=_("Award form"), queryset=AwardForm.objects.all(), empty_label=_("All"))
    year = YearFilter(field_name="year", label=_("Year of achievement"))
    area = AreaSubtreeFilter(area_field="office__area", label=_("Office's area"))

    class Meta:
        model = AwardProposal
        fields = ["q", "status", "award_form", "year", "area"]
