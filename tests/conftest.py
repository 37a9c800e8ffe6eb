"""Personas and a small area tree: province P with districts A and B, each with communes.

officer_a works for district A, officer_b for district B, province_staff and leader for the
province, admin for the whole country. Tests create data in both districts to prove nothing leaks.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.cache import cache, caches
from django.db import connection

from danvan.accounts.enums import Role
from models_registry.units.enums import AreaLevel
from tests.factories import AreaFactory, OfficeFactory, UnitFactory, UserFactory

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)


# Data migrations that load reference lists; transactional tests flush the tables, so they load them again.
REFERENCE_DATA = [
    "models_registry.initiatives.migrations.0002_reference_data",
    "models_registry.awards.migrations.0003_reference_data",
    "models_registry.awards.migrations.0004_recognition_level_area_level",
    "reports.migrations.0002_activity_indicators",
    "reports.migrations.0003_report_sentences",
    "reports.migrations.0004_indicator_registry_figure",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reload reference lists for tests whose database is flushed (live server, transactions)."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        for module in REFERENCE_DATA:
            importlib.import_module(module).load(apps, None)


# The database's rule that a model's status and its recognition records agree (awards migration 0005) is checked at
# each commit. Unit tests never commit, but Django checks deferred constraints when a test ends, and many tests
# build a "recognised" model in one line without writing its decision. Those tests switch the rule off inside
# their own transaction (rolled back with it); tests marked `status_rule`, and every test that commits
# (live server, threads, gunicorn), run with it.
STATUS_RULE_TRIGGERS = [
    ("initiatives_initiative", "initiative_status_agrees_with_recognition"),
    ("awards_recognition", "recognition_agrees_with_status"),
]


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")))


@pytest.fixture(autouse=True)
def _status_rule_in_unit_tests(request):
    if "db" not in request.fixturenames or _commits(request) or request.node.get_closest_marker("status_rule"):
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        for table, trigger in STATUS_RULE_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached badge, filter panel or list results (the caches live as long as the test
    process)."""
    cache.clear()
    caches["lists"].clear()


@pytest.fixture
def province(db):
    return AreaFactory(code="P01", name="Hà Nội", level=AreaLevel.PROVINCE, division_type="thành phố")


@pytest.fixture
def district_a(province):
    return AreaFactory(code="LD018", name="Gia Lâm", level=AreaLevel.DISTRICT, parent=province, valid_to=LEGACY_END)


@pytest.fixture
def district_b(province):
    return AreaFactory(code="LD004", name="Long Biên", level=AreaLevel.DISTRICT, parent=province, valid_to=LEGACY_END)


@pytest.fixture
def commune_a(district_a):
    return AreaFactory(code="LC00565", name="Đặng Xá", level=AreaLevel.COMMUNE, parent=district_a, valid_to=LEGACY_END)


@pytest.fixture
def commune_b(district_b):
    return AreaFactory(code="LC00133", name="Bồ Đề", level=AreaLevel.COMMUNE, parent=district_b, valid_to=LEGACY_END)


@pytest.fixture
def office_province(province):
    return OfficeFactory(area=province, name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", superior_name="THÀNH ỦY HÀ NỘI")


@pytest.fixture
def office_a(district_a):
    return OfficeFactory(area=district_a, name="Ban Dân vận Huyện ủy Gia Lâm", superior_name="HUYỆN ỦY GIA LÂM")


@pytest.fixture
def office_b(district_b):
    return OfficeFactory(area=district_b, name="Ban Dân vận Quận ủy Long Biên", superior_name="QUẬN ỦY LONG BIÊN")


@pytest.fixture
def officer_a(office_a):
    return UserFactory(username="officer_a", role=Role.OFFICER, office=office_a)


@pytest.fixture
def officer_b(office_b):
    return UserFactory(username="officer_b", role=Role.OFFICER, office=office_b)


@pytest.fixture
def province_staff(office_province):
    return UserFactory(username="province_staff", role=Role.PROVINCE_STAFF, office=office_province)


@pytest.fixture
def leader(office_province):
    return UserFactory(username="leader", role=Role.LEADER, office=office_province)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, office=None, is_staff=True, is_superuser=True)


@pytest.fixture
def unit_a(commune_a):
    return UnitFactory(code="GL-DANGXA", name="UBND xã Đặng Xá", area=commune_a)


@pytest.fixture
def unit_b(commune_b):
    return UnitFactory(code="LB-BODE", name="UBND phường Bồ Đề", area=commune_b)


@pytest.fixture
def client_for(client):
    """Log the test client in as a user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- succession: the current commune that took over commune A, and one that took only part of district A --------


@pytest.fixture
def commune_successor(province, commune_a, district_a):
    """xã Gia Lâm (since 01/07/2025): took over commune A (Đặng Xá) whole, and part of district A."""
    from models_registry.units.models import AreaLink

    area = AreaFactory(
        code="C10001", name="Gia Lâm", level=AreaLevel.COMMUNE, division_type="xã", parent=province, valid_from=CURRENT_START
    )
    AreaLink.objects.create(predecessor=commune_a, successor=area, kind="whole", date=CURRENT_START)
    AreaLink.objects.create(predecessor=district_a, successor=area, kind="part", date=CURRENT_START)
    return area


@pytest.fixture
def commune_neighbour(province, district_a):
    """xã Phù Đổng (since 01/07/2025): took other wards of district A, none of commune A."""
    from models_registry.units.models import AreaLink

    area = AreaFactory(
        code="C10002", name="Phù Đổng", level=AreaLevel.COMMUNE, division_type="xã", parent=province, valid_from=CURRENT_START
    )
    AreaLink.objects.create(predecessor=district_a, successor=area, kind="part", date=CURRENT_START)
    return area


@pytest.fixture
def successor_officer(commune_successor):
    office = OfficeFactory(area=commune_successor, name="Ban Dân vận Đảng ủy xã Gia Lâm", superior_name="ĐẢNG ỦY XÃ GIA LÂM")
    return UserFactory(username="successor_officer", role=Role.OFFICER, office=office)


@pytest.fixture
def neighbour_officer(commune_neighbour):
    office = OfficeFactory(area=commune_neighbour, name="Ban Dân vận Đảng ủy xã Phù Đổng", superior_name="ĐẢNG ỦY XÃ PHÙ ĐỔNG")
    return UserFactory(username="neighbour_officer", role=Role.OFFICER, office=office)
