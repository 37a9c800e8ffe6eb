"""List exports: round trip through the import, formula injection, background exports, constant memory."""

import datetime
import io
import tempfile
import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from danvan.audit.domain import snapshot
from danvan.exports.models import ExportJob
from danvan.exports.registry import list_view
from danvan.lists import ScopedListView
from danvan.xlsx import ExportColumn, write_list
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.resources import TRACKED_FIELDS
from models_registry.units.domain import TRACKED_FIELDS as UNIT_FIELDS
from models_registry.units.models import Unit
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_imports import last_job, preview


def _download(response) -> bytes:
    return b"".join(response.streaming_content)


def _reimport(client, kind: str, data: bytes):
    client.post(reverse("imports:index"), {"kind": kind, "file": SimpleUploadedFile("xuat.xlsx", data)})
    return last_job()


def test_units_export_reimports_unchanged_with_identical_records(client_for, officer_a, unit_a, commune_a):
    UnitFactory(code="GL-HND", name="Hội Nông dân xã", kind="front", area=commune_a, address="Thôn 2", phone="+84 24 3827 1234")
    UnitFactory(code="GL-OLD", name="Đơn vị cũ", kind="agency", area=commune_a, is_active=False, email="cu@example.vn")
    client = client_for(officer_a)
    before = {unit.code: snapshot(unit, UNIT_FIELDS) for unit in Unit.objects.all()}

    data = _download(client.get(reverse("units:list"), {"export": "xlsx"}))
    job = _reimport(client, "units", data)
    client.post(reverse("imports:confirm", args=[job.pk]))

    assert [status for _row, status, _errors in preview(job)] == ["unchanged"] * 3
    assert {unit.code: snapshot(unit, UNIT_FIELDS) for unit in Unit.objects.all()} == before


def test_initiatives_export_reimports_unchanged_with_identical_records(client_for, officer_a, unit_a):
    InitiativeFactory(
        code="GL-01",
        unit=unit_a,
        registered_on=datetime.date(2024, 3, 15),
        money_mobilised=2_500_000_000,
        land_donated_m2=446_000,
        people_reached=1200,
    )
    InitiativeFactory(code=None, unit=unit_a, kind="exemplar", person_name="Nguyễn Thị Hoa", person_position="Bí thư chi bộ")
    InitiativeFactory(code=None, unit=unit_a, status="in_progress", goals="=1+1 không phải công thức", started_on=None)
    client = client_for(officer_a)
    before = {item.pk: snapshot(item, TRACKED_FIELDS) for item in Initiative.objects.all()}

    data = _download(client.get(reverse("initiatives:list"), {"export": "xlsx"}))
    job = _reimport(client, "initiatives", data)
    client.post(reverse("imports:confirm", args=[job.pk]))

    assert [status for _row, status, _errors in preview(job)] == ["unchanged"] * 3
    assert {item.pk: snapshot(item, TRACKED_FIELDS) for item in Initiative.objects.all()} == before


def test_export_neutralises_formula_cells_and_they_reimport_as_the_same_text(client_for, officer_a, commune_a):
    UnitFactory(code="GL-X", name='=HYPERLINK("http://example.com","bấm")', area=commune_a, contact_name="@ai", phone="-5")
    client = client_for(officer_a)

    data = _download(client.get(reverse("units:list"), {"export": "xlsx"}))
    row = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=5, values_only=True))
    job = _reimport(client, "units", data)

    assert (row[2], row[7], row[8]) == ('\'=HYPERLINK("http://example.com","bấm")', "'@ai", "'-5")
    assert preview(job) == [(5, "unchanged", [])]


def test_large_export_runs_in_background_and_offers_a_download(client_for, officer_a, commune_a, unit_b, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    UnitFactory.create_batch(3, area=commune_a)
    client = client_for(officer_a)

    response = client.get(reverse("units:list"), {"export": "xlsx", "kind": "commune"})

    job = ExportJob.objects.get()
    assert response.url == reverse("exports:export", args=[job.pk])
    status = client.get(reverse("imports:progress", args=["export", job.pk])).json()
    assert (status["status"], status["processed"], status["percent"]) == ("done", 3, 100)
    page = client.get(response.url).content.decode()
    assert reverse("exports:download", args=[job.pk]) in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4 + 3  # under the header, the three units of district A; district B's unit is not there
    assert sheet["A2"].value.startswith("Địa bàn: Gia Lâm — lọc theo Loại đơn vị: Xã/phường/thị trấn — ngày xuất: ")
    assert job.query == "kind=commune"
    assert download["Content-Disposition"].startswith('attachment; filename="gia-lam-don-vi-')


def test_background_export_belongs_to_its_user_only(client_for, officer_a, officer_b, commune_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    UnitFactory(area=commune_a)
    client_for(officer_a).get(reverse("units:list"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    other = client_for(officer_b)

    codes = [other.get(reverse(name, args=[job.pk])).status_code for name in ("exports:export", "exports:download")]
    progress = other.get(reverse("imports:progress", args=["export", job.pk]))

    assert [*codes, progress.status_code] == [404, 404, 404]
    assert "Không tìm thấy trang" in progress.content.decode()


def test_officer_export_never_contains_another_district(client_for, officer_b, unit_a, unit_b):
    response = client_for(officer_b).get(reverse("units:list"), {"export": "xlsx", "q": "Đặng Xá"})

    sheet = openpyxl.load_workbook(io.BytesIO(_download(response))).active
    assert (sheet.max_row, sheet["A4"].value) == (4, "STT")  # the header, and no row


def test_export_refuses_columns_that_mix_database_fields_and_functions(db):
    columns = [ExportColumn("Mã", "code"), ExportColumn("Tên", lambda unit: unit.name)]

    with pytest.raises(TypeError), tempfile.TemporaryFile() as file:
        write_list(Unit.objects.all(), columns, title="Đơn vị", file=file)


@pytest.mark.slow
def test_export_memory_does_not_grow_with_rows():
    columns = [
        ExportColumn("Mã", lambda n: f"DV-{n:06d}"),
        ExportColumn("Tên", lambda n: f"Đơn vị dân vận khéo số {n}"),
        ExportColumn("Số", lambda n: n, kind="number"),
    ]

    def peak(rows: int) -> int:
        with tempfile.TemporaryFile() as file:
            tracemalloc.start()
            write_list(range(rows), columns, title="Đo bộ nhớ", file=file)
            _current, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    small, large = peak(10_000), peak(100_000)

    assert large < small * 1.5, (small, large)


def test_list_export_is_a_titled_numbered_table_with_scope_filters_and_date(client_for, officer_a, unit_a):
    for name in ["Tổ hòa giải", "Đường hoa", "Ánh sáng đường quê"]:
        InitiativeFactory(unit=unit_a, status="recognised", name=name)
    InitiativeFactory(unit=unit_a, status="draft", name="Bản nháp")

    data = _download(client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx", "status": "recognised"}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active

    today = timezone.localdate().strftime("%d/%m/%Y")
    assert sheet["A1"].value == "MÔ HÌNH VÀ ĐIỂN HÌNH"
    assert sheet["A2"].value == f"Địa bàn: Gia Lâm — lọc theo Trạng thái: Đã công nhận — ngày xuất: {today}"
    assert [sheet.cell(4, c).value for c in (1, 2, 3)] == ["STT", "Mã mô hình", "Loại"]  # the import template's headers
    assert [sheet.cell(row, 1).value for row in range(5, 8)] == [1, 2, 3]
    assert sheet.max_row == 7
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    # fit to one page wide (1 is the file format's default width, so it is not written), as many pages long as needed
    assert (
        sheet.sheet_properties.pageSetUpPr.fitToPage,
        sheet.page_setup.fitToWidth in (None, 1),
        sheet.page_setup.fitToHeight,
    ) == (
        True,
        True,
        0,
    )
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.freeze_panes == "A5"
    assert sheet.cell(5, 3).alignment.wrap_text is True


def test_list_export_without_filters_says_so(client_for, officer_a, unit_a):
    data = _download(client_for(officer_a).get(reverse("units:list"), {"export": "xlsx"}))

    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value.startswith("Địa bàn: Gia Lâm — tất cả, không lọc — ")


def test_every_exported_list_is_found_by_its_registered_key():
    lists = [view for view in _subclasses(ScopedListView) if view.export_columns]

    assert {view.export_key: list_view(view.export_key) for view in lists} == {view.export_key: view for view in lists}
    assert len(lists) == 7


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.django_db(transaction=True)
def test_migration_moves_export_jobs_to_their_app_and_names_their_list_by_key(officer_a):
    executor = MigrationExecutor(connection)
    executor.migrate([("exports", None)])
    OldJob = executor.loader.project_state([("imports", "0003_row_values")]).apps.get_model("imports", "ExportJob")
    paths = ["models_registry.initiatives.views.ReviewQueueView", "models_registry.awards.views.AwardListView"]
    old = [OldJob.objects.create(user_id=officer_a.pk, title="Chờ duyệt", filename="a.xlsx", view_path=path) for path in paths]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = ExportJob.objects.filter(user=officer_a).order_by("pk")
    assert [(job.pk, job.list_key, job.title) for job in moved] == [
        (old[0].pk, "review_queue", "Chờ duyệt"),
        (old[1].pk, "awards", "Chờ duyệt"),
    ]


def test_background_export_of_the_whole_list_without_filters_has_every_row(client_for, officer_a, commune_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1
    UnitFactory.create_batch(2, area=commune_a)
    client = client_for(officer_a)

    client.get(reverse("units:list"), {"export": "xlsx"})

    job = ExportJob.objects.get()
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("exports:download", args=[job.pk])).streaming_content))
    ).active
    assert (job.query, job.total_rows, sheet.max_row) == ("", 2, 4 + 2)
    assert sheet["A2"].value.startswith("Địa bàn: Gia Lâm — tất cả, không lọc — ")
