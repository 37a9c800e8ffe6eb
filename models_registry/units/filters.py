import django_filters
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from danvan.accounts.access import scope_for
from danvan.collation import ViSortKey
from danvan.filters import StyledFilterSet, YesNoFilter
from danvan.numbers import record_id
from danvan.pickers import PickerWidget, use_picker
from danvan.search import search_q
from models_registry.units.access import areas_for, areas_need_picker
from models_registry.units.enums import UnitKind
from models_registry.units.fields import AREA_LABEL_FIELDS, AreaChoiceField
from models_registry.units.models import Unit


class AreaSubtreeFilter(django_filters.ModelChoiceFilter):
    """Keeps rows whose area lies under the chosen area; choices limited to the user's scope, by label, grouped
    "Hiện nay" / "Trước 01/07/2025"."""

    field_class = AreaChoiceField

    def __init__(self, *args, area_field="area", **kwargs):
        self.area_field = area_field
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("queryset", self.offered_areas)
        super().__init__(*args, **kwargs)

    def offered_areas(self, request):
        """The user's area, the level under it, the inherited areas (with the level under them) and the area asked
        for: a select of every commune of a province (or of the country: 14,000 areas) would weigh megabytes. Any
        area of the scope is still accepted by URL."""
        scope = scope_for(request.user)
        root = scope.area
        if root:
            roots = [area.pk for area in scope.roots]
            shown = Q(pk__in=roots) | Q(parent__in=roots)
        else:
            shown = Q(parent__isnull=True)
        asked = record_id(request.GET.get(self.field_name))
        if asked is not None:
            shown |= Q(pk=asked)
        first = [Case(When(pk=root.pk, then=Value(0)), default=Value(1))] if root else []
        areas = areas_for(request.user).filter(shown).select_related(None).only(*AREA_LABEL_FIELDS)
        return areas.order_by(*first, ViSortKey("name"), "pk")  # the user's own area, then the others by name

    @property
    def field(self):
        """A province's level under it runs past a hundred communes (and its former districts): a picker there."""
        field = super().field
        request = self.parent.request if self.parent else None
        if request is not None and areas_need_picker(request.user) and not isinstance(field.widget, PickerWidget):
            use_picker(field, "pickers:areas", lambda area: area.label)
        return field

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.area_field}__path__startswith": value.path})


class SearchFilter(django_filters.CharFilter):
    """Diacritics-insensitive search over several text fields."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(search_q(self.search_fields, value)) if value and value.strip() else qs


class UnitFilter(StyledFilterSet):
    q = SearchFilter(fields=["name", "code", "address"])
    area = AreaSubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Unit kind"), empty_label=_("All"))
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "area", "kind", "is_active"]
