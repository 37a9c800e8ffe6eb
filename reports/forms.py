from django import forms
from django.utils.translation import gettext_lazy as _

from danvan import numbers
from danvan.forms import BootstrapMixin, CleanTextMixin
from danvan.once import OnceField
from danvan.versions import VersionField
from danvan.vietnamese import DATE_FORMAT
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field, Phase
from models_registry.units.enums import UnitKind
from models_registry.units.models import Area
from reports import figures
from reports.enums import PeriodKind
from reports.models import ActivityIndicator, ReportPeriod

DATE_WIDGET = forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class PeriodForm(BootstrapMixin, CleanTextMixin, forms.Form):
    """A new period; empty dates take the kind's usual window."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices)
    once = OnceField()
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.all(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET, help_text=_("Leave empty for the usual dates."))
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    due_on = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PeriodKind.PHASE and not cleaned.get("phase"):
            self.add_error("phase", _("Choose the phase of a five-year period."))
        if cleaned.get("kind") != PeriodKind.PHASE and not cleaned.get("year"):
            self.add_error("year", _("Enter the year."))
        if bool(cleaned.get("start")) != bool(cleaned.get("end")):
            self.add_error("end", _("Give both dates of a shifted window, or neither."))
        return cleaned


class PeriodEditForm(BootstrapMixin, forms.ModelForm):
    """Shift a period's window or its due date."""

    class Meta:
        model = ReportPeriod
        fields = ["start", "end", "due_on"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET, "due_on": DATE_WIDGET}


class ReportForm(BootstrapMixin, CleanTextMixin, forms.Form):
    """An office's period report: one whole-number field per activity indicator, and the narrative."""

    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    shortcomings = forms.CharField(label=_("Shortcomings and causes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    directions = forms.CharField(
        label=_("Directions for the next period"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    seen = VersionField()

    def __init__(self, *args, indicators, **kwargs):
        self.indicators = list(indicators)
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self.fields[self.field_name(indicator)] = numbers.IntegerField(
                label=indicator.name, min_value=0, max_value=10**15, required=False, help_text=indicator.unit_of_measure
            )

    @staticmethod
    def field_name(indicator: ActivityIndicator) -> str:
        return f"indicator_{indicator.pk}"

    def indicator_fields(self):
        return [self[self.field_name(i)] for i in self.indicators]

    def values(self) -> dict:
        return {i: self.cleaned_data.get(self.field_name(i)) for i in self.indicators}


class ReturnForm(BootstrapMixin, CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportFilterForm(BootstrapMixin, forms.Form):
    """Narrow a report page to one kind and/or one field."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Models and exemplars")), *InitiativeKind.choices], required=False)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.all(), required=False, empty_label=_("All fields"))


def _choices_with_none(values) -> list[tuple[str, str]]:
    return [(str(v), str(v)) for v in values] + [(figures.NONE, figures.NONE)]


class DrillDownForm(forms.Form):
    """The parameters of a figure's drill-down link: which figure, which cell, this period or the year before.
    Any value the report never writes (an unknown figure, a child outside the scope) makes the view a 404."""

    figure = forms.CharField()
    child = forms.IntegerField(required=False)
    unit_kind = forms.ChoiceField(required=False, choices=_choices_with_none(UnitKind.values))
    cell_kind = forms.ChoiceField(required=False, choices=_choices_with_none(InitiativeKind.values))
    cell_field = forms.ChoiceField(required=False)
    prev = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell_field"].choices = _choices_with_none(Field.objects.values_list("pk", flat=True))

    def clean_figure(self):
        column = self.cleaned_data["figure"]
        try:
            self.cleaned_data["parsed"] = figures.parse_column(column)
        except KeyError:
            raise forms.ValidationError("unknown figure") from None
        return column

    def cell(self, scope) -> figures.Cell | None:
        """The cell of the link; None for a child area that is not a child of the scope."""
        data = self.cleaned_data
        code = None
        if data["child"] is not None:
            if scope is not None and scope.pk == data["child"]:
                code = ""
            else:
                parent = {"parent": scope} if scope is not None else {"parent__isnull": True}
                code = Area.objects.filter(pk=data["child"], **parent).values_list("code", flat=True).first()
                if code is None:
                    return None
        return figures.Cell(
            child=code,
            unit_kind=data["unit_kind"] or None,
            kind=data["cell_kind"] or None,
            field_id=data["cell_field"] or None,
        )
