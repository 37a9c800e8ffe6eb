"""The import journey: template, upload, preview, confirm, all or nothing, limits, scope, audit, background."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from danvan.audit.models import AuditEntry
from models_registry.imports.models import ImportJob
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.units.models import Unit
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_imports import INITIATIVE_HEADER, confirm, csv_bytes, last_job, preview, upload, xlsx_bytes

GOOD = ["GL-01", "Hiến đất làm đường giao thông nông thôn", "GL-DANGXA", "Kinh tế", "2021–2025", "15/03/2024"]
BAD = ["GL-02", "Chợ văn minh", "GL-DANGXA", "Nông nghiệp", "2021–2025", "31/02/2024"]


def _stored_files():
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []


@pytest.fixture
def no_stored_files():
    """Import files other tests left behind do not count."""
    before = set(_stored_files())
    yield lambda: sorted(set(_stored_files()) - before)


def test_template_has_headers_example_lists_and_instructions(client_for, officer_a):
    response = client_for(officer_a).get(reverse("imports:template", args=["initiatives"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = book["Dữ liệu"]
    headers = [cell.value for cell in data[1]]
    assert headers[:6] == ["ID", "Mã mô hình", "Loại", "Tên mô hình", "Đơn vị", "Mã đơn vị"]
    assert data["D2"].value == "Ví dụ: Dân vận khéo trong xây dựng nông thôn mới (xóa dòng này)"
    validated = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    assert set(validated) == {"C2", "G2", "H2", "K2", "L2"}  # kind, field, phase, status, recognition level
    assert [cell.value for cell in book["Danh mục"]["G"]][:5] == [
        "Lĩnh vực",
        "Kinh tế",
        "Văn hóa – xã hội",
        "Quốc phòng – an ninh",
        "Xây dựng hệ thống chính trị",
    ]
    guide = [row for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert ("Tên mô hình", "Có", "Tên mô hình hoặc điển hình.") in guide


def test_template_of_units_names_unit_kinds_in_its_drop_down(client_for, officer_a):
    response = client_for(officer_a).get(reverse("imports:template", args=["units"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    kinds = [cell.value for cell in book["Danh mục"]["C"] if cell.value]
    assert kinds == ["Loại đơn vị", "Xã/phường/thị trấn", "Cơ quan", "Doanh nghiệp", "Lực lượng vũ trang", "MTTQ và đoàn thể"]


def test_the_template_itself_imports_nothing_but_its_example_is_left_out(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    template = client.get(reverse("imports:template", args=["units"])).content

    response = upload(client, "units", "mau.xlsx", template)

    assert response.context["form"].errors["file"] == ["Bảng dưới dòng tiêu đề không có dữ liệu."]


def test_file_with_one_bad_row_imports_nothing_and_preview_lists_exactly_its_errors(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    upload(client, "initiatives", "mo-hinh.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD, BAD]))
    job = last_job()

    response = confirm(client, job)

    assert preview(job) == [
        (2, "new", []),
        (
            3,
            "error",
            [
                (
                    "Lĩnh vực",
                    "“Nông nghiệp” không phải là lĩnh vực; hãy dùng một trong: "
                    "Kinh tế, Văn hóa – xã hội, Quốc phòng – an ninh, Xây dựng hệ thống chính trị.",
                ),
                ("Ngày đăng ký", "“31/02/2024” không phải là ngày có thật."),
            ],
        ),
    ]
    assert list(response.wsgi_request._messages)[0].message.startswith("Hãy sửa các dòng lỗi")
    assert not Initiative.objects.exists()


def test_preview_page_shows_every_row_and_disables_confirm_while_errors_remain(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    upload(client, "initiatives", "mo-hinh.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD, BAD]))

    page = client.get(last_job().get_absolute_url()).content.decode()

    assert 'id="confirm-button" disabled' in page
    assert "<strong>Ngày đăng ký</strong>: “31/02/2024” không phải là ngày có thật." in page
    assert page.count("<tr class=") == 2


def test_leaving_out_error_rows_imports_the_rest(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    upload(client, "initiatives", "mo-hinh.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD, BAD]))
    job = last_job()

    confirm(client, job, skip_errors=True)

    job.refresh_from_db()
    assert (job.status, job.counts["new"], job.counts["skipped"]) == ("done", 1, 1)
    assert list(Initiative.objects.values_list("code", flat=True)) == ["GL-01"]
    assert [status for _n, status, _e in preview(job)] == ["new", "skipped"]


def test_confirmed_import_writes_audit_history_and_deletes_the_file(client_for, officer_a, unit_a, no_stored_files):
    client = client_for(officer_a)
    upload(client, "initiatives", "mo-hinh.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD]))
    job = last_job()
    assert len(no_stored_files()) == 1

    confirm(client, job)

    job.refresh_from_db()
    initiative = Initiative.objects.get()
    change = StatusChange.objects.get(initiative=initiative)
    created = AuditEntry.objects.get(object_id=initiative.pk, content_type__model="initiative")
    confirmation = AuditEntry.objects.get(object_id=job.pk, content_type__model="importjob")
    assert (initiative.status, initiative.created_by, change.from_status, change.to_status) == ("draft", officer_a, "", "draft")
    assert (created.action, created.note, created.changes["name"]) == ("create", "Nhập từ tệp mo-hinh.xlsx", [None, GOOD[1]])
    assert (confirmation.action, confirmation.actor) == ("import", officer_a)
    assert confirmation.changes["sha256"] == [None, job.sha256]
    assert confirmation.note == f"Đã nhập mo-hinh.xlsx (SHA-256 {job.sha256})"
    assert (job.status, job.stored_name, no_stored_files()) == ("done", "", [])


def test_import_takes_a_status_from_the_file_for_new_models(client_for, officer_a, unit_a):
    header = [*INITIATIVE_HEADER, "Thực trạng", "Mục tiêu", "Nội dung", "Trạng thái"]
    rows = [header, [*GOOD, "Đường hẹp.", "Mở rộng 2 km.", "Họp dân.", "Chờ duyệt"]]
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes(rows))

    confirm(client, last_job())

    initiative = Initiative.objects.get()
    assert initiative.status == "submitted"
    assert list(initiative.status_changes.values_list("from_status", "to_status")) == [("", "submitted")]


def test_import_refuses_to_change_the_status_of_an_existing_model(client_for, officer_a, unit_a):
    InitiativeFactory(code="GL-01", unit=unit_a, status="submitted")
    rows = [["Mã mô hình", "Tên mô hình", "Đơn vị", "Trạng thái"], ["GL-01", "Mô hình", "GL-DANGXA", "Đang thực hiện"]]

    upload(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes(rows))

    assert preview(last_job()) == [
        (
            2,
            "error",
            [
                (
                    "Trạng thái",
                    "Mô hình đã có chỉ đổi trạng thái qua quy trình duyệt (hiện: Chờ duyệt); hãy giữ nguyên trạng thái.",
                )
            ],
        )
    ]


def test_import_is_all_or_nothing_when_the_registry_changed_after_the_preview(client_for, officer_a, unit_a, unit_b):
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD, ["GL-02", "Mô hình hai", "GL-DANGXA"]]))
    job = last_job()
    InitiativeFactory(code="GL-02", unit=unit_b)  # taken meanwhile in the other district

    confirm(client, job)

    job.refresh_from_db()
    assert job.status == "ready"
    assert job.message.startswith("Một số dòng không còn hợp lệ")
    assert preview(job)[1] == (3, "error", [("Mã mô hình", "Mã GL-02 đã thuộc về một mô hình khác.")])
    assert list(Initiative.objects.values_list("code", flat=True)) == ["GL-02"]


def test_formulas_are_read_as_their_cached_values_never_evaluated(client_for, officer_a, unit_a):
    """A workbook written by Excel keeps each formula's last value; openpyxl with data_only reads that value."""
    data = xlsx_bytes([["Tên mô hình", "Đơn vị", "Công trình hoàn thành"], ["Mô hình", "GL-DANGXA", 0]])
    data = _with_formula(data, "C2", "SUM(1,2)", cached="3")
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", data)

    confirm(client, last_job())

    assert Initiative.objects.get().works_completed == 3


def _with_formula(data: bytes, cell: str, formula: str, cached: str) -> bytes:
    """Rewrite one cell of sheet1 as <f>formula</f><v>cached</v>, as Excel saves it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start) + len("</c>")
                content = (text[:start] + f'<c r="{cell}"><f>{formula}</f><v>{cached}</v></c>' + text[end:]).encode()
            target.writestr(item, content)
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "cu.xls",
            b"\xd0\xcf\x11\xe0 old excel",
            "Đây là tệp Excel định dạng cũ hoặc có macro (.xls): hãy mở trong Excel và lưu lại dưới dạng .xlsx (Excel Workbook).",
        ),
        ("ghi-chu.txt", b"abc", "Chỉ nhập được tệp .xlsx và .csv."),
        ("hong.xlsx", b"not a zip at all", "Tệp .xlsx không hợp lệ. Hãy mở trong Excel và lưu lại dưới dạng .xlsx."),
    ],
)
def test_wrong_kinds_of_file_are_refused_with_their_message_and_nothing_written(
    client_for, officer_a, no_stored_files, name, data, message
):
    response = upload(client_for(officer_a), "units", name, data)

    assert response.context["form"].errors["file"] == [message]
    assert (ImportJob.objects.count(), no_stored_files()) == (0, [])


def test_oversize_file_is_refused_with_its_message_and_nothing_written(client_for, officer_a, no_stored_files):
    data = xlsx_bytes([["Mã đơn vị", "Tên đơn vị"], ["A", "B"]]) + b"\0" * (20 * 1024 * 1024)

    response = upload(client_for(officer_a), "units", "lon.xlsx", data)

    assert response.context["form"].errors["file"] == [
        "Tệp nặng 20,0\xa0MB; mỗi lần chỉ nhập được tối đa 20,0\xa0MB. Hãy chia thành nhiều tệp."
    ]
    assert (ImportJob.objects.count(), no_stored_files()) == (0, [])


def test_too_many_rows_are_refused_with_their_message(client_for, officer_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["Mã đơn vị", "Tên đơn vị"]] + [[f"U{n}", f"Đơn vị {n}"] for n in range(4)]

    response = upload(client_for(officer_a), "units", "nhieu.xlsx", xlsx_bytes(rows))

    assert response.context["form"].errors["file"] == [
        "Tệp có 4 dòng; mỗi lần chỉ nhập được tối đa 3 dòng. Hãy chia thành nhiều tệp."
    ]
    assert ImportJob.objects.count() == 0


def test_zip_bomb_is_refused_before_parsing_and_nothing_written(client_for, officer_a, no_stored_files):
    """A real bomb: 300 MB of zeros compressed to a few hundred kilobytes inside a valid-looking .xlsx."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Mã đơn vị", "Tên đơn vị"], ["A", "B"]])))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item.filename, source.read(item.filename))
        with bomb.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                padding.write(chunk)

    response = upload(client_for(officer_a), "units", "bom.xlsx", output.getvalue())

    assert response.context["form"].errors["file"] == [
        "Tệp .xlsx khi giải nén sẽ lên tới 300,0\xa0MB, lớn bất thường với một bảng tính. Tệp bị từ chối để đảm bảo an toàn."
    ]
    assert (ImportJob.objects.count(), no_stored_files()) == (0, [])


def test_officer_cannot_import_into_another_district(client_for, officer_a, unit_a, unit_b, commune_b):
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"],
        ["LB-BODE", "Đổi tên đơn vị huyện khác", "Cơ quan", "Đặng Xá"],
        ["GL-MOI", "Đơn vị mới", "Cơ quan", commune_b.code],
        ["GL-TOT", "Đơn vị trong huyện", "Cơ quan", "Đặng Xá"],
    ]
    client = client_for(officer_a)
    upload(client, "units", "don-vi.xlsx", xlsx_bytes(rows))

    confirm(client, last_job(), skip_errors=True)

    assert preview(last_job()) == [
        (2, "skipped", [("Mã đơn vị", "Mã LB-BODE thuộc một đơn vị ngoài địa bàn của bạn.")]),
        (3, "skipped", [("Địa bàn", "Không tìm thấy địa bàn “LC00133” trong địa bàn của bạn.")]),
        (4, "new", []),
    ]
    unit_b.refresh_from_db()
    assert unit_b.name == "UBND phường Bồ Đề"
    assert sorted(Unit.objects.values_list("code", "area__code")) == [
        ("GL-DANGXA", "LC00565"),
        ("GL-TOT", "LC00565"),
        ("LB-BODE", "LC00133"),
    ]


def test_import_jobs_belong_to_their_uploader_only(client_for, officer_a, officer_b, unit_a):
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD]))
    job = last_job()
    other = client_for(officer_b)

    responses = [
        other.get(reverse("imports:job", args=[job.pk])).status_code,
        other.get(reverse("imports:progress", args=["import", job.pk])).status_code,
        other.post(reverse("imports:confirm", args=[job.pk])).status_code,
        other.post(reverse("imports:cancel", args=[job.pk])).status_code,
    ]

    assert responses == [404, 404, 404, 404]
    assert not Initiative.objects.exists()


def test_leaders_cannot_import_and_officers_cannot_import_awards(client_for, leader, officer_a):
    assert client_for(leader).get(reverse("imports:index")).status_code == 403
    assert client_for(officer_a).get(reverse("imports:template", args=["awards"])).status_code == 403
    kinds = [value for value, _label in client_for(officer_a).get(reverse("imports:index")).context["kinds"]]
    assert kinds == ["units", "initiatives"]


def test_cancel_deletes_the_kept_file(client_for, officer_a, unit_a, no_stored_files):
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD]))
    job = last_job()

    client.post(reverse("imports:cancel", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, no_stored_files(), Initiative.objects.count()) == ("cancelled", [], 0)


def test_large_file_is_checked_and_imported_by_the_worker_with_progress(client_for, officer_a, unit_a, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    rows = [["Tên mô hình", "Đơn vị"]] + [[f"Mô hình số {n}", "GL-DANGXA"] for n in range(5)]
    client = client_for(officer_a)
    upload(client, "initiatives", "lon.xlsx", xlsx_bytes(rows))
    job = last_job()
    checked = client.get(reverse("imports:progress", args=["import", job.pk])).json()

    confirm(client, job)

    done = client.get(reverse("imports:progress", args=["import", job.pk])).json()
    job.refresh_from_db()
    assert job.task_id != ""
    assert (checked["status"], checked["total"], checked["running"]) == ("ready", 5, False)
    assert (done["status"], done["processed"], done["percent"], done["running"]) == ("done", 5, 100, False)
    assert Initiative.objects.count() == 5


def test_progress_page_polls_while_the_worker_runs(client_for, officer_a, unit_a):
    job = ImportJob.objects.create(
        kind="units", user=officer_a, original_name="x.xlsx", sha256="0" * 64, total_rows=4000, processed_rows=1000
    )

    page = client_for(officer_a).get(job.get_absolute_url()).content.decode()

    assert f'data-progress-url="/import/progress/import/{job.pk}/"' in page
    assert 'data-progress-running="1"' in page
    assert 'data-percent="25"' in page


def test_round_trip_of_units_with_areas_keeps_ambiguous_names(client_for, officer_a, unit_a):
    """Two communes may share a name; an update keeps the area the unit already has."""
    UnitFactory(code="GL-2", name="Đơn vị hai", area=unit_a.area)
    rows = [["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"], ["GL-2", "Đơn vị hai", "Xã/phường/thị trấn", "Đặng Xá"]]

    upload(client_for(officer_a), "units", "x.xlsx", xlsx_bytes(rows))

    assert preview(last_job()) == [(2, "unchanged", [])]


@pytest.mark.parametrize("rows", [1, 5])
def test_preview_page_query_count_is_flat(client_for, officer_a, unit_a, django_assert_num_queries, rows):
    data = xlsx_bytes([["Tên mô hình", "Đơn vị"]] + [[f"Mô hình {n}", "GL-DANGXA"] for n in range(rows)])
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", data)
    job = last_job()
    client.get(job.get_absolute_url())

    with django_assert_num_queries(7):  # with the navigation's count of returned models
        client.get(job.get_absolute_url())


def test_nul_in_a_csv_cell_is_a_row_message_not_a_500(client_for, officer_a, unit_a, no_stored_files):
    data = csv_bytes([["Tên mô hình", "Đơn vị", "Mục tiêu"], ["Mô hình\x00 A", "GL-DANGXA", "Mục\x00tiêu"]])

    response = upload(client_for(officer_a), "initiatives", "x.csv", data)

    job = last_job()
    message = "Ô này chứa ký tự điều khiển vô hình (như NUL): hãy xóa chúng rồi nhập lại."
    assert (response.status_code, job.status) == (302, "ready")
    assert preview(job) == [(2, "error", [("Tên mô hình", message), ("Mục tiêu", message)])]
    assert job.rows.get().label == "Mô hình\ufffd A"


def test_a_check_that_breaks_fails_the_job_says_why_and_deletes_the_upload(
    client_for, officer_a, unit_a, no_stored_files, monkeypatch
):
    from models_registry.initiatives.resources import InitiativeResource

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(InitiativeResource, "import_data", broken)

    upload(client_for(officer_a), "initiatives", "x.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD]))

    job = last_job()
    assert (job.status, job.stored_name, no_stored_files()) == ("failed", "", [])
    assert job.message == "Nhập tệp gặp lỗi bất ngờ; chưa có gì được nhập. Hãy thử lại hoặc báo quản trị viên."


def test_an_import_that_breaks_after_confirm_fails_the_job_and_imports_nothing(
    client_for, officer_a, unit_a, no_stored_files, monkeypatch
):
    from models_registry.imports import domain as imports

    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([INITIATIVE_HEADER, GOOD]))
    monkeypatch.setattr(imports, "_record_confirmation", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))

    confirm(client, last_job())

    job = last_job()
    assert (job.status, job.stored_name, Initiative.objects.count(), no_stored_files()) == ("failed", "", 0, [])
