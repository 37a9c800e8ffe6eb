"""List exports: round trip through the import, formula injection, background exports, constant memory."""

import datetime
import io
import tempfile
import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.audit.domain import snapshot
from danvan.xlsx import Column, write_list
from models_registry.imports.models import ExportJob
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
    row = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
    job = _reimport(client, "units", data)

    assert (row[1], row[5], row[6]) == ('\'=HYPERLINK("http://example.com","bấm")', "'@ai", "'-5")
    assert preview(job) == [(2, "unchanged", [])]


def test_large_export_runs_in_background_and_offers_a_download(client_for, officer_a, commune_a, unit_b, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    UnitFactory.create_batch(3, area=commune_a)
    client = client_for(officer_a)

    response = client.get(reverse("units:list"), {"export": "xlsx", "kind": "commune"})

    job = ExportJob.objects.get()
    assert response.url == reverse("imports:export", args=[job.pk])
    status = client.get(reverse("imports:export_status", args=[job.pk])).json()
    assert (status["status"], status["processed"], status["percent"]) == ("done", 3, 100)
    page = client.get(response.url).content.decode()
    assert reverse("imports:export_download", args=[job.pk]) in page
    download = client.get(reverse("imports:export_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4  # the header and three units of district A; district B's unit is not there
    assert job.query == "kind=commune"
    assert download["Content-Disposition"].startswith('attachment; filename="gia-lam-don-vi-')


def test_background_export_belongs_to_its_user_only(client_for, officer_a, officer_b, commune_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    UnitFactory(area=commune_a)
    client_for(officer_a).get(reverse("units:list"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    other = client_for(officer_b)

    codes = [
        other.get(reverse(name, args=[job.pk])).status_code
        for name in ("imports:export", "imports:export_status", "imports:export_download")
    ]

    assert codes == [404, 404, 404]


def test_officer_export_never_contains_another_district(client_for, officer_b, unit_a, unit_b):
    response = client_for(officer_b).get(reverse("units:list"), {"export": "xlsx", "q": "Đặng Xá"})

    sheet = openpyxl.load_workbook(io.BytesIO(_download(response))).active
    assert sheet.max_row == 1


def test_export_refuses_columns_that_mix_database_fields_and_functions(db):
    columns = [Column("Mã", "code"), Column("Tên", lambda unit: unit.name)]

    with pytest.raises(TypeError), tempfile.TemporaryFile() as file:
        write_list(Unit.objects.all(), columns, title="Đơn vị", file=file)


@pytest.mark.slow
def test_export_memory_does_not_grow_with_rows():
    columns = [
        Column("Mã", lambda n: f"DV-{n:06d}"),
        Column("Tên", lambda n: f"Đơn vị dân vận khéo số {n}"),
        Column("Số", lambda n: n, kind="number"),
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
