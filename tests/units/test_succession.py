"""Scope follows succession: an office sees its own subtree and its predecessors' (issue 11, items 1 and 2)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.accounts.access import Root, Scope, in_scope, scope_for
from danvan.accounts.enums import Role
from models_registry.units.enums import AreaLevel
from models_registry.units.models import AreaLink
from tests.factories import AreaFactory, InitiativeFactory, OfficeFactory, UnitFactory, UserFactory

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)


def area(code, name, level, parent=None, *, former=False, division_type=""):
    dates = {"valid_to": LEGACY_END} if former else ({"valid_from": CURRENT_START} if code.startswith("C") else {})
    return AreaFactory(code=code, name=name, level=level, parent=parent, division_type=division_type, **dates)


def link(before, after, kind="whole"):
    return AreaLink.objects.create(predecessor=before, successor=after, kind=kind, date=CURRENT_START)


def person(username, where, role=Role.OFFICER):
    office = OfficeFactory(area=where, name=f"Ban Dân vận {where.name}")
    return UserFactory(username=username, role=role, office=office)


def model_in(where, name):
    unit = UnitFactory(area=where, name=f"UBND {where.name}")
    return InitiativeFactory(unit=unit, name=name, status="in_progress")


@pytest.fixture
def tay_ninh(db):
    """Tây Ninh (P80) since 01/07/2025: the former Long An (with thị xã Kiến Tường) and the former Tây Ninh."""
    new = area("P80", "Tây Ninh", AreaLevel.PROVINCE, division_type="tỉnh")
    long_an = area("LP80", "Long An", AreaLevel.PROVINCE, former=True, division_type="tỉnh")
    old = area("LP72", "Tây Ninh", AreaLevel.PROVINCE, former=True, division_type="tỉnh")
    kien_tuong = area("LD794", "Kiến Tường", AreaLevel.DISTRICT, long_an, former=True, division_type="thị xã")
    ward = area("LC27694", "Phường 1", AreaLevel.COMMUNE, kien_tuong, former=True, division_type="phường")
    link(long_an, new)
    link(old, new)
    return {"new": new, "long_an": long_an, "old": old, "kien_tuong": kien_tuong, "ward": ward}


@pytest.fixture
def thanh_xuan(province):
    """phường Thanh Xuân since 01/07/2025: took over Thượng Đình whole and Khương Trung in part (the rest of
    Khương Trung went to phường Khương Đình); Nhân Chính went elsewhere. District Thanh Xuân: part links."""
    district = area("LD009", "Thanh Xuân", AreaLevel.DISTRICT, province, former=True, division_type="quận")
    thuong_dinh = area("LC00340", "Thượng Đình", AreaLevel.COMMUNE, district, former=True, division_type="phường")
    khuong_trung = area("LC00349", "Khương Trung", AreaLevel.COMMUNE, district, former=True, division_type="phường")
    nhan_chinh = area("LC00337", "Nhân Chính", AreaLevel.COMMUNE, district, former=True, division_type="phường")
    ward = area("C00367", "Thanh Xuân", AreaLevel.COMMUNE, province, division_type="phường")
    khuong_dinh = area("C00352", "Khương Đình", AreaLevel.COMMUNE, province, division_type="phường")
    yen_hoa = area("C00364", "Yên Hòa", AreaLevel.COMMUNE, province, division_type="phường")
    link(thuong_dinh, ward)
    link(khuong_trung, ward, "part")
    link(khuong_trung, khuong_dinh, "part")
    link(nhan_chinh, yen_hoa)
    for new in (ward, khuong_dinh, yen_hoa):
        link(district, new, "part")
    return {
        "district": district,
        "thuong_dinh": thuong_dinh,
        "khuong_trung": khuong_trung,
        "nhan_chinh": nhan_chinh,
        "ward": ward,
        "khuong_dinh": khuong_dinh,
    }


def listed(client, url="initiatives:list") -> str:
    return client.get(reverse(url)).content.decode()


# --- province merger ------------------------------------------------------------------------------------------


def test_tay_ninh_staff_see_former_long_an_models_incl_kien_tuong(client_for, tay_ninh, unit_b):
    kien_tuong = model_in(tay_ninh["ward"], "Dân vận khéo giữ gìn đường làng Kiến Tường")
    model_in(tay_ninh["old"], "Dân vận khéo ở Tây Ninh cũ")
    model_in(tay_ninh["new"], "Dân vận khéo ở Tây Ninh mới")
    InitiativeFactory(unit=unit_b, name="Mô hình của Long Biên")
    staff = person("tay_ninh_staff", tay_ninh["new"], Role.PROVINCE_STAFF)
    client = client_for(staff)

    page = listed(client)
    detail = client.get(kien_tuong.get_absolute_url()).content.decode()

    assert "Dân vận khéo giữ gìn đường làng Kiến Tường" in page
    assert "Dân vận khéo ở Tây Ninh cũ" in page
    assert "Dân vận khéo ở Tây Ninh mới" in page
    assert "Mô hình của Long Biên" not in page
    assert "Dân vận khéo giữ gìn đường làng Kiến Tường" in detail
    assert "địa bàn cũ, đến 30/06/2025" in detail


def test_tay_ninh_scope_is_its_own_tree_and_the_two_former_provinces(tay_ninh):
    staff = person("tay_ninh_staff", tay_ninh["new"], Role.PROVINCE_STAFF)

    scope = scope_for(staff)

    assert scope.paths == ("/P80/", "/LP72/", "/LP80/")
    assert scope.province == "/P80/"
    assert scope.is_inherited(tay_ninh["kien_tuong"]) and not scope.is_inherited(tay_ninh["new"])


def test_former_long_an_model_stays_404_for_another_province(client_for, tay_ninh, office_province, unit_a):
    kien_tuong = model_in(tay_ninh["ward"], "Mô hình Kiến Tường")
    hanoi_staff = UserFactory(username="hn", role=Role.PROVINCE_STAFF, office=office_province)
    client = client_for(hanoi_staff)

    response = client.get(kien_tuong.get_absolute_url())

    assert response.status_code == 404
    assert "Mô hình Kiến Tường" not in listed(client)


def test_the_former_province_does_not_see_its_successor(tay_ninh):
    """Links are followed from successor to predecessor only: the former Long An office sees Long An, not Tây Ninh."""
    former = person("long_an_staff", tay_ninh["long_an"], Role.PROVINCE_STAFF)

    assert in_scope(former, tay_ninh["kien_tuong"])
    assert not in_scope(former, tay_ninh["new"])
    assert not in_scope(former, tay_ninh["old"])


# --- commune merger and partial split ----------------------------------------------------------------------


def test_thanh_xuan_ward_officer_sees_the_former_wards_it_absorbed(client_for, thanh_xuan):
    model_in(thanh_xuan["thuong_dinh"], "Dân vận khéo ở Thượng Đình")
    model_in(thanh_xuan["khuong_trung"], "Dân vận khéo ở Khương Trung")
    model_in(thanh_xuan["nhan_chinh"], "Dân vận khéo ở Nhân Chính")
    model_in(thanh_xuan["district"], "Mô hình của quận Thanh Xuân")
    officer = person("thanh_xuan", thanh_xuan["ward"])

    page = listed(client_for(officer))

    assert "Dân vận khéo ở Thượng Đình" in page
    assert "Dân vận khéo ở Khương Trung" in page  # taken over in part
    assert "Dân vận khéo ở Nhân Chính" not in page  # went to Yên Hòa
    assert "Mô hình của quận Thanh Xuân" not in page  # the district was divided: its own units are the city's
    assert "Thượng Đình <span" in page and "địa bàn cũ, đến 30/06/2025" in page


def test_divided_commune_is_seen_by_each_commune_that_took_part_of_it(client_for, thanh_xuan):
    khuong_trung = model_in(thanh_xuan["khuong_trung"], "Dân vận khéo ở Khương Trung")
    thuong_dinh = model_in(thanh_xuan["thuong_dinh"], "Dân vận khéo ở Thượng Đình")
    client = client_for(person("khuong_dinh", thanh_xuan["khuong_dinh"]))

    seen = client.get(khuong_trung.get_absolute_url())
    not_seen = client.get(thuong_dinh.get_absolute_url())

    assert "Dân vận khéo ở Khương Trung" in seen.content.decode()
    assert not_seen.status_code == 404


def test_district_split_among_communes_is_not_inherited_whole(thanh_xuan):
    officer = person("thanh_xuan", thanh_xuan["ward"])

    scope = scope_for(officer)

    assert {root.path for root in scope.roots} == {
        thanh_xuan["ward"].path,
        thanh_xuan["thuong_dinh"].path,
        thanh_xuan["khuong_trung"].path,
    }
    assert not in_scope(officer, thanh_xuan["district"])
    assert not in_scope(officer, thanh_xuan["nhan_chinh"])


def test_island_district_that_became_a_special_zone_is_inherited_whole(province):
    district = area("LD318", "Bạch Long Vĩ", AreaLevel.DISTRICT, province, former=True, division_type="huyện")
    zone = area("C11001", "Bạch Long Vĩ", AreaLevel.COMMUNE, province, division_type="đặc khu")
    link(district, zone, "whole")
    officer = person("blv", zone)

    assert in_scope(officer, district)


def test_succession_is_followed_through_several_steps(province):
    first = area("LC1", "Một", AreaLevel.COMMUNE, province, former=True)
    second = area("LC2", "Hai", AreaLevel.COMMUNE, province, former=True)
    third = area("C3", "Ba", AreaLevel.COMMUNE, province)
    link(first, second)
    link(second, third)

    assert in_scope(person("ba", third), first)


def test_edit_of_inherited_model_allowed_for_its_successor(client_for, thanh_xuan):
    draft = InitiativeFactory(unit=UnitFactory(area=thanh_xuan["thuong_dinh"]), name="Bản nháp Thượng Đình")
    client = client_for(person("thanh_xuan", thanh_xuan["ward"]))

    response = client.get(reverse("initiatives:edit", args=[draft.pk]))

    assert "Bản nháp Thượng Đình" in response.content.decode()


def test_units_and_area_filter_offer_the_inherited_places(client_for, tay_ninh):
    UnitFactory(area=tay_ninh["ward"], name="UBND Phường 1 Kiến Tường")
    client = client_for(person("tay_ninh_staff", tay_ninh["new"], Role.PROVINCE_STAFF))

    page = client.get(reverse("units:list")).content.decode()
    filtered = client.get(reverse("units:list"), {"area": tay_ninh["kien_tuong"].pk}).content.decode()

    assert "UBND Phường 1 Kiến Tường" in page
    assert "UBND Phường 1 Kiến Tường" in filtered
    # offered by the area filter's picker (a province's areas are picked by typing), told apart from today's areas:
    # today's first, then the former ones with their end
    offered = [label for _value, label in client.get(reverse("pickers:areas")).context["options"]]
    assert offered[0] == "tỉnh Tây Ninh"
    assert offered.index("tỉnh Long An (đến 30/06/2025)") < offered.index("thị xã Kiến Tường (đến 30/06/2025)")
    assert all("(đến" in label for label in offered[offered.index("tỉnh Long An (đến 30/06/2025)") :])


# --- speed ------------------------------------------------------------------------------------------------------


def list_queries(client) -> int:
    client.get(reverse("initiatives:list"))  # warm the session, the filter panel and the badge
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("initiatives:list"))
    return len(queries)


@pytest.mark.parametrize("url", ["initiatives:list", "units:list", "home"])
def test_query_count_does_not_grow_with_predecessors(client_for, province, url):
    def count_for(predecessors: int) -> int:
        new = area(f"C9{predecessors}", f"Mới {predecessors}", AreaLevel.COMMUNE, province)
        for n in range(predecessors):
            before = area(f"LC9{predecessors}{n}", f"Cũ {n}", AreaLevel.COMMUNE, province, former=True)
            link(before, new, "part" if n % 2 else "whole")
            model_in(before, f"Mô hình cũ {predecessors}-{n}")
        client = client_for(person(f"officer{predecessors}", new))
        client.get(reverse(url))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url))
        assert response.status_code == 200
        return len(queries)

    assert count_for(1) == count_for(6)


def test_scope_roots_drop_areas_inside_another_root():
    scope = Scope(area=AreaFactory.build(pk=1, path="/P01/"), inherited=(Root(2, "/P01/LD009/"), Root(3, "/LP80/")))

    assert scope.paths == ("/P01/", "/LP80/")


# --- names told apart ---------------------------------------------------------------------------------------


def test_labels_tell_the_former_district_from_the_commune_of_the_same_name(province):
    district = area("LD018", "Gia Lâm", AreaLevel.DISTRICT, province, former=True, division_type="huyện")
    commune = area("C10001", "Gia Lâm", AreaLevel.COMMUNE, province, division_type="xã")
    numbered = area("C10003", "Phường 1", AreaLevel.COMMUNE, province, division_type="phường")

    assert district.label == "huyện Gia Lâm (đến 30/06/2025)"
    assert commune.label == "xã Gia Lâm"
    assert numbered.label == "Phường 1"
    assert province.label == "thành phố Hà Nội"


def test_unit_form_groups_areas_current_and_before_the_reform(client_for, successor_officer, commune_a):
    page = client_for(successor_officer).get(reverse("units:create")).content.decode()

    select = page.split('name="area"')[1].split("</select>")[0]
    current, former = select.split('<optgroup label="Hiện nay">')[1].split('<optgroup label="Trước 01/07/2025">')
    assert ">xã Gia Lâm<" in current
    assert ">Đặng Xá (đến 30/06/2025)<" in former


def test_a_province_picks_its_areas_by_typing_told_apart(client_for, province_staff, district_a):
    area("C10001", "Gia Lâm", AreaLevel.COMMUNE, province_staff.office.area, division_type="xã")

    page = client_for(province_staff).get(reverse("units:create")).content.decode()
    offered = client_for(province_staff).get(reverse("pickers:areas"), {"area-search": "gia lam"}).context["options"]

    assert f'hx-get="{reverse("pickers:areas")}"' in page
    assert [label for _value, label in offered] == ["xã Gia Lâm", "Gia Lâm (đến 30/06/2025)"]


# --- the answering province -----------------------------------------------------------------------------------


def test_a_former_long_an_model_answers_to_tay_ninh(tay_ninh):
    model = model_in(tay_ninh["ward"], "Mô hình Kiến Tường")

    assert model.province_path == "/P80/"


def test_links_loaded_later_move_the_former_province_models(db):
    from models_registry.initiatives.models import Initiative
    from models_registry.units.models import AreaLink
    from models_registry.units.signals import links_loaded

    long_an = area("LP80", "Long An", AreaLevel.PROVINCE, former=True)
    model = model_in(long_an, "Mô hình Long An")
    assert model.province_path == "/LP80/"  # no successor known yet
    link(long_an, area("P80", "Tây Ninh", AreaLevel.PROVINCE))

    links_loaded.send(sender=AreaLink)  # what load_areas says once its links are written; initiatives listens

    assert Initiative.objects.get(pk=model.pk).province_path == "/P80/"


def test_former_office_reads_its_models_that_now_answer_to_the_successor(client_for, tay_ninh):
    model_in(tay_ninh["ward"], "Mô hình Kiến Tường cũ")
    model_in(tay_ninh["old"], "Mô hình Tây Ninh cũ")

    page = listed(client_for(person("kien_tuong", tay_ninh["kien_tuong"])))

    assert "Mô hình Kiến Tường cũ" in page and "Mô hình Tây Ninh cũ" not in page


def test_a_unit_moved_outside_the_form_takes_its_models_to_the_new_province(db):
    """An import that changes a unit's area says so (unit_moved); its models answer to the new area's province."""
    from models_registry.initiatives.models import Initiative
    from models_registry.units.models import Unit
    from models_registry.units.signals import unit_moved

    hanoi = area("P01", "Hà Nội", AreaLevel.PROVINCE)
    danang = area("P48", "Đà Nẵng", AreaLevel.PROVINCE)
    model = model_in(hanoi, "Mô hình chuyển tỉnh")
    unit = Unit.objects.get(pk=model.unit_id)
    Unit.objects.filter(pk=unit.pk).update(area=danang)
    unit.refresh_from_db()

    unit_moved.send(sender=Unit, unit=unit)

    assert Initiative.objects.get(pk=model.pk).province_path == "/P48/"
