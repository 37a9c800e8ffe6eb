"""Vietnamese number input: the shared field reads what offices type and shows it back grouped."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from danvan import numbers
from models_registry.evaluations.forms import EvaluationForm
from reports.forms import ReportForm
from reports.models import ActivityIndicator
from tests.factories_awards import CriteriaSetFactory


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1.250", 1250), ("3.450.000.000", 3_450_000_000), ("3450000000", 3_450_000_000), (" 1 250 ", 1250), ("", None), ("0", 0)],
)
def test_integer_field_reads_vietnamese_numbers(typed, expected):
    assert numbers.IntegerField(required=False).clean(typed) == expected


@pytest.mark.parametrize("typed", ["3,5", "1.25", "12.34.567", "abc", "1.250,", "-", "--5", "1e5"])
def test_integer_field_refuses_anything_else_in_vietnamese(typed):
    with pytest.raises(forms.ValidationError) as error:
        numbers.IntegerField(required=False).clean(typed)

    assert error.value.messages == ["Nhập một số nguyên."]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("3,5", Decimal("3.5")), ("7.5", Decimal("7.5")), ("1.234,5", Decimal("1234.5")), ("10", Decimal("10"))],
)
def test_decimal_field_reads_a_comma_as_the_decimal_mark(typed, expected):
    assert numbers.DecimalField(required=False, max_digits=8, decimal_places=2).clean(typed) == expected


def test_the_widget_is_a_text_input_with_a_digit_keyboard_showing_the_value_grouped():
    html = numbers.IntegerField().widget.render("money", 3_450_000_000)

    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="3.450.000.000"' in html
    assert 'data-number="integer"' in html


@pytest.mark.django_db
def test_report_form_accepts_grouped_figures_and_keeps_the_rest_of_the_form_on_a_bad_one():
    first, second = ActivityIndicator.objects.order_by("order")[:2]
    data = {
        f"indicator_{first.pk}": "1.250",
        f"indicator_{second.pk}": "3,5",
        "results": "Kết quả nổi bật",
        "seen": "",
    }

    form = ReportForm(data, indicators=[first, second])

    assert not form.is_valid()
    assert form.errors[f"indicator_{second.pk}"] == ["Nhập một số nguyên."]
    assert form.cleaned_data[f"indicator_{first.pk}"] == 1250
    html = str(form[f"indicator_{first.pk}"]) + str(form["results"])
    assert 'value="1.250"' in html and "Kết quả nổi bật" in html


@pytest.mark.django_db
def test_report_form_shows_a_saved_amount_grouped():
    first = ActivityIndicator.objects.order_by("order").first()

    form = ReportForm(indicators=[first], initial={f"indicator_{first.pk}": 3_300_000_000})

    assert 'value="3.300.000.000"' in str(form[f"indicator_{first.pk}"])


@pytest.mark.django_db
def test_criteria_points_take_a_comma():
    criteria = list(CriteriaSetFactory(criteria=[10]).criteria.all())
    form = EvaluationForm({f"points_{criteria[0].pk}": "7,5"}, criteria=criteria)

    assert form.is_valid(), form.errors
    assert form.cleaned_data[f"points_{criteria[0].pk}"] == Decimal("7.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), ("0042", 42), ("", None), (None, None), ("abc", None), ("1.5", None), ("-3", None), ("0", None)]
    + [("²", None), ("١٢٣", None), ("4\x00", None), ("9" * 30, None), (str(2**63), None), (str(2**63 - 1), 2**63 - 1)],
)
def test_record_id_takes_only_ids_postgres_can_hold(text, expected):
    assert numbers.record_id(text) == expected


@pytest.mark.django_db
def test_similar_names_answers_a_superscript_unit_id(client_for, officer_a):
    """'²' passes str.isdigit but not int(): the warning is drawn without a unit, never a server error."""
    response = client_for(officer_a).get(reverse("initiatives:similar"), {"name": "Dân vận khéo", "unit": "²", "exclude": "²"})

    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["initiatives/_similar.html"]
