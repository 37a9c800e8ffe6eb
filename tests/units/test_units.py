import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse

from danvan.audit.domain import entries_for
from danvan.audit.models import AuditEntry
from models_registry.initiatives.domain import update_unit
from models_registry.initiatives.models import Initiative
from models_registry.units.models import Unit
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.pages import NOT_FOUND, seen


def test_unit_list_officer_sees_only_own_district(client_for, officer_a, unit_a, unit_b):
    response = client_for(officer_a).get(reverse("units:list"))

    names = [row.record.name for row in response.context["table"].page.object_list]
    assert names == ["UBND xã Đặng Xá"]


def test_unit_list_province_staff_sees_both_districts(client_for, province_staff, unit_a, unit_b):
    response = client_for(province_staff).get(reverse("units:list"))

    names = sorted(row.record.name for row in response.context["table"].page.object_list)
    assert names == ["UBND phường Bồ Đề", "UBND xã Đặng Xá"]


@pytest.mark.parametrize("url_name", ["units:detail", "units:edit"])
def test_unit_pages_out_of_scope_are_404(client_for, officer_a, unit_b, url_name):
    response = client_for(officer_a).get(reverse(url_name, args=[unit_b.pk]))

    assert seen(response, unit_b.name, unit_b.code) == (404, NOT_FOUND, [])


def test_unit_deactivate_out_of_scope_is_404_and_unchanged(client_for, officer_a, unit_b):
    response = client_for(officer_a).post(reverse("units:set_active", args=[unit_b.pk]), {"active": "0"})

    assert response.status_code == 404
    unit_b.refresh_from_db()
    assert unit_b.is_active is True


def test_unit_export_contains_only_scope(client_for, officer_a, unit_a, unit_b):
    response = client_for(officer_a).get(reverse("units:list"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    codes = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert codes == ["GL-DANGXA"]
    assert (sheet["A4"].value, sheet["B4"].value) == ("STT", "Mã đơn vị")  # the import template's header: the file re-imports


def test_unit_search_ignores_diacritics_and_case(client_for, province_staff, unit_a, unit_b):
    response = client_for(province_staff).get(reverse("units:list"), {"q": "dang xa"})

    names = [row.record.name for row in response.context["table"].page.object_list]
    assert names == ["UBND xã Đặng Xá"]


def test_unit_create_stores_nfc_and_records_audit(client_for, officer_a, commune_a):
    nfd_name = "Hội Nông dân xã Đặng Xá"
    data = {"code": " GL-HND ", "name": unicodedata.normalize("NFD", nfd_name), "kind": "front", "area": commune_a.pk}
    response = client_for(officer_a).post(reverse("units:create"), data)

    unit = Unit.objects.get(code="GL-HND")
    assert response.status_code == 302
    assert unit.name == unicodedata.normalize("NFC", nfd_name)
    entry = AuditEntry.objects.get(object_id=unit.pk)
    assert (entry.action, entry.actor, entry.changes["name"]) == ("create", officer_a, [None, unit.name])


def test_unit_create_in_other_district_is_refused(client_for, officer_a, commune_b):
    data = {"code": "X1", "name": "Đơn vị lạ", "kind": "agency", "area": commune_b.pk}
    response = client_for(officer_a).post(reverse("units:create"), data)

    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not Unit.objects.filter(code="X1").exists()


def test_unit_edit_records_changed_fields(client_for, officer_a, unit_a):
    data = {"code": unit_a.code, "name": "UBND xã Đặng Xá (mới)", "kind": unit_a.kind, "area": unit_a.area_id}
    client_for(officer_a).post(reverse("units:edit", args=[unit_a.pk]), data)

    entry = AuditEntry.objects.get(object_id=unit_a.pk, action="update")
    assert entry.changes == {"name": ["UBND xã Đặng Xá", "UBND xã Đặng Xá (mới)"]}


def test_leader_cannot_create_unit(client_for, leader, commune_a):
    response = client_for(leader).post(
        reverse("units:create"), {"code": "L1", "name": "x", "kind": "agency", "area": commune_a.pk}
    )

    assert response.status_code == 403
    assert not Unit.objects.filter(code="L1").exists()


@pytest.mark.parametrize("rows", [1, 5])
def test_unit_list_query_count_is_flat(client_for, province_staff, commune_a, django_assert_num_queries, rows):
    UnitFactory.create_batch(rows, area=commune_a)
    client = client_for(province_staff)
    client.get(reverse("units:list"))  # warm the session and the cached filter panel and badge

    with django_assert_num_queries(4):
        client.get(reverse("units:list"))


def test_unit_list_counts_exactly_up_to_the_cap_then_says_more_than(client_for, province_staff, commune_a, settings):
    settings.LIST_COUNT_CAP = 3
    UnitFactory.create_batch(5, area=commune_a)

    response = client_for(province_staff).get(reverse("units:list"))

    assert response.context["table"].paginator.count == 3
    assert "Hơn 3 bản ghi" in response.text


def test_unit_moved_to_another_province_takes_its_models_along(client_for, admin_user, unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    other = AreaFactory(code="P48", name="Đà Nẵng", level="province")
    unit_a.area = other

    update_unit(unit_a, by=admin_user)

    assert Initiative.objects.get(pk=initiative.pk).province_path == "/P48/"
    assert entries_for(unit_a).first().changes["area"] == ["Đặng Xá", "Đà Nẵng"]
