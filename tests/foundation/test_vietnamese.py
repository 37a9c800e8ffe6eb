"""One date format, one ASCII fold and one formula prefix, shared by pages, exports and imports."""

import datetime

import pytest
from django.urls import reverse

from danvan.search import normalise_text
from danvan.vietnamese import ascii_fold, short_date
from danvan.xlsx import FORMULA_STARTS, safe_cell
from models_registry.imports.parsing import clean_cell, fold_key


def test_short_date_is_day_month_year():
    assert short_date(datetime.date(2025, 6, 30)) == "30/06/2025"
    assert short_date(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert short_date(None) == ""


def test_ascii_fold_drops_diacritics_and_keeps_the_rest():
    assert ascii_fold("Đặng Xá (Gia Lâm)") == "dang xa (gia lam)"
    assert ascii_fold("Thuận Hoà") == ascii_fold("Thuận Hòa".replace("ò", "o\u0300")) == "thuan hoa"


def test_import_header_keys_use_the_same_fold():
    assert fold_key("TÊN MÔ HÌNH (*)") == fold_key("Ten  mo hinh") == "ten mo hinh"


def test_normalise_text_is_nfc_trimmed_without_control_characters():
    assert normalise_text("  Ho\u0300a\x00 ") == "Hòa"


def test_an_exported_formula_cell_reimports_as_it_was():
    for start in "=+-@":
        assert start in FORMULA_STARTS
        assert safe_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
        assert clean_cell(safe_cell(f"{start}SUM(A1)")) == f"{start}SUM(A1)"


@pytest.mark.django_db
def test_pages_are_vietnamese_for_a_browser_that_asks_for_english(client, officer_a):
    """An office computer with an English Windows or Chrome sends Accept-Language: en-US."""
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.force_login(officer_a)
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "Đăng nhập" in login.content.decode() and 'lang="vi"' in login.content.decode()
    assert "<title>Trang chủ" in home.content.decode()
    assert "Home ·" not in home.content.decode()
