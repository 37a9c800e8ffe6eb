"""Filter sets share their look: Bootstrap widgets, compact."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry Bootstrap classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form


YES_NO = [("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter whose empty choice reads "All"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("All")), *YES_NO]))
        super().__init__(*args, **kwargs)
