"""A locked period is served from the figures written when it was locked; unlocking drops them."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from reports import domain, registry
from reports.enums import PeriodKind
from reports.models import FrozenFigures, ReportPeriod
from tests.factories import AreaFactory, InitiativeFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories_initiatives import ensure_reference_data
from tests.factories_reports import ReportPeriodFactory, approved, local

D = datetime.date


@pytest.fixture
def period(province):
    return ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025, due_on=D(2025, 7, 15))


def _registered(response) -> int:
    return response.context["report"].tables[0].total.values["registered"]


def test_locking_writes_the_figures_of_the_period_area_and_the_areas_below_it_once(
    province_staff, period, province, district_a, district_b, commune_a, unit_a
):
    approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9))

    domain.set_period_locked(period, by=province_staff, locked=True)

    frozen = {f.area: f.report for f in FrozenFigures.objects.filter(period=period)}
    assert set(frozen) == {province, district_a}  # district B has no commune: its report is computed as needed
    assert frozen[province] == {**registry.build(province, period).to_json(), "computed_at": frozen[province]["computed_at"]}
    assert frozen[province]["tables"][0]["total"]["values"]["registered"] == 1


def test_a_locked_period_page_and_export_read_the_frozen_figures(client_for, province_staff, period, province, unit_a):
    approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9))
    domain.set_period_locked(period, by=province_staff, locked=True)
    approved(InitiativeFactory(unit=unit_a), local(2025, 4, 1, 9))  # back-dated into the period after the lock
    client = client_for(province_staff)
    url = reverse("reports:registry", args=[period.pk])

    locked = _registered(client.get(url))
    domain.set_period_locked(ReportPeriod.objects.get(pk=period.pk), by=province_staff, locked=False)
    reopened = _registered(client.get(url))

    assert (locked, reopened) == (1, 2)
    assert FrozenFigures.objects.filter(period=period).count() == 0


def test_a_filtered_page_of_a_locked_period_is_computed(client_for, province_staff, period, unit_a):
    domain.set_period_locked(period, by=province_staff, locked=True)
    approved(InitiativeFactory(unit=unit_a, kind="model"), local(2025, 4, 1, 9))

    response = client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"kind": "model"})

    assert _registered(response) == 1


def test_a_locked_whole_province_page_costs_a_fixed_few_queries(
    client_for, province_staff, period, unit_a, django_assert_max_num_queries
):
    for day in range(1, 6):
        approved(InitiativeFactory(unit=unit_a), local(2025, 3, day, 9))
    domain.set_period_locked(period, by=province_staff, locked=True)
    client = client_for(province_staff)
    client.get(reverse("home"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("reports:registry", args=[period.pk]))

    assert _registered(response) == 5


@pytest.mark.django_db(transaction=True)
def test_two_locks_at_once_write_the_frozen_figures_once():
    ensure_reference_data()
    province = AreaFactory(code="P01", name="Hà Nội", level="province")
    district = AreaFactory(code="LD1", name="Gia Lâm", level="district", parent=province)
    commune = AreaFactory(code="LC1", name="Đặng Xá", level="commune", parent=district)
    approved(InitiativeFactory(unit=UnitFactory(area=commune)), local(2025, 3, 1, 9))
    staff = [UserFactory(username=f"staff{n}", role="province_staff", office=OfficeFactory(area=province)) for n in (1, 2)]
    pk = ReportPeriodFactory(area=province, year=2025, due_on=D(2025, 7, 15)).pk
    barrier = threading.Barrier(2)
    errors = []

    def lock(user):
        try:
            period = ReportPeriod.objects.get(pk=pk)
            barrier.wait(timeout=10)
            domain.set_period_locked(period, by=user, locked=True)
        except Exception as error:  # noqa: BLE001 -- any failure of either thread fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=lock, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert list(FrozenFigures.objects.filter(period_id=pk).values_list("area__code", flat=True).order_by("area__code")) == [
        "LD1",
        "P01",
    ]
    assert ReportPeriod.objects.get(pk=pk).is_locked is True
