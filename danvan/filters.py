"""Filter sets share their look: Bootstrap widgets, compact."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.widgets import FastSelect


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry Bootstrap classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = fast_select(field.widget)
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form


def fast_select(widget: forms.Select) -> FastSelect:
    fast = FastSelect(attrs=widget.attrs)
    fast.choices = widget.choices
    return fast


YES_NO = [("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """A boolean filter whose empty choice reads "All"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("All")), *YES_NO]))
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year from the URL: a whole number from 1900 to 2100, else the filter form refuses it (no 500 on year 0)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
