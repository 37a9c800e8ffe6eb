"""The import of past awards: template, preview, all or nothing, errors per cell, who may import, round trip."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from danvan.audit.domain import snapshot
from danvan.audit.models import AuditEntry
from models_registry.awards.models import Award
from models_registry.awards.resources import TRACKED_FIELDS
from models_registry.imports import domain
from models_registry.imports.models import ImportJob
from models_registry.units.enums import AreaLevel
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import AwardFactory, award_form
from tests.factories_imports import confirm, last_job, preview, upload, xlsx_bytes

HEADER = [
    "STT",
    "Hình thức khen thưởng",
    "Cấp khen thưởng",
    "Năm thành tích",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan khen thưởng",
    "Mô hình",
    "Đơn vị",
    "Họ và tên",
    "Chức vụ",
    "Địa bàn",
]
# One award to a model by its code, one to a unit by its name (any case, no diacritics), one to a unit by its code,
# one to a person with position and area.
# fmt: off
TO_MODEL = [1, "Giấy khen", "Ban Dân vận Tỉnh ủy", 2021, "12-QĐ/BDVTU", "15/01/2022", "Ban Dân vận Tỉnh ủy",
            "GL-01", "", "", "", ""]
TO_UNIT_BY_NAME = [2, "Bằng khen", "Chủ tịch UBND tỉnh", 2022, "345/QĐ-UBND", "20/12/2022", "UBND tỉnh",
                   "", "ubnd phuong bo de", "", "", ""]
TO_UNIT_BY_CODE = [3, "Cờ thi đua", "", 2023, "1020/QĐ-UBND", "25/12/2023", "UBND tỉnh", "", "GL-DANGXA", "", "", ""]
TO_PERSON = [4, "Giấy khen", "Ban Dân vận Tỉnh ủy", 2023, "56-QĐ/BDVTU", "10/01/2024", "Ban Dân vận Tỉnh ủy", "", "",
             "Nguyễn Thị Hoa", "Bí thư chi bộ thôn Đặng Xá", "Đặng Xá"]
# fmt: on
GOOD = [TO_MODEL, TO_UNIT_BY_NAME, TO_UNIT_BY_CODE, TO_PERSON]


@pytest.fixture
def model_a(unit_a):
    return InitiativeFactory(code="GL-01", name="Hiến đất làm đường giao thông nông thôn", unit=unit_a, status="recognised")


@pytest.fixture
def other_province():
    """A unit and a commune of another province: outside the province staff's area."""
    province = AreaFactory(code="P27", name="Bắc Ninh", level=AreaLevel.PROVINCE)
    commune = AreaFactory(code="C09001", name="Tam Sơn", level=AreaLevel.COMMUNE, parent=province)
    return UnitFactory(code="BN-TAMSON", name="UBND xã Tam Sơn", area=commune)


def _awards():
    return sorted(
        Award.objects.values_list(
            "award_form__name",
            "award_form__recipient_kind",
            "year",
            "decision_no",
            "decided_on",
            "issuer",
            "initiative__code",
            "unit__code",
            "person_name",
            "person_position",
            "area__code",
            "recorded_by__username",
        ),
        key=lambda award: award[3],
    )


def _stored_files():
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []


# --- template ------------------------------------------------------------------------------------


def test_award_template_has_vietnamese_headers_example_drop_downs_and_instructions(client_for, province_staff):
    response = client_for(province_staff).get(reverse("imports:template", args=["awards"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = book["Dữ liệu"]
    assert [cell.value for cell in data[1] if cell.value] == [
        "Hình thức khen thưởng",
        "Cấp khen thưởng",
        "Năm thành tích",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan khen thưởng",
        "Người ký",
        "Mô hình",
        "Mã mô hình",
        "Đơn vị",
        "Mã đơn vị",
        "Họ và tên",
        "Chức vụ",
        "Địa bàn",
        "Mã địa bàn",
    ]
    assert [cell.value for cell in data[2]][:6] == [
        "Bằng khen",
        "Chủ tịch UBND tỉnh",
        2024,
        "1234/QĐ-UBND",
        "20/12/2024",
        "UBND tỉnh",
    ]
    validated = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    assert validated == {"A2": "list_award_form", "B2": "list_issuing_level"}
    lists = book["Danh mục"]
    assert [cell.value for cell in lists["A"] if cell.value] == ["Hình thức khen thưởng", "Bằng khen", "Cờ thi đua", "Giấy khen"]
    assert [cell.value for cell in lists["B"] if cell.value] == [
        "Cấp khen thưởng",
        "Ban Dân vận Tỉnh ủy",
        "Chủ tịch UBND cấp huyện",
        "Chủ tịch UBND tỉnh",
        "Thủ tướng Chính phủ",
        "UBND tỉnh",
    ]
    guide = list(book["Hướng dẫn"].iter_rows(values_only=True))
    assert (
        "Hình thức khen thưởng",
        "Có",
        "Giấy khen, Bằng khen, Cờ thi đua... như trong danh mục hình thức khen thưởng. "
        "Các giá trị: Bằng khen; Cờ thi đua; Giấy khen.",
    ) in guide
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-awards.xlsx"'


# --- a good file -----------------------------------------------------------------------------------


def test_good_file_of_past_awards_previews_as_new(client_for, province_staff, model_a, unit_b):
    upload(client_for(province_staff), "awards", "khen-thuong.xlsx", xlsx_bytes([HEADER, *GOOD]))

    job = last_job()
    assert (job.kind, job.status, job.counts["new"], job.counts["error"]) == ("awards", "ready", 4, 0)
    assert preview(job) == [(2, "new", []), (3, "new", []), (4, "new", []), (5, "new", [])]
    assert [row.label for row in job.rows.all()] == [
        "Giấy khen · GL-01",
        "Bằng khen · ubnd phuong bo de",
        "Cờ thi đua · GL-DANGXA",
        "Giấy khen · Nguyễn Thị Hoa",
    ]
    assert not Award.objects.exists()


def test_confirmed_award_import_saves_every_row_with_its_audit_row(client_for, province_staff, model_a, unit_b):
    client = client_for(province_staff)
    upload(client, "awards", "khen-thuong.xlsx", xlsx_bytes([HEADER, *GOOD]))
    job = last_job()

    confirm(client, job)

    job.refresh_from_db()
    assert (job.status, job.counts["new"], job.stored_name) == ("done", 4, "")
    staff, bdv = "province_staff", "Ban Dân vận Tỉnh ủy"
    assert _awards() == [
        ("Cờ thi đua", "collective", 2023, "1020/QĐ-UBND", datetime.date(2023, 12, 25), "UBND tỉnh",
         None, "GL-DANGXA", "", "", "LC00565", staff),
        ("Giấy khen", "collective", 2021, "12-QĐ/BDVTU", datetime.date(2022, 1, 15), bdv,
         "GL-01", None, "", "", "LC00565", staff),
        ("Bằng khen", "collective", 2022, "345/QĐ-UBND", datetime.date(2022, 12, 20), "UBND tỉnh",
         None, "LB-BODE", "", "", "LC00133", staff),
        ("Giấy khen", "individual", 2023, "56-QĐ/BDVTU", datetime.date(2024, 1, 10), bdv,
         None, None, "Nguyễn Thị Hoa", "Bí thư chi bộ thôn Đặng Xá", "LC00565", staff),
    ]  # fmt: skip
    created = AuditEntry.objects.filter(content_type__model="award").order_by("object_id")
    assert [(entry.action, entry.actor, entry.note) for entry in created] == [
        ("create", province_staff, "Nhập từ tệp khen-thuong.xlsx")
    ] * 4
    assert sorted(entry.object_id for entry in created) == sorted(Award.objects.values_list("pk", flat=True))
    person = Award.objects.get(person_name="Nguyễn Thị Hoa")
    assert created.get(object_id=person.pk).changes["person_position"] == [None, "Bí thư chi bộ thôn Đặng Xá"]
    confirmation = AuditEntry.objects.get(content_type__model="importjob", object_id=job.pk)
    assert (confirmation.action, confirmation.actor, confirmation.changes["new"]) == ("import", province_staff, [None, 4])
    assert confirmation.note == f"Đã nhập khen-thuong.xlsx (SHA-256 {job.sha256})"


def test_award_import_is_one_transaction_when_the_registry_changed_after_the_preview(client_for, province_staff, model_a, unit_b):
    client = client_for(province_staff)
    upload(client, "awards", "khen-thuong.xlsx", xlsx_bytes([HEADER, *GOOD]))
    job = last_job()
    meanwhile = AwardFactory(
        initiative=model_a, award_form=award_form(), year=2021, decision_no="7-QĐ/BDVTU", decided_on=datetime.date(2021, 12, 1)
    )

    confirm(client, job)

    job.refresh_from_db()
    assert (job.status, job.message) == (
        "ready",
        "Một số dòng không còn hợp lệ (dữ liệu trong sổ đã thay đổi từ lúc xem trước). Chưa có gì được nhập.",
    )
    assert preview(job)[0] == (
        2,
        "error",
        [
            (
                "Số quyết định",
                "“Hiến đất làm đường giao thông nông thôn” đã được tặng Giấy khen — Ban Dân vận Tỉnh ủy năm 2021 "
                "(quyết định 7-QĐ/BDVTU ngày 01/12/2021).",
            )
        ],
    )
    assert list(Award.objects.all()) == [meanwhile]
    assert not AuditEntry.objects.filter(content_type__model="award").exists()


def test_same_decision_with_corrected_details_updates_the_award(client_for, province_staff, unit_a, commune_a):
    award = AwardFactory(
        initiative=None,
        award_form=award_form(recipient_kind="individual"),
        year=2023,
        decision_no="56-QĐ/BDVTU",
        decided_on=datetime.date(2024, 1, 10),
        issuer="Ban Dân vận Tỉnh ủy",
        person_name="Nguyễn Thị Hoa",
        person_position="Bí thư chi bộ",
        area=commune_a,
    )
    client = client_for(province_staff)
    upload(client, "awards", "sua.xlsx", xlsx_bytes([HEADER, TO_PERSON]))

    confirm(client, last_job())

    award.refresh_from_db()
    change = AuditEntry.objects.get(content_type__model="award", object_id=award.pk)
    assert preview(last_job()) == [(2, "update", [])]
    assert (Award.objects.count(), award.person_position) == (1, "Bí thư chi bộ thôn Đặng Xá")
    assert (change.action, change.changes) == ("update", {"person_position": ["Bí thư chi bộ", "Bí thư chi bộ thôn Đặng Xá"]})


def test_person_of_the_same_name_in_another_commune_is_another_recipient(client_for, province_staff, unit_a, commune_b):
    AwardFactory(
        initiative=None,
        award_form=award_form(recipient_kind="individual"),
        year=2023,
        decision_no="9-QĐ/BDVTU",
        decided_on=datetime.date(2023, 12, 30),
        person_name="Nguyễn Thị Hoa",
        issuer="UBND tỉnh",
        area=commune_b,
    )
    in_bo_de = _row("Giấy khen", "Ban Dân vận Tỉnh ủy", 2023, "9-QĐ/BDVTU", "30/12/2023", person="Nguyễn Thị Hoa", area="Bồ Đề")
    client = client_for(province_staff)
    upload(client, "awards", "x.xlsx", xlsx_bytes([HEADER, TO_PERSON, in_bo_de]))

    assert preview(last_job()) == [(2, "new", []), (3, "unchanged", [])]


# --- a file with one bad row -------------------------------------------------------------------------


def _row(form, level, year, decision_no, decided_on, *, model="", unit="", person="", area="", issuer="UBND tỉnh"):
    """A sixth line of the file (STT 5)."""
    return [5, form, level, year, decision_no, decided_on, issuer, model, unit, person, "", area]


DOUBLE = (
    "“Hiến đất làm đường giao thông nông thôn” đã được tặng Giấy khen — Ban Dân vận Tỉnh ủy năm 2020 "
    "(quyết định 3-QĐ/BDVTU ngày 20/12/2020)."
)
BAD_ROWS = {
    "unknown award form": (
        _row("Giấy chứng nhận", "", 2023, "77-QĐ/BDVTU", "05/01/2024", model="GL-01"),
        [("Hình thức khen thưởng", "Không có hình thức khen thưởng “Giấy chứng nhận” trong danh mục.")],
    ),
    "date that does not exist": (
        _row("Giấy khen", "Ban Dân vận Tỉnh ủy", 2022, "77-QĐ/BDVTU", "31/02/2021", model="GL-01"),
        [("Ngày quyết định", "“31/02/2021” không phải là ngày có thật.")],
    ),
    "unit outside the area": (
        _row("Bằng khen", "Chủ tịch UBND tỉnh", 2023, "88/QĐ-UBND", "05/01/2024", unit="BN-TAMSON"),
        [("Đơn vị", "Không tìm thấy đơn vị “BN-TAMSON” trong địa bàn của bạn (theo mã hoặc tên).")],
    ),
    "person outside the area": (
        _row("Giấy khen", "Ban Dân vận Tỉnh ủy", 2023, "89-QĐ/BDVTU", "05/01/2024", person="Trần Văn Nam", area="Tam Sơn"),
        [("Địa bàn", "Không tìm thấy địa bàn “Tam Sơn” trong địa bàn của bạn.")],
    ),
    "collective form for a person": (
        _row("Cờ thi đua", "", 2023, "90/QĐ-UBND", "05/01/2024", person="Trần Văn Nam", area="Đặng Xá"),
        [("Hình thức khen thưởng", "“Cờ thi đua — UBND tỉnh” dành cho tập thể: hãy chọn một mô hình hoặc một đơn vị.")],
    ),
    "double award already in the registry": (
        _row("Giấy khen", "Ban Dân vận Tỉnh ủy", 2020, "77-QĐ/BDVTU", "05/01/2021", model="GL-01"),
        [("Số quyết định", DOUBLE)],
    ),
    "double award twice in the file": (  # the same achievement as line 2, written differently
        _row("giay khen", "Ban Dan van Tinh uy", 2021, "13-QĐ/BDVTU", "16/01/2022", model="GL-01"),
        [("", "Trùng với dòng 2 của tệp này (GL-01); hãy giữ một dòng.")],
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_file_with_one_bad_award_row_imports_nothing_and_preview_lists_exactly_its_errors(
    client_for, province_staff, model_a, unit_b, other_province, case
):
    AwardFactory(
        initiative=model_a, award_form=award_form(), year=2020, decision_no="3-QĐ/BDVTU", decided_on=datetime.date(2020, 12, 20)
    )
    bad, errors = BAD_ROWS[case]
    client = client_for(province_staff)
    upload(client, "awards", "khen-thuong.xlsx", xlsx_bytes([HEADER, *GOOD, bad]))
    job = last_job()

    response = confirm(client, job)

    job.refresh_from_db()
    assert preview(job) == [(2, "new", []), (3, "new", []), (4, "new", []), (5, "new", []), (6, "error", errors)]
    assert list(response.wsgi_request._messages)[0].message == (
        "Hãy sửa các dòng lỗi rồi tải tệp lên lại, hoặc đánh dấu “bỏ các dòng lỗi”."
    )
    assert (job.status, Award.objects.count()) == ("ready", 1)


# --- who may import awards -----------------------------------------------------------------------------


def test_officer_cannot_import_awards_the_kind_is_not_offered_and_an_upload_is_refused(client_for, officer_a, model_a):
    client = client_for(officer_a)
    files_before = set(_stored_files())

    page = client.get(reverse("imports:index"))
    template = client.get(reverse("imports:template", args=["awards"]))
    response = upload(client, "awards", "khen-thuong.xlsx", xlsx_bytes([HEADER, TO_MODEL]))

    assert [value for value, _label in page.context["kinds"]] == ["units", "initiatives"]
    assert template.status_code == 403
    assert response.context["form"].errors["kind"] == [
        "Hãy chọn một lựa chọn hợp lệ. awards không phải là một trong các lựa chọn khả thi."
    ]
    assert (ImportJob.objects.count(), set(_stored_files()) - files_before, Award.objects.count()) == (0, set(), 0)


def test_award_import_refuses_an_officer_even_past_the_page(officer_a, model_a):
    with pytest.raises(domain.DomainError) as error:
        domain.start_import(by=officer_a, kind="awards", name="x.xlsx", data=xlsx_bytes([HEADER, TO_MODEL]))

    assert error.value.message == "Bạn không được nhập loại dữ liệu này."
    assert ImportJob.objects.count() == 0


# --- round trip --------------------------------------------------------------------------------------------


def test_awards_export_reimports_unchanged_with_identical_records(client_for, province_staff, unit_a, unit_b, commune_a):
    namesake = UnitFactory(code="GL-HPN", name="Hội Liên hiệp Phụ nữ xã", area=commune_a)
    UnitFactory(code="LB-HPN", name="Hội Liên hiệp Phụ nữ xã", area=unit_b.area)  # same name, other district
    model = InitiativeFactory(name="Chợ văn minh", code=None, unit=unit_a, status="recognised")
    InitiativeFactory(name="Chợ văn minh", code=None, unit=unit_b, status="recognised")  # same name, other unit
    exemplar = InitiativeFactory(
        kind="exemplar", name="Điển hình Nguyễn Văn An", unit=unit_a, person_name="Nguyễn Văn An", person_position="Trưởng thôn"
    )
    AwardFactory(initiative=model, award_form=award_form("Bằng khen", issuing_level="Chủ tịch UBND tỉnh"), year=2022)
    AwardFactory(initiative=None, unit=namesake, year=2021, signer="", issuer="=1+1 không phải công thức")
    AwardFactory(
        initiative=exemplar,
        award_form=award_form(recipient_kind="individual"),
        person_name="Nguyễn Văn An",
        person_position="Trưởng thôn",
    )
    AwardFactory(
        initiative=None,
        award_form=award_form(recipient_kind="individual"),
        year=2019,
        decided_on=datetime.date(2020, 1, 6),
        person_name="Lê Thị Mai",
        person_position="Chi hội trưởng phụ nữ",
        area=unit_b.area,
    )
    client = client_for(province_staff)
    before = {award.pk: snapshot(award, TRACKED_FIELDS) for award in Award.objects.all()}

    export = client.get(reverse("awards:list"), {"export": "xlsx"})
    data = b"".join(export.streaming_content)
    upload(client, "awards", "xuat.xlsx", data)
    job = last_job()
    confirm(client, job)

    headers = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=4, max_row=4, values_only=True))
    assert headers == (
        "STT",
        "Hình thức khen thưởng",
        "Cấp khen thưởng",
        "Năm thành tích",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan khen thưởng",
        "Người ký",
        "Mô hình",
        "Mã mô hình",
        "Đơn vị",
        "Mã đơn vị",
        "Họ và tên",
        "Chức vụ",
        "Địa bàn",
        "Mã địa bàn",
    )  # the import template's columns, in its order
    assert [status for _row, status, _errors in preview(job)] == ["unchanged"] * 4
    assert {award.pk: snapshot(award, TRACKED_FIELDS) for award in Award.objects.all()} == before
    assert not AuditEntry.objects.filter(content_type__model="award").exists()
