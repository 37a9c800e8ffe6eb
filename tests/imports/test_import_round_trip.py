"""Issue 14 item 6: every list export carries the codes of its area, unit and model beside their names, so the
file re-imports as "unchanged", even with namesakes: the former quận Thanh Xuân and today's phường Thanh Xuân,
two models of one name in different units."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.audit.domain import snapshot
from models_registry.awards.models import Award, Recognition
from models_registry.awards.resources import TRACKED_FIELDS as AWARD_FIELDS
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.initiatives.resources import TRACKED_FIELDS as MODEL_FIELDS
from models_registry.units.domain import TRACKED_FIELDS as UNIT_FIELDS
from models_registry.units.enums import AreaLevel
from models_registry.units.models import Unit
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import AwardFactory, RecognitionFactory, award_form
from tests.factories_imports import confirm, last_job, office_xlsx, preview, upload

LEGACY_END = datetime.date(2025, 6, 30)


@pytest.fixture
def namesakes(province):
    """The former quận Thanh Xuân (to 30/06/2025) and today's phường Thanh Xuân, each with a unit of one name."""
    district = AreaFactory(
        code="LD009", name="Thanh Xuân", level=AreaLevel.DISTRICT, parent=province, division_type="quận", valid_to=LEGACY_END
    )
    ward = AreaFactory(
        code="C00367",
        name="Thanh Xuân",
        level=AreaLevel.COMMUNE,
        parent=province,
        division_type="phường",
        valid_from=datetime.date(2025, 7, 1),
    )
    old = UnitFactory(code="TX-HCCB-Q", name="Hội Cựu chiến binh Thanh Xuân", area=district, kind="front")
    new = UnitFactory(code="TX-HCCB-P", name="Hội Cựu chiến binh Thanh Xuân", area=ward, kind="front")
    return district, ward, old, new


def _round_trip(client, list_url: str, kind: str):
    data = b"".join(client.get(reverse(list_url), {"export": "xlsx"}).streaming_content)
    upload(client, kind, "xuat.xlsx", data)
    job = last_job()
    return job, data


def _headers(data: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "STT")


def test_units_export_reimports_unchanged_with_namesake_areas(client_for, province_staff, namesakes):
    client = client_for(province_staff)
    before = {unit.pk: snapshot(unit, UNIT_FIELDS) for unit in Unit.objects.all()}

    job, data = _round_trip(client, "units:list", "units")

    assert "Mã địa bàn" in _headers(data)
    assert {status for _n, status, _e in preview(job)} == {"unchanged"}
    confirm(client, job)
    assert {unit.pk: snapshot(unit, UNIT_FIELDS) for unit in Unit.objects.all()} == before


def test_models_export_reimports_unchanged_with_namesake_models(client_for, province_staff, namesakes):
    _district, _ward, old, new = namesakes
    InitiativeFactory(name="Chợ văn minh", code=None, unit=old, status="draft")
    InitiativeFactory(name="Chợ văn minh", code=None, unit=new, status="draft")
    client = client_for(province_staff)
    before = {item.pk: snapshot(item, MODEL_FIELDS) for item in Initiative.objects.all()}

    job, data = _round_trip(client, "initiatives:list", "initiatives")

    assert {"Mã đơn vị", "Mã địa bàn"} <= set(_headers(data))
    assert [status for _n, status, _e in preview(job)] == ["unchanged", "unchanged"]
    confirm(client, job)
    assert Initiative.objects.count() == 2
    assert {item.pk: snapshot(item, MODEL_FIELDS) for item in Initiative.objects.all()} == before


def test_awards_export_reimports_unchanged_with_namesake_places_and_models(client_for, province_staff, namesakes):
    district, ward, old, new = namesakes
    model_old = InitiativeFactory(name="Chợ văn minh", code=None, unit=old, status="recognised")
    model_new = InitiativeFactory(name="Chợ văn minh", code=None, unit=new, status="recognised")
    person = award_form(recipient_kind="individual")
    AwardFactory(initiative=model_old, year=2020, decided_on=datetime.date(2021, 1, 5))
    AwardFactory(initiative=model_new, year=2020, decided_on=datetime.date(2021, 1, 5))
    for area, year in ((district, 2019), (ward, 2025)):
        AwardFactory(
            initiative=None, award_form=person, year=year, person_name="Lê Thị Mai", person_position="Chi hội trưởng", area=area
        )
    client = client_for(province_staff)
    before = {award.pk: snapshot(award, AWARD_FIELDS) for award in Award.objects.all()}

    job, data = _round_trip(client, "awards:list", "awards")

    assert {"Mã mô hình", "Mã đơn vị", "Mã địa bàn"} <= set(_headers(data))
    assert preview(job) == [(n, "unchanged", []) for n, _s, _e in preview(job)]
    confirm(client, job)
    assert Award.objects.count() == 4
    assert {award.pk: snapshot(award, AWARD_FIELDS) for award in Award.objects.all()} == before


def test_recognitions_export_names_the_model_unit_and_area_by_code(client_for, province_staff, namesakes):
    _district, _ward, old, _new = namesakes
    RecognitionFactory(initiative=InitiativeFactory(name="Chợ văn minh", code="TX-01", unit=old, status="recognised"))

    data = b"".join(client_for(province_staff).get(reverse("awards:recognitions"), {"export": "xlsx"}).streaming_content)

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = _headers(data)
    row = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == 1)
    values = dict(zip(headers, row, strict=False))
    assert (values["Mã mô hình"], values["Mã đơn vị"], values["Mã địa bàn"]) == ("TX-01", "TX-HCCB-Q", "LD009")


def test_recognitions_export_reimports_unchanged_with_namesake_places_and_models(client_for, province_staff, namesakes):
    _district, _ward, old, new = namesakes
    decided = datetime.date(2021, 1, 5)
    for unit in (old, new):  # one decision recognising two models of one name in two places called Thanh Xuân
        model = InitiativeFactory(name="Chợ văn minh", code=None, unit=unit, status="recognised")
        RecognitionFactory(initiative=model, decision_no="12-QĐ/BDVTU", decided_on=decided)
    replaced = InitiativeFactory(name="Khu dân cư tự quản", code="TX-01", unit=new, status="recognised")
    first = RecognitionFactory(initiative=replaced, decision_no="7-QĐ/BDVTU", decided_on=datetime.date(2020, 3, 2))
    Recognition.objects.filter(pk=first.pk).update(revoked_at=timezone.now(), revoke_reason="Thay bằng quyết định cấp tỉnh")
    RecognitionFactory(initiative=replaced, decision_no="15-QĐ/BDVTU", decided_on=decided, replaces=first)
    client = client_for(province_staff)
    before = _recognitions()

    job, data = _round_trip(client, "awards:recognitions", "recognitions")

    assert {"Mã mô hình", "Mã đơn vị", "Mã địa bàn", "Tình trạng"} <= set(_headers(data))
    assert preview(job) == [(n, "unchanged", []) for n, _s, _e in preview(job)]
    assert len(preview(job)) == 4
    confirm(client, job)
    job.refresh_from_db()
    assert (job.status, job.counts["unchanged"]) == ("done", 4)
    assert _recognitions() == before
    assert not StatusChange.objects.exists()


def _recognitions() -> list[tuple]:
    """Every decision with what a reader checks: model, level, number, date, signer, state, replaced decision."""
    return list(
        Recognition.objects.order_by("pk").values_list(
            "pk", "initiative_id", "initiative__status", "level__code", "decision_no", "decided_on", "signer", "revoked_at",
            "revoke_reason", "replaces_id",
        )
    )  # fmt: skip


@pytest.mark.parametrize(("decided", "area_code"), [("05/01/2021", "LD009"), ("05/01/2026", "C00367")])
def test_an_area_by_name_alone_is_the_one_valid_at_the_decision_date(client_for, province_staff, namesakes, decided, area_code):
    header = ("Hình thức khen thưởng", "Cấp khen thưởng", "Năm thành tích", "Số quyết định", "Ngày quyết định")
    header += ("Họ và tên", "Chức vụ", "Địa bàn")
    row = ("Giấy khen", "Ban Dân vận Tỉnh ủy", 2020, "12-QĐ/BDVTU", decided, "Lê Thị Mai", "Chi hội trưởng", "Thanh Xuân")
    client = client_for(province_staff)

    upload(client, "awards", "x.xlsx", office_xlsx([header], [row], footer=()))
    confirm(client, last_job())

    assert Award.objects.get().area.code == area_code
