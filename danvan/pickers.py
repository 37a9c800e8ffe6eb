"""Type-ahead pickers for choices that can run into hundreds (units, models, people, areas).

A picker is a hidden input holding the chosen id and a search box that asks one of the endpoints below for at
most MAX_RESULTS matches (htmx, static/js/picker.js). Each endpoint narrows its rows with the registry's access
functions, so it offers exactly what the form accepts; the form still validates the id against its queryset.
"""

from django import forms
from django.db.models import F, Q
from django.db.models.functions import Length
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from danvan.collation import ViSortKey
from danvan.numbers import record_id
from danvan.search import normalise_text, search_q
from models_registry.initiatives.access import initiatives_for
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.units.access import areas_for, units_for
from models_registry.units.fields import AREA_LABEL_FIELDS

AREA_FIELDS_OF_UNIT = tuple(f"area__{f}" for f in AREA_LABEL_FIELDS if f != "pk")  # what a unit's area label reads

MAX_RESULTS = 20
# Which models a model picker offers: the same groups the forms accept.
MODEL_GROUPS = {
    "recognised": Q(status=Status.RECOGNISED),
    "registered": Q(status__in=[Status.IN_PROGRESS, Status.RECOGNISED, Status.DISCONTINUED]),
    "persons": Q(status=Status.RECOGNISED, kind=InitiativeKind.EXEMPLAR) & ~Q(person_name=""),
}


def unit_label(unit) -> str:
    return f"{unit.name} · {unit.area.label}"


def model_label(initiative) -> str:
    """A model in a picker: many units run a model of the same name, so its unit and commune go beside it."""
    return f"{initiative.name} — {initiative.unit.name} · {initiative.unit.area.label}"


def person_label(initiative) -> str:
    return f"{initiative.person_name} — {initiative.name}"


class PickerWidget(forms.Widget):
    """A search box and a hidden id in place of a <select>: only the chosen option is drawn with the page."""

    template_name = "includes/picker.html"

    def __init__(self, url_name: str, query: str = "", attrs=None):
        super().__init__(attrs)
        self.url_name, self.query = url_name, query

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = reverse(self.url_name) + (f"?{self.query}" if self.query else "")
        context["widget"]["label"] = self.chosen_label(value)
        return context

    def chosen_label(self, value) -> str:
        """The label of the chosen id, read through the field's own queryset (so never outside the scope)."""
        field = getattr(self.choices, "field", None)
        pk = record_id(value)
        if field is None or pk is None:
            return ""
        chosen = field.queryset.filter(pk=pk).first()
        return field.label_from_instance(chosen) if chosen else ""

    def render(self, name, value, attrs=None, renderer=None):
        """Drawn with the site's templates (the form renderer only knows Django's own widget templates)."""
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308

    def value_from_datadict(self, data, files, name):
        return data.get(name)


def use_picker(field: forms.ModelChoiceField, url_name: str, label=None, query: str = "") -> None:
    """Draw a model choice field as a picker; `label` draws each choice (the endpoint uses the same)."""
    field.widget = PickerWidget(url_name, query, attrs={"class": "form-control"})
    field.widget.choices = field.choices
    if label:
        field.label_from_instance = label


LABEL_PUNCTUATION = str.maketrans(dict.fromkeys("—·()", " "))


def _term(request) -> str:
    """The text typed in the picker's search box (its name ends with "-search"), without the punctuation of the
    labels: a label typed back ("Tổ hòa giải — UBND xã Đặng Xá · Đặng Xá") finds its own row."""
    typed = next((value for key, value in request.GET.items() if key.endswith("-search")), request.GET.get("q", ""))
    return normalise_text(typed).translate(LABEL_PUNCTUATION)[:100]


def _results(request, rows, label) -> object:
    options = [(row.pk, label(row)) for row in rows[:MAX_RESULTS]]
    return render(request, "includes/picker_results.html", {"options": options, "term": _term(request)})


@require_GET
def pick_units(request):
    """Active units of the user's area whose name or code holds the typed words."""
    rows = units_for(request.user).filter(is_active=True).select_related("area").only("pk", "name", *AREA_FIELDS_OF_UNIT)
    if term := _term(request):
        rows = rows.filter(search_q(["name", "code", "area__name"], term))
    return _results(request, rows.order_by(ViSortKey("name"), "pk"), unit_label)


@require_GET
def pick_models(request):
    """Models of the user's area in one of MODEL_GROUPS, shown with their unit and commune (or the person)."""
    group = request.GET.get("group", "registered")
    rows = initiatives_for(request.user).filter(MODEL_GROUPS.get(group, MODEL_GROUPS["registered"]))
    rows = rows.select_related("unit__area").only(
        "pk", "name", "person_name", "unit__name", *(f"unit__{f}" for f in AREA_FIELDS_OF_UNIT)
    )
    fields = ["name", "unit__name", "unit__area__name"] + (["person_name"] if group == "persons" else [])
    if term := _term(request):
        rows = rows.filter(search_q(fields, term))
    label = person_label if group == "persons" else model_label
    return _results(request, rows.order_by(ViSortKey("name"), ViSortKey("unit__name"), "pk"), label)


@require_GET
def pick_areas(request):
    """Areas of the user's scope whose name holds the typed words: today's first, then the former ones (each named with
    its end), the upper levels first."""
    rows = areas_for(request.user).only(*AREA_LABEL_FIELDS)
    if term := _term(request):
        rows = rows.filter(search_q(["name"], term))
    rows = rows.order_by(F("valid_to").asc(nulls_first=True), Length("path"), ViSortKey("name"), "pk")
    return _results(request, rows, lambda area: area.label)


app_name = "pickers"
urlpatterns = [
    path("units/", pick_units, name="units"),
    path("models/", pick_models, name="models"),
    path("areas/", pick_areas, name="areas"),
]
