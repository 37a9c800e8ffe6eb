"""load_areas: the current (34 provinces) and legacy (63 provinces) administrative trees, linked and idempotent."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command

from models_registry.units.area_data import build_tree, current_provinces, legacy_records, official_code, split_name
from models_registry.units.enums import AreaLevel, LinkKind
from models_registry.units.models import Area, AreaLink

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)


def load_areas(*province_codes: str) -> str:
    out = io.StringIO()
    call_command("load_areas", *[f"--province={code}" for code in province_codes], stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    fields = ["code", "name", "division_type", "level", "parent__code", "path", "valid_from", "valid_to"]
    links = AreaLink.objects.order_by("predecessor__code", "successor__code")
    return [
        *Area.objects.order_by("code").values_list(*fields),
        *links.values_list("predecessor__code", "successor__code", "kind", "date"),
    ]


def successors_of(code: str) -> set[tuple[str, str]]:
    return set(AreaLink.objects.filter(predecessor__code=code).values_list("successor__code", "kind"))


def package_codes(*, province: int) -> set[str]:
    """Area codes the packages list for a province number: its current communes (legacy ones come by district)."""
    return {f"C{ward['code']:05d}" for ward in current_provinces()[province]["wards"]}


def legacy_commune_codes(*, district: str) -> set[str]:
    return {f"LC{record['wardCode']}" for record in legacy_records() if record["districtCode"] == district and record["wardCode"]}


@pytest.fixture
def hanoi(db):
    load_areas("01")
    return Area.objects.get(code="P01")


def test_load_areas_hanoi_is_one_row_valid_before_and_after(hanoi):
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE)

    assert list(provinces.values_list("code", "name", "division_type", "valid_from", "valid_to")) == [
        ("P01", "Hà Nội", "thành phố", None, None)
    ]
    assert not AreaLink.objects.filter(predecessor__level=AreaLevel.PROVINCE).exists()


def test_load_areas_hanoi_current_communes_match_package(hanoi):
    current = hanoi.children.filter(level=AreaLevel.COMMUNE)

    assert set(current.values_list("code", flat=True)) == package_codes(province=1)
    assert set(current.values_list("valid_from", "valid_to")) == {(CURRENT_START, None)}


def test_load_areas_hanoi_legacy_districts_have_their_communes(hanoi):
    districts = {area.name: area for area in hanoi.children.filter(level=AreaLevel.DISTRICT)}

    assert {"Thanh Xuân", "Long Biên", "Gia Lâm", "Hà Đông", "Cầu Giấy"} <= set(districts)
    gia_lam = districts["Gia Lâm"]
    assert (gia_lam.code, gia_lam.division_type, gia_lam.valid_to) == ("LD018", "huyện", LEGACY_END)
    for district in districts.values():
        communes = set(district.children.values_list("code", flat=True))
        assert communes == legacy_commune_codes(district=official_code(district.code))


def test_load_areas_khuong_trung_succeeded_by_current_hanoi_commune(hanoi):
    khuong_trung = Area.objects.get(name="Khương Trung", parent__name="Thanh Xuân")

    new = khuong_trung.successors.get(name="Khương Đình")
    links = AreaLink.objects.filter(predecessor=khuong_trung)
    assert (khuong_trung.code, khuong_trung.level, khuong_trung.valid_to) == ("LC00349", AreaLevel.COMMUNE, LEGACY_END)
    assert (new.name, new.division_type, new.level, new.parent, new.valid_to) == ("Khương Đình", "phường", "commune", hanoi, None)
    # Khương Trung was divided: part went to Khương Đình, part to Phương Liệt
    assert set(links.values_list("successor__name", "kind", "date")) == {
        ("Khương Đình", LinkKind.PART, CURRENT_START),
        ("Phương Liệt", LinkKind.PART, CURRENT_START),
    }


def test_load_areas_thanh_xuan_ward_merges_several_former_wards(hanoi):
    thanh_xuan = Area.objects.get(name="Thanh Xuân", level=AreaLevel.COMMUNE, valid_to=None)

    former = {(area.name, area.parent.name) for area in thanh_xuan.predecessors.filter(level=AreaLevel.COMMUNE)}

    assert {("Thanh Xuân Trung", "Thanh Xuân"), ("Thượng Đình", "Thanh Xuân")} <= former


def test_load_areas_divided_commune_is_part_of_each_new_commune(hanoi):
    parts = AreaLink.objects.filter(kind=LinkKind.PART, predecessor__level=AreaLevel.COMMUNE)
    divided = parts.values_list("predecessor", flat=True).distinct()

    assert divided.exists()
    for predecessor in Area.objects.filter(pk__in=divided):
        kinds = list(AreaLink.objects.filter(predecessor=predecessor).values_list("kind", flat=True))
        assert len(kinds) >= 2
        assert set(kinds) == {LinkKind.PART}


def test_load_areas_former_district_linked_in_part_to_each_commune_that_took_its_wards(hanoi):
    gia_lam = Area.objects.get(code="LD018")
    from_wards = set(AreaLink.objects.filter(predecessor__parent=gia_lam).values_list("successor__code", flat=True).distinct())

    assert successors_of("LD018") == {(code, LinkKind.PART) for code in from_wards}
    assert "Gia Lâm" in set(gia_lam.successors.values_list("name", flat=True))


def test_load_areas_every_legacy_hanoi_commune_has_a_current_successor(hanoi):
    legacy = Area.objects.filter(level=AreaLevel.COMMUNE, valid_to=LEGACY_END)

    assert legacy.count() == 526
    assert not legacy.filter(successor_links=None).exists()
    assert set(legacy.values_list("successors__parent__code", "successors__valid_to").distinct()) == {("P01", None)}


def test_load_areas_paths_names_are_as_area_save_makes_them(hanoi):
    areas = Area.objects.select_related("parent")

    assert [area.path for area in areas] == [area.build_path() for area in areas]
    assert all(unicodedata.is_normalized("NFC", area.name) for area in areas)


def test_subtree_province_spans_legacy_and_current_without_other_provinces(hanoi):
    load_areas("11")  # Điện Biên: another province whose rows could leak into the subtree
    hanoi_codes = {"P01"} | package_codes(province=1)
    hanoi_codes |= {f"LD{r['districtCode']}" for r in legacy_records() if r["provinceCode"] == "01"}
    hanoi_codes |= {f"LC{r['wardCode']}" for r in legacy_records() if r["provinceCode"] == "01"}

    subtree = set(Area.objects.filter(path__startswith=hanoi.path).values_list("code", flat=True))

    assert subtree == hanoi_codes
    assert Area.objects.exclude(path__startswith=hanoi.path).filter(code__startswith="P").count() == 1


def test_subtree_legacy_district_holds_only_its_communes(hanoi):
    thanh_xuan = Area.objects.get(level=AreaLevel.DISTRICT, name="Thanh Xuân")

    subtree = set(Area.objects.filter(thanh_xuan.descendants_q()).values_list("code", flat=True))

    assert subtree == {thanh_xuan.code} | legacy_commune_codes(district=official_code(thanh_xuan.code))


def test_load_areas_twice_changes_nothing(hanoi):
    before = snapshot()

    load_areas("01")

    assert snapshot() == before


def test_load_areas_again_restores_changed_name(hanoi):
    Area.objects.filter(code="LD009").update(name="Thanh Xuan")

    load_areas("01")

    assert Area.objects.get(code="LD009").name == "Thanh Xuân"


def test_load_areas_merged_province_is_legacy_with_successor(db):
    load_areas("80", "72")
    tay_ninh, long_an, old_tay_ninh = (Area.objects.get(code=code) for code in ["P80", "LP80", "LP72"])

    assert (tay_ninh.name, tay_ninh.valid_from, tay_ninh.valid_to) == ("Tây Ninh", CURRENT_START, None)
    assert (long_an.name, long_an.valid_to, successors_of("LP80")) == ("Long An", LEGACY_END, {("P80", LinkKind.WHOLE)})
    assert (old_tay_ninh.name, old_tay_ninh.valid_to, successors_of("LP72")) == ("Tây Ninh", LEGACY_END, {("P80", "whole")})
    kien_tuong = Area.objects.get(level=AreaLevel.DISTRICT, name="Kiến Tường")
    assert (kien_tuong.division_type, kien_tuong.parent, kien_tuong.path) == ("thị xã", long_an, f"/LP80/{kien_tuong.code}/")


def test_build_rows_hai_duong_merges_into_hai_phong():
    tree = build_tree(["30"])
    rows = {row.code: row for row in tree.rows}

    assert (rows["LP30"].name, rows["LP30"].valid_to) == ("Hải Dương", LEGACY_END)
    assert [(link.successor, link.kind) for link in tree.links if link.predecessor == "LP30"] == [("P31", LinkKind.WHOLE)]
    assert (rows["P31"].name, rows["P31"].valid_from) == ("Hải Phòng", None)  # Hải Phòng itself continues


def test_build_rows_island_district_succeeded_by_special_zone():
    tree = build_tree(["31"])
    rows = {row.code: row for row in tree.rows}
    bach_long_vi = next(row for row in rows.values() if row.level == AreaLevel.DISTRICT and row.name == "Bạch Long Vĩ")

    [link] = [link for link in tree.links if link.predecessor == bach_long_vi.code]
    assert (rows[link.successor].name, rows[link.successor].division_type, link.kind) == ("Bạch Long Vĩ", "đặc khu", "whole")


def test_load_areas_unknown_province_refused(db):
    with pytest.raises(CommandError, match="No province has code '03'"):
        load_areas("03")

    assert Area.objects.count() == 0


@pytest.mark.parametrize(
    ("full_name", "package_type", "expected"),
    [
        ("Huyện Gia Lâm", "Huyện", ("Gia Lâm", "huyện")),
        ("Thành Phố Bắc Kạn", "Thành phố", ("Bắc Kạn", "thành phố")),
        ("Thành phố Hà Nội", "thành phố trung ương", ("Hà Nội", "thành phố")),
        ("Xã  Bắc Đông Quan", "xã", ("Bắc Đông Quan", "xã")),
        ("Phường 1", "Phường", ("Phường 1", "phường")),
        ("Thị trấn Ngọc Lặc", "Xã", ("Ngọc Lặc", "thị trấn")),
        ("Cao Bằng", "tỉnh", ("Cao Bằng", "tỉnh")),
        (unicodedata.normalize("NFD", "Xã Khương Đình"), "xã", ("Khương Đình", "xã")),
    ],
)
def test_split_name_strips_division_type(full_name, package_type, expected):
    assert split_name(full_name, package_type) == expected


@pytest.mark.parametrize(
    ("code", "official"), [("P01", "01"), ("LP80", "80"), ("C00004", "00004"), ("LD001", "001"), ("LC00001", "00001")]
)
def test_official_code_recovered_from_area_code(code, official):
    assert official_code(code) == official


def test_load_areas_everything_counts_current_and_legacy(db):
    output = load_areas()

    provinces = Area.objects.filter(level=AreaLevel.PROVINCE)
    communes = Area.objects.filter(level=AreaLevel.COMMUNE)
    assert provinces.filter(valid_to=None).count() == 34
    assert communes.filter(valid_to=None).count() == 3321
    assert provinces.exclude(valid_from=CURRENT_START).count() == 63  # the provinces that existed before 1 July 2025
    assert communes.filter(valid_to=LEGACY_END, successor_links=None).count() == 0
    assert "province 34 current + 36 legacy, district 696 legacy, commune 3321 current + 10035 legacy" in output
    assert AreaLink.objects.filter(predecessor__level=AreaLevel.PROVINCE).count() == 36
