"""Form behaviour shared by every form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.translation import gettext_lazy as _

from danvan.search import CONTROL_CHARACTERS, normalise_text


def refuse_control_characters(value) -> None:
    """A validator for every text field: invisible control characters (NUL...) are refused with a clear message."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text holds invisible control characters (such as NUL): remove them and save again."),
            code="control_characters",
        )


def _checks(field) -> list:
    """The validators a field needs beyond those it was built with."""
    checks = []
    if isinstance(field, forms.CharField):
        checks.append(refuse_control_characters)
        if field.max_length is not None:
            checks.append(MaxLengthValidator(field.max_length))
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        # A limit set after the field was built (`max_value = this year` in __init__) is drawn but, in Django, not checked.
        if field.max_value is not None:
            checks.append(MaxValueValidator(field.max_value))
        if field.min_value is not None:
            checks.append(MinValueValidator(field.min_value))
    return checks


class CheckedFieldsMixin:
    """Every field checks what it shows: text refuses control characters, numbers and lengths their limits."""

    def full_clean(self):
        # Here rather than in __init__: forms add fields and limits after their own __init__ (per criterion, this year...).
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                # Django's NUL check says the same in English only; ours covers NUL and speaks Vietnamese.
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
            field.validators = [*field.validators, *(c for c in _checks(field) if c not in field.validators)]
        super().full_clean()


class CleanTextMixin(CheckedFieldsMixin):
    """Text is stored NFC and trimmed, whatever the browser or Excel sent; fields checked as CheckedFieldsMixin says."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise_text(value)
        return cleaned


class BootstrapMixin:
    """Adds Bootstrap classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class LoginForm(BootstrapMixin, CheckedFieldsMixin, AuthenticationForm):
    """Django's login form, its fields checked: Django only draws the username's maxlength, and a failed login
    with a 100,000-character name reached django-axes, which stores it in 255 characters (a 500)."""
