"""Files shaped as district offices keep them (issue 14): titles above, merged two- and three-row headers,
totals and signature blocks below, numbered wards, abbreviations and amounts written in words."""

import datetime

import pytest

from models_registry.initiatives.models import Initiative
from tests.factories_imports import OFFICE_TITLE, confirm, last_job, office_xlsx, preview, upload

HEADER = ("STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Ngày đăng ký", "Kinh phí (đồng)", "Đất hiến (m²)")
TOP = len(OFFICE_TITLE) + 1  # the sheet row of the first header row


def _row(name="Dân vận khéo xây dựng nông thôn mới", unit="GL-DANGXA", field="Kinh tế", day="15/03/2024", money=None, land=None):
    return (1, name, unit, field, day, money, land)


def _import(client, data, *, name="danh-sach.xlsx", kind="initiatives"):
    upload(client, kind, name, data)
    job = last_job()
    if job.status == "ready" and not job.error_count:
        confirm(client, job)
    job.refresh_from_db()
    return job


def _errors(job):
    return [message for _number, _status, errors in preview(job) for _column, message in errors]


# --- item 5: values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "dong"),
    [
        ("1,5 tỷ", 1_500_000_000),
        ("1,5 tỷ đồng", 1_500_000_000),
        ("120 triệu", 120_000_000),
        ("120 triệu đồng", 120_000_000),
        ("500 nghìn", 500_000),
        ("2.500.000 đồng", 2_500_000),
        ("2.500.000đ", 2_500_000),
        ("2.500.000 đ", 2_500_000),
        (2500000, 2_500_000),
    ],
)
def test_money_in_words_is_read_in_dong(client_for, officer_a, unit_a, cell, dong):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(money=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().money_mobilised == dong


@pytest.mark.parametrize(
    ("cell", "m2"),
    [("446.000 m²", 446_000), ("1.500 m2", 1_500), ("0,5 ha", 5_000), ("1,25 ha", 12_500), ("2 ha", 20_000), (300, 300)],
)
def test_land_in_m2_or_hectares_is_read_in_m2_exactly(client_for, officer_a, unit_a, cell, m2):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(land=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().land_donated_m2 == m2


def test_land_that_is_not_a_whole_m2_is_refused(client_for, officer_a, unit_a):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(land="0,00005 ha")], footer=()))

    assert _errors(job) == ["“0,00005 ha” không phải là số nguyên."]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(("money", "land"), [("-5", None), (None, "-5"), (-5, None), ("-1,5 tỷ", None)])
def test_negative_amounts_say_they_cannot_be_negative(client_for, officer_a, unit_a, money, land):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(money=money, land=land)], footer=()))

    [message] = _errors(job)
    assert "không được âm" in message
    assert "số nguyên" not in message


@pytest.mark.parametrize("cell", ["T3/2017", "t3/2017", "T03/2017", "T3-2017"])
def test_month_written_t3_2017_is_the_first_of_march(client_for, officer_a, unit_a, cell):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(day=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().registered_on == datetime.date(2017, 3, 1)


def test_a_password_protected_file_says_to_remove_the_password(client_for, officer_a):
    # Excel writes a workbook with a password as an OLE container holding an "EncryptedPackage" stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(4096)

    response = upload(client_for(officer_a), "initiatives", "danh-sach.xlsx", data)

    [message] = response.context["form"].errors["file"]
    assert "có đặt mật khẩu" in message
    assert "gỡ mật khẩu" in message
    assert "lưu lại dạng .xlsx" not in message
