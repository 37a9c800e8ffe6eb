"""The spreadsheet readers as pure functions: numbers, dates, text and headers (no database)."""

import datetime
import unicodedata

import pytest

from models_registry.imports import parsing
from tests.factories_imports import cp1258_bytes


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1.234.567", 1234567),
        ("446.000 m2", 446000),
        ("446.000 m²", 446000),
        ("2.500.000 đồng", 2500000),
        ("1,234,567", 1234567),
        (1234567, 1234567),
        (446000.0, 446000),
        ("\u00a012\u00a0", 12),
        ("15", 15),
    ],
)
def test_parse_int_reads_vietnamese_separators_and_units(cell, number):
    assert parsing.parse_int(cell) == number


@pytest.mark.parametrize("cell", ["1,5", "abc", 2.5, "1.23.4"])
def test_parse_int_refuses_what_is_not_a_whole_number(cell):
    with pytest.raises(ValueError, match="không phải là số nguyên"):
        parsing.parse_int(cell)


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        (datetime.datetime(2024, 3, 15, 0, 0), datetime.date(2024, 3, 15)),
        ("15/03/2024", datetime.date(2024, 3, 15)),
        ("5/3/2024", datetime.date(2024, 3, 5)),
        ("15-03-24", datetime.date(2024, 3, 15)),
        ("2024-03-15", datetime.date(2024, 3, 15)),
        ("ngày 15 tháng 3 năm 2024", datetime.date(2024, 3, 15)),
        ("tháng 3/2024", datetime.date(2024, 3, 1)),
        ("2024", datetime.date(2024, 1, 1)),
        (2024, datetime.date(2024, 1, 1)),
        (45366, datetime.date(2024, 3, 15)),
    ],
)
def test_parse_date_reads_excel_dates_text_and_bare_years(cell, date):
    assert parsing.parse_date(cell) == date


@pytest.mark.parametrize("cell", ["31/02/2024", "hôm qua", "15/13/2024"])
def test_parse_date_refuses_what_is_not_a_date(cell):
    with pytest.raises(ValueError):
        parsing.parse_date(cell)


def test_clean_text_gives_nfc_and_plain_spaces():
    nfd = unicodedata.normalize("NFD", "Mô hình\u00a0 dân vận\u200b khéo ")

    assert parsing.clean_text(nfd) == "Mô hình dân vận khéo"


@pytest.mark.parametrize("header", ["Tên mô hình", "Ten mo hinh", "TÊN MÔ HÌNH", "  tên   mô hình (*) ", "Tên\u00a0mô hình"])
def test_fold_key_makes_header_spellings_meet(header):
    assert "ten mo hinh" in parsing.header_keys(header)


def test_clean_cell_takes_off_the_export_formula_guard():
    assert parsing.clean_cell("'=SUM(A1)") == "=SUM(A1)"
    assert parsing.clean_cell("'bình thường") == "'bình thường"


def test_decode_csv_says_which_encoding_it_guessed():
    data = cp1258_bytes("Tên mô hình,Đơn vị\n")

    candidates = parsing.decode_csv(data)

    assert [(encoding, guessed) for _text, encoding, guessed in candidates] == [("Windows-1258", True), ("Windows-1252", True)]
    assert unicodedata.normalize("NFC", candidates[0][0]) == "Tên mô hình,Đơn vị\n"


def test_decode_csv_reads_utf8_bom_without_guessing():
    candidates = parsing.decode_csv("\ufeffTên,Mã\n".encode())

    assert candidates == [("Tên,Mã\n", "UTF-8 (BOM)", False)]


def test_a_recognition_level_is_found_by_code_or_name_and_a_wrong_one_names_them_all():
    from types import SimpleNamespace

    from django.utils import translation

    from models_registry.imports.lookups import find_level

    levels = [SimpleNamespace(code="tinh", name="Cấp tỉnh"), SimpleNamespace(code="xa", name="Cấp xã")]
    assert find_level(levels, "  cấp TỈNH ") is levels[0]
    assert find_level(levels, "XA") is levels[1]
    with translation.override("vi"), pytest.raises(ValueError) as refused:
        find_level(levels, "Cap tinhh")
    assert str(refused.value) == (
        "“Cap tinhh” không phải là cấp công nhận; hãy dùng một trong: Cấp tỉnh, Cấp xã. Có phải “Cấp tỉnh”?"
    )
