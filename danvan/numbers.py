"""Vietnamese number input: one field and one widget for every figure a person types.

Offices write 1.250 for one thousand two hundred and fifty, 3.450.000.000 đồng and 3,5 points. The browser's
number input refuses the first two (or turns "3.450.000.000" into 3.45), so figures are text inputs with
`inputmode="numeric"` (a digit keyboard on phones), shown grouped (1.234.567) and read back here. The page's
static/js/numbers.js regroups a value when the field loses focus.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.250, 3.450.000.000: dots between groups of three


def parse_number(text: str, *, decimals: bool) -> Decimal | None:
    """'1.250' → 1250, '3.450.000.000' → 3450000000, '3,5' → 3.5 (when decimals are allowed); None for ''.
    Raises ValueError for anything else."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not text:
        return None
    sign, text = ("-", text[1:]) if text[0] in "-−" else ("", text)  # a negative figure: its limit says why not
    whole, comma, fraction = text.partition(",")
    if comma and not decimals:
        raise ValueError(text)
    if GROUPED.match(whole):
        whole = whole.replace(".", "")
    elif "." in whole and decimals and not comma and whole.count(".") == 1:
        whole, fraction = whole.split(".")  # 7.5 typed with a dot: a decimal, since 7.5 cannot be a grouping
    if not (whole.isascii() and whole.isdigit()) or (fraction and not (fraction.isascii() and fraction.isdigit())):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as error:
        raise ValueError(text) from error


def record_id(text) -> int | None:
    """A record's id taken from a query string or a form: ASCII digits that fit Postgres' bigint; None for anything
    else ('', 'abc', '1.5', '²' — a digit to str.isdigit but not to int —, a NUL, thirty digits)."""
    text = str(text or "")
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value < 2**63 else None


def format_number(value) -> str:
    """1234567 → '1.234.567', Decimal('7.50') → '7,5': the way the field shows a value back."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value  # what the person typed, shown back as typed beside its error
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(int(value), force_grouping=True)
    return number_format(value.normalize(), force_grouping=True)


class NumberInput(forms.TextInput):
    """A text input for a figure: digit keyboard, right-aligned, grouped the Vietnamese way."""

    def __init__(self, attrs=None, *, decimals: bool = False):
        defaults = {"inputmode": "decimal" if decimals else "numeric", "data-number": "decimal" if decimals else "integer"}
        super().__init__({**defaults, "class": "form-control num", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return format_number(value) or None


class VietnameseNumberMixin:
    """Reads the typed text with parse_number; the field says whether decimals are allowed and what it returns."""

    decimals = False
    widget = NumberInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(kwargs.pop("attrs", None), decimals=self.decimals))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)):
            return self.convert(value)
        try:
            number = parse_number(str(value), decimals=self.decimals)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return None if number is None else self.convert(number)

    def widget_attrs(self, widget):
        return {}  # a text input: the limits are checked on the server, with a Vietnamese message


class IntegerField(VietnameseNumberMixin, forms.IntegerField):
    """A whole number typed as offices write it: 1.250, 3.450.000.000."""

    default_error_messages = {"invalid": _("Enter a whole number.")}
    convert = staticmethod(int)


class DecimalField(VietnameseNumberMixin, forms.DecimalField):
    """A number with decimals typed as offices write it: 3,5 and 1.234,5."""

    decimals = True
    default_error_messages = {"invalid": _("Enter a number, e.g. 7,5.")}
    convert = staticmethod(Decimal)
