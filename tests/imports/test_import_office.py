"""Files shaped as district offices keep them (issue 14): titles above, merged two- and three-row headers,
totals and signature blocks below, numbered wards, abbreviations and amounts written in words."""

import datetime

import pytest

from models_registry.awards.models import Award
from models_registry.initiatives.models import Initiative
from models_registry.units.area_data import place_name
from models_registry.units.enums import AreaLevel
from models_registry.units.models import Unit
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_imports import OFFICE_TITLE, SIGNATURE, UNIT_HEADER, confirm, last_job, office_xlsx, preview, upload

SIGNATURE_ROWS = SIGNATURE

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


# --- item 1: headers as offices draw them ----------------------------------------------------

TWO_ROW_HEADER = (
    ("STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Ngày đăng ký", "Kết quả", None),
    (None, None, None, None, None, "Kinh phí (đồng)", "Đất hiến (m²)"),
)
TWO_ROW_MERGES = [f"{col}{TOP}:{col}{TOP + 1}" for col in "ABCDE"] + [f"F{TOP}:G{TOP}"]


def _records(count=2):
    return [
        (n, f"Mô hình số {n}", "GL-DANGXA", "Kinh tế", "15/03/2024", f"{n * 100} triệu", f"{n} ha") for n in range(1, count + 1)
    ]


def test_two_row_header_with_a_merged_group_names_each_column_by_its_lowest_label(client_for, officer_a, unit_a):
    data = office_xlsx(TWO_ROW_HEADER, _records(), merges=TWO_ROW_MERGES, footer=())

    job = _import(client_for(officer_a), data)

    assert (job.header_row, job.header_rows) == (TOP, 2)
    assert ["Kinh phí (đồng)", "money_mobilised"] in job.columns
    assert ["Đất hiến (m²)", "land_donated_m2"] in job.columns
    assert job.status == "done", _errors(job)
    assert sorted(Initiative.objects.values_list("money_mobilised", "land_donated_m2")) == [
        (100_000_000, 10_000),
        (200_000_000, 20_000),
    ]


def test_three_row_header_with_nested_groups(client_for, officer_a, unit_a):
    header = (
        ("STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Ngày đăng ký", "Kết quả thực hiện", None, None),
        (None, None, None, None, None, "Huy động", None, "Số công trình"),
        (None, None, None, None, None, "Kinh phí (đồng)", "Đất hiến (m²)", None),
    )
    merges = [f"{col}{TOP}:{col}{TOP + 2}" for col in "ABCDE"] + [
        f"F{TOP}:H{TOP}",
        f"F{TOP + 1}:G{TOP + 1}",
        f"H{TOP + 1}:H{TOP + 2}",
    ]
    rows = [(1, "Mô hình một", "GL-DANGXA", "Kinh tế", "15/03/2024", "1,5 tỷ", "0,5 ha", 3)]

    job = _import(client_for(officer_a), office_xlsx(header, rows, merges=merges, footer=()))

    assert (job.header_row, job.header_rows) == (TOP, 3)
    assert job.status == "done", _errors(job)
    model = Initiative.objects.get()
    assert (model.money_mobilised, model.land_donated_m2, model.works_completed) == (1_500_000_000, 5_000, 3)


def test_a_group_name_may_prefix_its_column_label(client_for, officer_a, unit_a):
    header = (
        ("STT", "Tên mô hình", "Đơn vị", "Số tiền", "Đất hiến (m²)"),
        (None, None, None, "vận động (đồng)", None),
    )
    merges = [f"{col}{TOP}:{col}{TOP + 1}" for col in "ABCE"]
    rows = [(1, "Mô hình một", "GL-DANGXA", "120 triệu", None)]

    upload(client_for(officer_a), "initiatives", "x.xlsx", office_xlsx(header, rows, merges=merges, footer=()))

    job = last_job()
    assert ["Số tiền vận động (đồng)", "money_mobilised"] in job.columns


def test_data_cells_merged_down_one_column_belong_to_each_row(client_for, officer_a, unit_a):
    rows = [(1, "Mô hình một", "GL-DANGXA", "Kinh tế", "15/03/2024"), (2, "Mô hình hai", None, None, "16/03/2024")]
    merges = [f"C{TOP + 1}:C{TOP + 2}", f"D{TOP + 1}:D{TOP + 2}"]

    job = _import(client_for(officer_a), office_xlsx([HEADER[:5]], rows, merges=merges, footer=()))

    assert job.status == "done", _errors(job)
    assert sorted(Initiative.objects.values_list("name", "unit__code", "field__name")) == [
        ("Mô hình hai", "GL-DANGXA", "Kinh tế"),
        ("Mô hình một", "GL-DANGXA", "Kinh tế"),
    ]


def test_the_sheet_holding_the_table_is_chosen_and_named(client_for, officer_a, unit_a):
    guide = ("Hướng dẫn", [("HƯỚNG DẪN ĐIỀN BIỂU",), ("Cột Tên mô hình: ghi đầy đủ",)])
    summary = ("Tổng hợp", [("Tổng hợp theo đơn vị",), ("Đơn vị", "Số mô hình"), ("Đặng Xá", 2)])

    upload(
        client_for(officer_a), "initiatives", "x.xlsx", office_xlsx([HEADER], [_row()], sheets_before=[guide, summary], footer=())
    )

    job = last_job()
    assert job.sheet_name == "Danh sách"
    assert job.notes == ["Đã dùng bảng ở trang tính “Danh sách”; tệp có 3 trang tính (“Hướng dẫn”, “Tổng hợp”, “Danh sách”)."]
    assert preview(job) == [(TOP + 1, "new", [])]


def test_hidden_rows_and_columns_are_reported_in_the_preview(client_for, officer_a, unit_a):
    rows = [_row(name="Mô hình một"), _row(name="Mô hình hai"), _row(name="Mô hình ba")]
    data = office_xlsx([HEADER], rows, hidden_rows=[TOP + 2], hidden_columns=["F"], footer=())

    response = upload(client_for(officer_a), "initiatives", "x.xlsx", data)

    job = last_job()
    assert job.notes == [
        f"Các dòng ẩn {TOP + 2} vẫn được đọc và nhập như các dòng khác; hãy kiểm tra.",
        "Các cột ẩn F “Kinh phí (đồng)” vẫn được đọc và nhập; hãy kiểm tra.",
    ]
    page = client_for(officer_a).get(job.get_absolute_url()).content.decode()
    assert "Các cột ẩn F “Kinh phí (đồng)”" in page
    assert response.status_code == 302


def test_an_unknown_hidden_column_is_named_as_hidden(client_for, officer_a, unit_a):
    header = (*HEADER, "Ghi chú nội bộ")
    data = office_xlsx([header], [(*_row(), "x")], hidden_columns=["H"], footer=())

    response = upload(client_for(officer_a), "initiatives", "x.xlsx", data)

    assert response.context["form"].errors["file"] == [
        "Cột không nhận ra: “Ghi chú nội bộ” (cột ẩn H). Hãy đặt tên như tệp mẫu, hoặc xóa các cột đó."
    ]


# --- item 2: the end of the table ------------------------------------------------------------

TOTALS = ((None, "Tổng cộng", None, None, None, "300 triệu", "3 ha"),)


def test_totals_and_the_signature_block_are_skipped_and_listed(client_for, officer_a, unit_a):
    data = office_xlsx(TWO_ROW_HEADER, _records(), merges=TWO_ROW_MERGES, footer=(*TOTALS, *SIGNATURE_ROWS))
    client = client_for(officer_a)

    upload(client, "initiatives", "bao-cao.xlsx", data)

    job = last_job()
    first = TOP + 2
    rows = preview(job)
    assert rows[:2] == [(first, "new", []), (first + 1, "new", [])]
    assert {status for _number, status, _errors in rows[2:]} == {"ignored"}
    assert [errors for _number, _status, errors in rows if errors] == []
    assert (job.error_count, job.counts["ignored"]) == (0, 8)
    page = client.get(job.get_absolute_url() + "?show=ignored").content.decode()
    assert "Bỏ qua (chữ ký / tổng cộng)" in page
    for text in ("Tổng cộng", "Nơi nhận:", "TM. BAN DÂN VẬN", "Người lập biểu", "Nguyễn Văn An", "Ghi chú"):
        assert text in page
    confirm(client, job)
    job.refresh_from_db()
    assert (job.status, Initiative.objects.count()) == ("done", 2)


def test_a_real_error_row_among_the_signatures_is_never_skipped(client_for, officer_a, unit_a):
    rows = [*_records(1), (2, "Mô hình của đơn vị lạ", "KHONG-CO", "Kinh tế", "15/03/2024", None, None)]
    footer = (*TOTALS, ("Cộng đồng chung tay", "Mô hình sau chữ ký", "GL-DANGXA", "Kinh tế"), *SIGNATURE_ROWS)

    upload(client_for(officer_a), "initiatives", "x.xlsx", office_xlsx([HEADER], rows, footer=footer))

    job = last_job()
    statuses = {number: status for number, status, _errors in preview(job)}
    assert statuses[TOP + 2] == "error"
    assert statuses[TOP + 4] == "new"  # a record whose first cell reads like "Cộng" is still a record
    assert job.error_count == 1


# --- item 3: names as people write them ------------------------------------------------------


@pytest.fixture
def ward_1(district_a):
    return AreaFactory(code="LC27001", name="Phường 1", level=AreaLevel.COMMUNE, parent=district_a, division_type="phường")


@pytest.fixture
def ward_unit(ward_1):
    return UnitFactory(code="GL-P1", name="UBND phường 1", area=ward_1)


@pytest.mark.parametrize(
    "cell",
    [
        "UBND phường 1",
        "UBND Phường 1",
        "UBND P.1",
        "UBND P1",
        "UBND phường 01",
        "Ủy ban nhân dân phường 1",
        "Phường 1",
        "phường 1",
        "P.1",
        "P1",
    ],
)
def test_numbered_wards_are_found_however_written(client_for, officer_a, ward_unit, cell):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(unit=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().unit == ward_unit


def test_the_old_demo_name_of_a_numbered_ward_is_still_found(client_for, officer_a, ward_1):
    unit = UnitFactory(code="GL-P1-OLD", name="UBND phường Phường 1", area=ward_1)

    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(unit="UBND phường 1")], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().unit == unit


def test_demo_units_of_numbered_wards_are_named_once():
    assert place_name("phường", "Phường 1") == "phường 1"
    assert place_name("xã", "Đặng Xá") == "xã Đặng Xá"
    assert f"UBND {place_name('Phường', 'Phường 12')}" == "UBND phường 12"


@pytest.mark.parametrize("cell", ["UBND xã Đặng Xá", "xã Đặng Xá", "Ủy ban nhân dân xã Đặng Xá", "Đặng Xá", "ubnd xa dang xa"])
def test_unit_names_with_or_without_their_type_word(client_for, officer_a, unit_a, cell):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(unit=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().unit == unit_a


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("KT", "Kinh tế"),
        ("VH-XH", "Văn hóa – xã hội"),
        ("VHXH", "Văn hóa – xã hội"),
        ("QP-AN", "Quốc phòng – an ninh"),
        ("QPAN", "Quốc phòng – an ninh"),
        ("XDHTCT", "Xây dựng hệ thống chính trị"),
        ("Xây dựng HTCT", "Xây dựng hệ thống chính trị"),
    ],
)
def test_field_abbreviations(client_for, officer_a, unit_a, cell, field):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(field=cell)], footer=()))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().field.name == field


def test_a_unit_not_found_suggests_the_nearest_name(client_for, officer_a, unit_a):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(unit="UBND xã Đặng Xả Gia Lâm")], footer=()))

    assert _errors(job) == [
        "Không tìm thấy đơn vị “UBND xã Đặng Xả Gia Lâm” trong địa bàn của bạn (theo mã hoặc tên). "
        "Có phải “UBND xã Đặng Xá (GL-DANGXA)”?"
    ]


def test_a_unit_outside_the_area_is_never_suggested(client_for, officer_a, unit_a, unit_b):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(unit="UBND phường Bồ Đề")], footer=()))

    [message] = _errors(job)
    assert "Bồ Đề (" not in message
    assert "LB-BODE" not in message


def test_a_field_not_found_suggests_the_nearest_name(client_for, officer_a, unit_a):
    job = _import(client_for(officer_a), office_xlsx([HEADER], [_row(field="Văn hóa - xã hội - y tế")], footer=()))

    [message] = _errors(job)
    assert message.endswith("Có phải “Văn hóa – xã hội”?")


def test_an_area_not_found_suggests_the_nearest_name(client_for, officer_a, commune_a):
    rows = [("GL-X", "UBND xã Đặng Xà Mới", "Xã/phường/thị trấn", "Đặng Xá Mới")]

    upload(client_for(officer_a), "units", "x.xlsx", office_xlsx([UNIT_HEADER], rows, footer=()))

    [message] = _errors(last_job())
    assert message.endswith("Có phải “Đặng Xá (LC00565)”?")


@pytest.mark.parametrize("cell", ["P.1", "P1", "phường 01", "Phường 1"])
def test_a_unit_import_finds_a_numbered_ward_area(client_for, officer_a, ward_1, cell):
    rows = [("GL-P1-MTTQ", "Ủy ban MTTQ phường 1", "MTTQ và đoàn thể", cell)]

    job = _import(client_for(officer_a), office_xlsx([UNIT_HEADER], rows, footer=()), kind="units")

    assert job.status == "done", _errors(job)
    assert Unit.objects.get(code="GL-P1-MTTQ").area == ward_1


# --- item 4: optional means optional ---------------------------------------------------------


def test_a_new_unit_without_a_code_gets_one_from_its_area(client_for, officer_a, commune_a):
    UnitFactory(code="LC00565-001", name="Hội Nông dân xã Đặng Xá", area=commune_a)
    header = ("STT", "Tên đơn vị", "Loại đơn vị", "Địa bàn")
    rows = [(1, "UBND xã Đặng Xá", "Xã/phường/thị trấn", "Đặng Xá"), (2, "Công an xã Đặng Xá", "Lực lượng vũ trang", "Đặng Xá")]

    job = _import(client_for(officer_a), office_xlsx([header], rows), kind="units")

    assert job.status == "done", _errors(job)
    assert sorted(Unit.objects.values_list("code", "name")) == [
        ("LC00565-001", "Hội Nông dân xã Đặng Xá"),
        ("LC00565-002", "UBND xã Đặng Xá"),
        ("LC00565-003", "Công an xã Đặng Xá"),
    ]


def test_a_blank_kind_is_a_model_and_keeps_an_exemplar_an_exemplar(client_for, officer_a, unit_a):
    exemplar = InitiativeFactory(code="GL-DH", name="Điển hình cũ", unit=unit_a, kind="exemplar", status="draft")
    header = ("Mã mô hình", "Loại", "Tên mô hình", "Đơn vị")
    rows = [("GL-MOI", None, "Mô hình mới", "GL-DANGXA"), ("GL-DH", None, "Điển hình cũ (sửa tên)", "GL-DANGXA")]

    job = _import(client_for(officer_a), office_xlsx([header], rows))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get(code="GL-MOI").kind == "model"
    exemplar.refresh_from_db()
    assert (exemplar.kind, exemplar.name) == ("exemplar", "Điển hình cũ (sửa tên)")


def test_a_unit_code_column_alone_names_the_unit(client_for, officer_a, unit_a):
    header = ("STT", "Tên mô hình", "Mã đơn vị")

    job = _import(client_for(officer_a), office_xlsx([header], [(1, "Mô hình một", "GL-DANGXA")]))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().unit == unit_a


@pytest.mark.parametrize(("day", "phase"), [("15/03/2017", "2016–2020"), ("T3/2024", "2021–2025"), ("2026", "2026–2030")])
def test_the_phase_follows_the_registration_date(client_for, officer_a, unit_a, day, phase):
    job = _import(client_for(officer_a), office_xlsx([HEADER[:5]], [_row(day=day)[:5]]))

    assert job.status == "done", _errors(job)
    assert Initiative.objects.get().phase.name == phase


def test_the_awarding_body_defaults_to_the_forms_level(client_for, province_staff, unit_a):
    header = ("STT", "Hình thức khen thưởng", "Cấp khen thưởng", "Năm thành tích", "Số quyết định", "Ngày quyết định", "Đơn vị")
    rows = [(1, "Bằng khen", "Chủ tịch UBND tỉnh", 2022, "345/QĐ-UBND", "20/12/2022", "GL-DANGXA")]

    job = _import(client_for(province_staff), office_xlsx([header], rows), kind="awards")

    assert job.status == "done", _errors(job)
    assert Award.objects.get().issuer == "Chủ tịch UBND tỉnh"


# --- item 5: the preview shows what was read -------------------------------------------------


def test_the_preview_shows_every_value_as_read_for_a_new_record(client_for, officer_a, unit_a):
    client = client_for(officer_a)

    upload(client, "initiatives", "x.xlsx", office_xlsx([HEADER], [_row(money="1,5 tỷ", land="0,5 ha", day="T3/2017")]))

    job = last_job()
    assert job.rows.get(status="new").values == [
        ["Tên mô hình", None, "Dân vận khéo xây dựng nông thôn mới"],
        ["Đơn vị", None, "UBND xã Đặng Xá"],
        ["Lĩnh vực", None, "Kinh tế"],
        ["Ngày đăng ký", None, "01/03/2017"],
        ["Kinh phí (đồng)", None, "1.500.000.000"],
        ["Đất hiến (m²)", None, "5.000"],
    ]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "1.500.000.000" in page


def test_the_preview_shows_old_and_new_for_each_changed_field_of_an_update(client_for, officer_a, unit_a):
    InitiativeFactory(code="GL-01", name="Chợ văn minh", unit=unit_a, status="draft", money_mobilised=100_000_000)
    header = ("Mã mô hình", "Tên mô hình", "Đơn vị", "Kinh phí (đồng)")
    client = client_for(officer_a)

    upload(client, "initiatives", "x.xlsx", office_xlsx([header], [("GL-01", "Chợ văn minh", "GL-DANGXA", "120 triệu")]))

    job = last_job()
    assert job.rows.get(status="update").values == [["Kinh phí (đồng)", "100.000.000", "120.000.000"]]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<del>100.000.000</del> → " in page


def test_a_phase_not_found_suggests_the_nearest(client_for, officer_a, unit_a):
    header = ("Tên mô hình", "Đơn vị", "Giai đoạn")

    job = _import(client_for(officer_a), office_xlsx([header], [("Mô hình một", "GL-DANGXA", "2021-2026")]))

    [message] = _errors(job)
    assert message.endswith("Có phải “2021–2025”?")
