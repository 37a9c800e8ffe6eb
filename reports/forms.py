from django import forms
from django.utils.translation import gettext_lazy as _

from danvan import numbers
from danvan.forms import BootstrapMixin, CleanTextMixin
from danvan.once import OnceField
from danvan.versions import VersionField
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field, Phase
from reports.enums import PeriodKind
from reports.models import ActivityIndicator, ReportPeriod

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


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
