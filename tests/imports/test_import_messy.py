"""Each messy spreadsheet of issue 6 point 3, built by the test, uploaded, checked and imported."""

import codecs
import datetime
import unicodedata

import pytest

from models_registry.initiatives.models import Initiative
from models_registry.units.enums import AreaLevel
from models_registry.units.models import Unit
from tests.factories import AreaFactory, InitiativeFactory
from tests.factories_imports import (
    INITIATIVE_HEADER,
    UNIT_HEADER,
    confirm,
    cp1258_bytes,
    csv_bytes,
    last_job,
    preview,
    upload,
    xlsx_bytes,
)

ROW_A = ["GL-01", "Dân vận khéo trong xây dựng nông thôn mới", "GL-DANGXA", "Kinh tế", "2021–2025", "15/03/2024"]


def _import(client, kind, name, data):
    upload(client, kind, name, data)
    job = last_job()
    confirm(client, job)
    job.refresh_from_db()
    return job


def test_import_finds_header_below_titles_and_merged_cells(client_for, officer_a, unit_a):
    data = xlsx_bytes(
        [INITIATIVE_HEADER, ROW_A],
        above=[
            ["HUYỆN ỦY GIA LÂM", None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
            ["BAN DÂN VẬN"],
            [],
            ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2024"],
        ],
    )

    upload(client_for(officer_a), "initiatives", "danh-sach.xlsx", data)

    job = last_job()
    assert (job.header_row, job.sheet_name) == (5, "Danh sách")
    assert preview(job) == [(6, "new", [])]


@pytest.mark.parametrize(
    "header", ["Tên mô hình", "Ten mo hinh", "TÊN MÔ HÌNH", "  tên   mô  hình (*)", "Tên mô hình, điển hình"]
)
def test_import_recognises_header_spellings_and_synonyms(client_for, officer_a, unit_a, header):
    data = xlsx_bytes([["Mã mô hình", header, "ĐƠN VỊ"], ["GL-01", "Mô hình một", "GL-DANGXA"]])

    job = _import(client_for(officer_a), "initiatives", "x.xlsx", data)

    assert Initiative.objects.get(code="GL-01").name == "Mô hình một"
    assert job.columns == [["Mã mô hình", "code"], [" ".join(header.split()), "name"], ["ĐƠN VỊ", "unit"]]


def test_import_refuses_unknown_columns_and_lists_them(client_for, officer_a, unit_a):
    data = xlsx_bytes([["Tên mô hình", "Đơn vị", "Ghi chú riêng", "Người duyệt"], ["Mô hình một", "GL-DANGXA", "x", "y"]])

    response = upload(client_for(officer_a), "initiatives", "x.xlsx", data)

    assert response.context["form"].errors["file"] == [
        "Cột không nhận ra: “Ghi chú riêng”, “Người duyệt”. Hãy đặt tên như tệp mẫu, hoặc xóa các cột đó."
    ]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.datetime(2024, 3, 15), datetime.date(2024, 3, 15)),
        ("15/03/2024", datetime.date(2024, 3, 15)),
        ("2024", datetime.date(2024, 1, 1)),
        (2024, datetime.date(2024, 1, 1)),
    ],
    ids=["excel-date", "dd/mm/yyyy", "year-text", "year-number"],
)
def test_import_reads_dates_as_excel_dates_text_or_bare_year(client_for, officer_a, unit_a, cell, expected):
    data = xlsx_bytes([["Tên mô hình", "Đơn vị", "Ngày đăng ký"], ["Mô hình một", "GL-DANGXA", cell]])

    _import(client_for(officer_a), "initiatives", "x.xlsx", data)

    assert Initiative.objects.get().registered_on == expected


def test_import_reads_numbers_with_vietnamese_separators(client_for, officer_a, unit_a):
    header = ["Tên mô hình", "Đơn vị", "Số tiền vận động (đồng)", "Diện tích đất hiến", "Số người được hưởng lợi"]
    data = xlsx_bytes([header, ["Mô hình một", "GL-DANGXA", "1.234.567", "446.000 m2", 1200]])

    _import(client_for(officer_a), "initiatives", "x.xlsx", data)

    initiative = Initiative.objects.get()
    assert (initiative.money_mobilised, initiative.land_donated_m2, initiative.people_reached) == (1234567, 446000, 1200)


def test_import_stores_nfd_and_non_breaking_spaces_as_clean_nfc(client_for, officer_a, unit_a):
    nfd_name = unicodedata.normalize("NFD", "Mô hình\u00a0“Dân vận khéo”  trong\u00a0xây dựng nông thôn mới ")
    nfd_header = unicodedata.normalize("NFD", "Tên mô hình")
    data = xlsx_bytes([[nfd_header, "Đơn\u00a0vị"], [nfd_name, "GL-DANGXA"]])

    _import(client_for(officer_a), "initiatives", "x.xlsx", data)

    assert Initiative.objects.get().name == "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới"


def test_import_ignores_empty_trailing_rows_and_columns(client_for, officer_a, unit_a):
    data = xlsx_bytes(
        [
            ["Tên mô hình", "Đơn vị", None, None],
            ["Mô hình một", "GL-DANGXA", None, ""],
            [None, None],
            ["", "  "],
            [None, None, None, None],
        ]
    )

    upload(client_for(officer_a), "initiatives", "x.xlsx", data)

    job = last_job()
    assert (job.total_rows, preview(job)) == (1, [(2, "new", [])])


def test_import_finds_units_by_code_or_name_ignoring_case_and_diacritics(client_for, officer_a, unit_a, unit_b):
    rows = [
        ["Tên mô hình", "Đơn vị"],
        ["Theo mã", "GL-DANGXA"],
        ["Theo mã chữ thường", "gl-dangxa"],
        ["Theo tên", "UBND xã Đặng Xá"],
        ["Theo tên không dấu", "ubnd xa dang xa"],
        ["Đơn vị huyện khác", "UBND phường Bồ Đề"],
    ]

    upload(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes(rows))

    assert preview(last_job()) == [
        (2, "new", []),
        (3, "new", []),
        (4, "new", []),
        (5, "new", []),
        (6, "error", [("Đơn vị", "Không tìm thấy đơn vị “UBND phường Bồ Đề” trong địa bàn của bạn (theo mã hoặc tên).")]),
    ]


@pytest.fixture
def thanh_xuan(province):
    """The legacy district Thanh Xuân with the ward Khương Trung (official codes 009 and 00349) and its successor."""
    district = AreaFactory(code="LD009", name="Thanh Xuân", level=AreaLevel.DISTRICT, parent=province)
    legacy = AreaFactory(code="LC00349", name="Khương Trung", level=AreaLevel.COMMUNE, parent=district)
    current = AreaFactory(code="C00364", name="Khương Đình", level=AreaLevel.COMMUNE, parent=province)
    return legacy, current


def test_import_resolves_legacy_and_current_addresses_to_areas(client_for, province_staff, thanh_xuan):
    legacy, current = thanh_xuan
    rows = [
        UNIT_HEADER,
        ["TX-KT", "UBND phường Khương Trung", "Xã/phường/thị trấn", "phường Khương Trung, quận Thanh Xuân, Hà Nội"],
        ["TX-KT2", "Hội Phụ nữ phường Khương Trung", "MTTQ và đoàn thể", "P. Khuong Trung, Q. Thanh Xuan, TP Ha Noi"],
        ["HN-KD", "UBND phường Khương Đình", "Xã/phường/thị trấn", "phường Khương Đình, Hà Nội"],
    ]

    _import(client_for(province_staff), "units", "don-vi.xlsx", xlsx_bytes(rows))

    areas = dict(Unit.objects.values_list("code", "area__code"))
    assert areas == {"TX-KT": legacy.code, "TX-KT2": legacy.code, "HN-KD": current.code}


def test_import_takes_the_area_from_the_address_column(client_for, province_staff, thanh_xuan):
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa chỉ"],
        ["TX-KT", "UBND phường", "Cơ quan", "Số 5, phường Khương Trung, quận Thanh Xuân, Hà Nội"],
    ]

    _import(client_for(province_staff), "units", "don-vi.xlsx", xlsx_bytes(rows))

    unit = Unit.objects.get(code="TX-KT")
    assert (unit.area.code, unit.address) == ("LC00349", "Số 5, phường Khương Trung, quận Thanh Xuân, Hà Nội")


def test_import_refuses_an_address_outside_the_officers_area(client_for, officer_a, thanh_xuan):
    rows = [UNIT_HEADER, ["TX-KT", "UBND phường Khương Trung", "Cơ quan", "phường Khương Trung, quận Thanh Xuân, Hà Nội"]]

    upload(client_for(officer_a), "units", "don-vi.xlsx", xlsx_bytes(rows))

    assert preview(last_job()) == [
        (2, "error", [("Địa bàn", "“phường Khương Trung, quận Thanh Xuân, Hà Nội” nằm ngoài địa bàn của bạn.")])
    ]


def test_import_flags_duplicate_rows_inside_the_file(client_for, officer_a, unit_a):
    rows = [INITIATIVE_HEADER, ROW_A, ["GL-02", "Mô hình khác", "GL-DANGXA"], ROW_A]

    upload(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes(rows))

    assert preview(last_job()) == [
        (2, "new", []),
        (3, "new", []),
        (4, "error", [("", "Trùng với dòng 2 của tệp này (GL-01); hãy giữ một dòng.")]),
    ]


def test_import_updates_a_record_matched_by_code_never_a_second_copy(client_for, officer_a, unit_a):
    existing = InitiativeFactory(code="GL-01", name="Tên cũ", unit=unit_a)
    rows = [["Mã mô hình", "Tên mô hình", "Đơn vị"], ["GL-01", "Tên mới", "GL-DANGXA"]]

    job = _import(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes(rows))

    assert preview(job) == [(2, "update", [])]
    assert list(Initiative.objects.values_list("pk", "name")) == [(existing.pk, "Tên mới")]


def test_import_updates_a_record_matched_by_id_or_by_unit_and_name(client_for, officer_a, unit_a):
    by_id = InitiativeFactory(code=None, name="Theo ID", unit=unit_a, goals="")
    InitiativeFactory(code=None, name="Mô hình “Chợ văn minh”", unit=unit_a, goals="")
    rows = [
        ["ID", "Tên mô hình", "Đơn vị", "Mục tiêu"],
        [by_id.pk, "Theo ID", "GL-DANGXA", "Mục tiêu mới"],
        [None, "mô hình “chợ văn minh”", "GL-DANGXA", "Mục tiêu mới"],
    ]

    job = _import(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes(rows))

    assert [status for _row, status, _errors in preview(job)] == ["update", "update"]
    assert Initiative.objects.count() == 2
    assert sorted(Initiative.objects.values_list("goals", flat=True)) == ["Mục tiêu mới", "Mục tiêu mới"]


def test_import_reads_csv_utf8_with_and_without_bom(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    plain = csv_bytes([["Tên mô hình", "Đơn vị"], ["Không BOM", "GL-DANGXA"]])
    with_bom = codecs.BOM_UTF8 + csv_bytes([["Tên mô hình", "Đơn vị"], ["Có BOM", "GL-DANGXA"]])

    first = _import(client, "initiatives", "a.csv", plain)
    second = _import(client, "initiatives", "b.csv", with_bom)

    assert (first.encoding, second.encoding) == ("UTF-8", "UTF-8 (BOM)")
    assert sorted(Initiative.objects.values_list("name", flat=True)) == ["Có BOM", "Không BOM"]


def test_import_guesses_windows_1258_and_says_so(client_for, officer_a, unit_a):
    data = cp1258_bytes("Tên mô hình;Đơn vị;Lĩnh vực\r\nHiến đất làm đường;GL-DANGXA;Kinh tế\r\n")
    client = client_for(officer_a)

    upload(client, "initiatives", "cu.csv", data)

    job = last_job()
    page = client.get(job.get_absolute_url()).content.decode()
    assert (job.encoding, job.encoding_guessed, preview(job)) == ("Windows-1258", True, [(2, "new", [])])
    assert "Windows-1258 — đoán theo nội dung" in page
    confirm(client, job)
    assert Initiative.objects.get().name == "Hiến đất làm đường"


def test_import_guesses_windows_1252_for_western_text(client_for, officer_a, unit_a):
    data = "Ten mo hinh,Don vi\r\nCafé São Tomé,GL-DANGXA\r\n".encode("cp1252")

    upload(client_for(officer_a), "initiatives", "cu.csv", data)

    job = last_job()
    assert (job.encoding, job.encoding_guessed, job.rows.get().label) == ("Windows-1252", True, "Café São Tomé")
