from django import forms
from django.utils.translation import gettext_lazy as _

from danvan import numbers
from danvan.forms import BootstrapMixin, CleanTextMixin
from models_registry.evaluations.enums import ReviewRating
from models_registry.evaluations.models import format_points


class EvaluationForm(BootstrapMixin, CleanTextMixin, forms.Form):
    """Points (empty: not scored) and a comment per criterion, and an overall comment."""

    overall_comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {s.criterion_id: s for s in evaluation.scores.all()} if evaluation else {}
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = numbers.DecimalField(
                label=criterion.title,
                required=False,
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                initial=score.points if score else None,
                widget=numbers.NumberInput({"class": "form-control num points-input", "size": 5}, decimals=True),
                help_text=_("0 to %(max)s; empty: not scored") % {"max": format_points(criterion.max_points)},
                error_messages={
                    "max_value": _("At most %(max)s points.") % {"max": format_points(criterion.max_points)},
                    "min_value": _("Points cannot be negative."),
                    "invalid": _("Enter a number, e.g. 7,5."),
                    "max_decimal_places": _("At most two decimals."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
            )
        if evaluation:
            self.fields["overall_comment"].initial = evaluation.overall_comment

    def rows(self):
        """(criterion, points field, comment field) in the set's order, for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def points(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"points_{c.pk}") for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class ReviewRowForm(CleanTextMixin, forms.Form):
    """One model's row of the yearly review page."""

    initiative = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        choices=[("", _("— not reviewed —")), *ReviewRating.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
    )


ReviewFormSet = forms.formset_factory(ReviewRowForm, extra=0, max_num=200, validate_max=True)


class DiscontinueForm(BootstrapMixin, CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for discontinuing"), widget=forms.Textarea(attrs={"rows": 3}))
