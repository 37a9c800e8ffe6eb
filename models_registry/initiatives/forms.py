import json

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan import numbers
from danvan.errors import DomainError
from danvan.forms import BootstrapMixin, CleanTextMixin
from danvan.once import OnceField
from danvan.pickers import unit_label, use_picker
from danvan.versions import VersionField, version
from danvan.vietnamese import DATE_FORMAT
from models_registry.initiatives import domain
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field, Initiative
from models_registry.units.access import units_for

# The registration form in the order of the provincial forms, one card per section.
SECTIONS = [
    (
        _("General information"),
        _("A draft can be saved with only the kind, the name and the unit; the rest is needed to submit it."),
        ["kind", "name", "unit", "field", "phase", "registered_on", "started_on"],
    ),
    (
        _("Exemplar person"),
        _("Only for an exemplar: the person (or collective) the exemplar is about."),
        domain.PERSON_FIELDS,
    ),
    (
        _("Registration content"),
        _("Write as in the registration form sent to the launching office; each box may be as long as needed."),
        domain.CONTENT_FIELDS,
    ),
    (
        _("Measurable results"),
        _("Optional; whole numbers, not negative. Reports add these up."),
        domain.RESULT_FIELDS,
    ),
]

HELP_TEXTS = {
    "name": _("E.g. “Dân vận khéo trong hiến đất mở rộng đường giao thông nông thôn”."),
    "unit": _("The commune, agency, enterprise, armed-forces unit or mass organisation that builds the model."),
    "registered_on": _("The date of the registration with the launching office."),
    "started_on": _("When the work on the ground began."),
    "situation": _("The local situation, the difficulty to solve, and why this model was chosen."),
    "goals": _("What the model aims at, with criteria that can be measured (numbers, deadlines)."),
    "content_method": _("What is done and how: steps, ways of mobilising people, who does what."),
    "place_target": _("Where it takes place and which people it is for."),
    "lead_force": _("The body or organisation that leads the work."),
    "partner_forces": _("Organisations that work together with the lead force."),
    "participating_forces": _("Party members, associations, households, people taking part."),
    "resources_timeline": _("Money, materials and labour, and the stages with their dates."),
    "expected_outputs": _("What should be achieved, in numbers where possible."),
    "sustainability": _("How the model keeps going and how others can copy it."),
    "money_mobilised": _("In đồng, e.g. 1.250.000.000."),
    "land_donated_m2": _("In square metres."),
    "person_contact": _("Phone or address; shown only inside the office's area, never in the public showcase."),
}

RESULT_ERRORS = {
    "invalid": _("Enter a whole number, e.g. 1.250.000."),
    "min_value": _("It cannot be negative."),
}

EVIDENCE_ACCEPT = ",".join(sorted(domain.EVIDENCE_TYPES))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT, "data-max-bytes": domain.MAX_EVIDENCE_BYTES})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data] if data else []
        uploads = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]
        errors = []
        for upload in uploads:
            try:
                domain.detect_evidence_type(upload)
            except DomainError as error:
                errors.append(error.message)
        if errors:
            raise ValidationError(errors)
        return uploads


class InitiativeForm(BootstrapMixin, CleanTextMixin, forms.ModelForm):
    """Register or edit a model; `submitting` demands what a submission needs."""

    seen = VersionField()
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Word, Excel, JPEG or PNG; at most 10 MB each. You may choose several files."),
    )

    class Meta:
        model = Initiative
        fields = domain.TRACKED_FIELDS
        widgets = {
            # Text, not type=date: browsers draw a date box in the computer's locale (often mm/dd/yyyy).
            "registered_on": forms.DateInput(attrs={"placeholder": "30/06/2025", "inputmode": "numeric"}, format=DATE_FORMAT),
            "started_on": forms.DateInput(attrs={"placeholder": "30/06/2025", "inputmode": "numeric"}, format=DATE_FORMAT),
            "name": forms.TextInput(),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in domain.CONTENT_FIELDS},
        }
        help_texts = HELP_TEXTS
        field_classes = dict.fromkeys(domain.RESULT_FIELDS, numbers.IntegerField)

    def __init__(self, *args, user, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.submit_required = set(domain.REQUIRED_TO_SUBMIT + domain.REQUIRED_TO_SUBMIT_EXEMPLAR)
        units = units_for(user).filter(is_active=True).select_related("area")
        fields = Field.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["seen"].initial = version(self.instance)
            units = units | units_for(user).filter(pk=self.instance.unit_id).select_related("area")
            fields = fields | Field.objects.filter(pk=self.instance.field_id)
            self.fields["remove_files"] = forms.ModelMultipleChoiceField(
                label=_("Remove these files"),
                queryset=self.instance.evidence_files.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            self.fields["registered_on"].initial = timezone.localdate()
            self.fields["once"] = OnceField()
        self.fields["unit"].queryset = units.distinct()
        use_picker(self.fields["unit"], "pickers:units", unit_label)
        self.fields["field"].queryset = fields.distinct()
        for name in domain.RESULT_FIELDS:
            self.fields[name].error_messages.update(RESULT_ERRORS)
        self.fields["kind"].widget.attrs["data-kind-select"] = "1"
        self._live_similar_check()

    def _live_similar_check(self):
        """htmx asks the server for similar names in the chosen unit while the officer types."""
        attrs = {
            "hx-get": reverse("initiatives:similar"),
            "hx-include": "#id_name, input[name=unit]",
            "hx-target": "#similar-live",
            "hx-vals": json.dumps({"exclude": self.instance.pk or ""}),
        }
        # The unit is a picker: its hidden id sends "change" when a unit is picked.
        trigger = "input changed delay:700ms, change, change from:input[name=unit]"
        self.fields["name"].widget.attrs.update(attrs, **{"hx-trigger": trigger})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == InitiativeKind.MODEL:
            for name in domain.PERSON_FIELDS:
                cleaned[name] = ""  # a collective model carries no personal data
        if self.submitting:
            kind = cleaned.get("kind") or InitiativeKind.MODEL
            for name in domain.required_for_submission(kind):
                if name in self.fields and cleaned.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Required before the model can be submitted."))
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def sections(self):
        """(title, description, bound fields) per section, for the template."""
        return [(title, text, [self[name] for name in names if name in self.fields]) for title, text, names in SECTIONS]


class SimilarNameForm(forms.Form):
    """The "save anyway" tick shown when the unit already has a model with a very similar name."""

    confirm_similar = forms.BooleanField(label=_("I have checked: this is a different model, save it anyway"), required=False)


class MoveForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label=_("Reason / note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplicateForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit that will build the copy"), queryset=None)
    once = OnceField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user).filter(is_active=True).select_related("area")
        use_picker(self.fields["unit"], "pickers:units", unit_label)
