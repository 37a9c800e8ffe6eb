from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.collation import ViSortKey
from danvan.errors import DomainError
from danvan.forms import BootstrapMixin, CleanTextMixin
from danvan.once import OnceField
from danvan.pickers import model_label, person_label, unit_label, use_picker
from danvan.vietnamese import DATE_FORMAT
from models_registry.awards.access import levels_for
from models_registry.awards.domain import Recipient, check_decision_file
from models_registry.awards.models import AwardForm
from models_registry.initiatives.access import initiatives_for
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.units.access import areas_for, units_for
from models_registry.units.fields import AREA_LABEL_FIELDS, AreaChoiceField


def _date_input():
    return forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


class DecisionFileField(forms.FileField):
    """A scanned decision: PDF, image or Word by its content, at most 10 MB (the domain's check, shown on the field)."""

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and hasattr(file, "size"):
            try:
                check_decision_file(file)
            except DomainError as error:
                raise forms.ValidationError(error.message) from None
        return file


class DecisionFields(forms.Form):
    decision_no = forms.CharField(label=_("Decision number"), max_length=60, help_text=_("E.g. 125-QĐ/BDVTU"))
    decided_on = forms.DateField(label=_("Decision date"), widget=_date_input())
    signer = forms.CharField(label=_("Signer"), max_length=150, help_text=_("Name (and position) of who signed it"))
    file = DecisionFileField(label=_("Decision file"), required=False)

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        return value


class RecognitionForm(BootstrapMixin, CleanTextMixin, DecisionFields):
    level = forms.ModelChoiceField(label=_("Recognition level"), queryset=None, empty_label=None)
    field_order = ["level", "decision_no", "decided_on", "signer", "file"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels_for(user)


class RevokeForm(BootstrapMixin, CleanTextMixin, DecisionFields):
    """Revoke a decision; with `replace` ticked, the new decision's fields are required."""

    reason = forms.CharField(label=_("Reason for revoking"), widget=forms.Textarea(attrs={"rows": 3}))
    replace = forms.BooleanField(label=_("Record a replacing decision (the model stays recognised)"), required=False)
    level = forms.ModelChoiceField(label=_("Recognition level"), queryset=None, required=False, empty_label=None)
    field_order = ["reason", "replace", "level", "decision_no", "decided_on", "signer", "file"]

    def __init__(self, *args, user, can_revoke_only, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels_for(user)
        for name in ("decision_no", "decided_on", "signer"):
            self.fields[name].required = False
        if not can_revoke_only:
            self.fields["replace"].initial = True
            self.fields["replace"].disabled = True
            self.fields["replace"].help_text = _("Only province staff revoke without a replacement.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("replace"):
            for name in ("level", "decision_no", "decided_on", "signer"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Required for the replacing decision."))
        return cleaned


class OutstandingForm(BootstrapMixin, CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].max_value = timezone.localdate().year


class AwardFormChoiceField(forms.ModelChoiceField):
    """Award forms labelled "(Tập thể)" or "(Cá nhân)"."""

    def label_from_instance(self, obj):
        return obj.choice_label


class ProposalForm(BootstrapMixin, CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    once = OnceField()
    award_form = AwardFormChoiceField(label=_("Award form"), queryset=AwardForm.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("Year of achievement"), min_value=2000)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].max_value = timezone.localdate().year


class ProposalItemForm(BootstrapMixin, forms.Form):
    """A recognised model (for a collective form) or a recognised exemplar's person (for an individual form), or a unit."""

    initiative = forms.ModelChoiceField(label=_("Recognised model"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("or a unit"), queryset=None, required=False)

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = (
            initiatives_for(user)
            .filter(status=Status.RECOGNISED)
            .select_related("unit__area")
            .order_by(ViSortKey("name"), ViSortKey("unit__name"), "pk")
        )
        if proposal.award_form.recipient_kind == "individual":
            candidates = candidates.filter(kind=InitiativeKind.EXEMPLAR).exclude(person_name="")
            self.fields["initiative"].label = _("Person of a recognised exemplar")
            use_picker(self.fields["initiative"], "pickers:models", person_label, query="group=persons")
            del self.fields["unit"]
        else:
            use_picker(self.fields["initiative"], "pickers:models", model_label, query="group=recognised")
            self.fields["unit"].queryset = units_for(user).filter(is_active=True).order_by(ViSortKey("name"), "pk")
            use_picker(self.fields["unit"], "pickers:units", unit_label)
        self.fields["initiative"].queryset = candidates

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("initiative")) == bool(cleaned.get("unit")):
            raise forms.ValidationError(_("Choose either a model or a unit."))
        return cleaned


class DecideForm(BootstrapMixin, CleanTextMixin, DecisionFields):
    """The award decision for a sent proposal; per item: awarded or declined with a reason."""

    issuer = forms.CharField(label=_("Issuer"), max_length=200)
    field_order = ["decision_no", "decided_on", "issuer", "signer", "file"]

    def __init__(self, *args, items, award_form, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["issuer"].initial = award_form.issuing_level
        for name in ("decision_no", "decided_on", "signer", "issuer"):
            self.fields[name].required = False  # only needed when someone is awarded
        for item in self.items:
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=str(item),
                choices=[("awarded", _("Awarded")), ("declined", _("Declined"))],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial="awarded",
            )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("Reason declined"),
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        return [(item, self[f"outcome_{item.pk}"], self[f"reason_{item.pk}"]) for item in self.items]

    def clean(self):
        cleaned = super().clean()
        awarded = any(cleaned.get(f"outcome_{i.pk}") == "awarded" for i in self.items)
        if awarded:
            for name in ("decision_no", "decided_on", "issuer", "signer"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Required when someone is awarded."))
        for item in self.items:
            if cleaned.get(f"outcome_{item.pk}") == "declined" and not cleaned.get(f"reason_{item.pk}"):
                self.add_error(f"reason_{item.pk}", _("Please give the reason."))
        return cleaned

    def awarded(self) -> set:
        return {i.pk for i in self.items if self.cleaned_data.get(f"outcome_{i.pk}") == "awarded"}

    def declined(self) -> dict:
        return {
            i.pk: self.cleaned_data.get(f"reason_{i.pk}", "")
            for i in self.items
            if self.cleaned_data.get(f"outcome_{i.pk}") == "declined"
        }


class AwardRecordForm(BootstrapMixin, CleanTextMixin, DecisionFields):
    """Record an award decision directly: a model, a unit, or a person with their area."""

    award_form = AwardFormChoiceField(label=_("Award form"), queryset=AwardForm.objects.filter(is_active=True))
    year = forms.IntegerField(label=_("Year of achievement"), min_value=2000)
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False, help_text=_("Empty: the award form's issuer"))
    initiative = forms.ModelChoiceField(label=_("Model or exemplar"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    person_name = forms.CharField(label=_("Person's name"), max_length=150, required=False)
    person_position = forms.CharField(label=_("Person's position"), max_length=200, required=False)
    area = AreaChoiceField(label=_("Person's area"), queryset=None, required=False)
    once = OnceField()
    field_order = [
        "award_form",
        "year",
        "initiative",
        "unit",
        "person_name",
        "person_position",
        "area",
        "decision_no",
        "decided_on",
        "issuer",
        "signer",
        "file",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year
        self.fields["initiative"].queryset = (
            initiatives_for(user)
            .filter(status__in=[Status.IN_PROGRESS, Status.RECOGNISED, Status.DISCONTINUED])
            .select_related("unit__area")
            .only("pk", "name", "unit__name", "unit__area__name")
            .order_by(ViSortKey("name"), ViSortKey("unit__name"), "pk")
        )
        use_picker(self.fields["initiative"], "pickers:models", model_label, query="group=registered")
        self.fields["unit"].queryset = units_for(user).select_related("area").order_by(ViSortKey("name"), "pk")
        use_picker(self.fields["unit"], "pickers:units", unit_label)
        self.fields["area"].queryset = areas_for(user).only(*AREA_LABEL_FIELDS).order_by("path")
        use_picker(self.fields["area"], "pickers:areas", lambda area: area.label)
        self.fields["area"].help_text = _("Only for a person not linked to an exemplar.")

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("initiative") or cleaned.get("unit") or cleaned.get("person_name")
        if not chosen and not (self.has_error("initiative") or self.has_error("unit")):
            raise forms.ValidationError(_("Choose who receives the award: a model, a unit or a person."))
        if cleaned.get("initiative") and cleaned.get("unit"):
            raise forms.ValidationError(_("Choose either a model or a unit."))
        return cleaned

    def recipient(self) -> Recipient:
        """The award's recipient, by the domain's rule (an individual form goes to the exemplar's person)."""
        data = self.cleaned_data
        return Recipient.chosen(
            data.get("award_form"),
            initiative=data.get("initiative"),
            unit=data.get("unit"),
            person_name=data.get("person_name", ""),
            person_position=data.get("person_position", ""),
            area=data.get("area"),
        )
