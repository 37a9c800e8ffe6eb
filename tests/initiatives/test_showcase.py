"""The public showcase (issue 18, item 1): filters, cards, totals, the public detail and photos, replication from
the showcase, and its cache redrawn on recognition and revocation."""

import datetime

import pytest
from django.urls import reverse

from models_registry.awards import domain as awards
from models_registry.initiatives import domain
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import EvidenceFile, Field, Initiative
from models_registry.units.enums import AreaLevel, UnitKind
from models_registry.units.models import AreaLink
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import RecognitionFactory, level
from tests.factories_initiatives import JPEG_BYTES, PDF_BYTES, EvidenceFileFactory

SHOWCASE = reverse("initiatives:showcase")


def on_show(unit, name, *, level_code="tinh", decided_on=datetime.date(2025, 5, 15), **fields):
    """A recognised model with its decision in force."""
    initiative = InitiativeFactory(unit=unit, name=name, status=Status.RECOGNISED, **fields)
    RecognitionFactory(initiative=initiative, level=level(level_code), decided_on=decided_on)
    return initiative


def names(response) -> list[str]:
    return [initiative.name for initiative in response.context["page"]] if "page" in response.context else []


def card_names(client, **params) -> list[str]:
    page = client.get(SHOWCASE, params).content.decode()
    return sorted(name for name in ALL_NAMES if name in page)


ALL_NAMES = ["Dân vận khéo hiến đất làm đường", "Chợ văn minh", "Khu dân cư an toàn", "Mô hình Tây Ninh"]


@pytest.fixture
def shown(unit_a, unit_b):
    """Four models on show: two in Hà Nội (district A and B), one in a current province that took over a former
    one (its unit sits in the former province), with different fields, levels, years and unit kinds."""
    tay_ninh = AreaFactory(code="P80", name="Tây Ninh", level=AreaLevel.PROVINCE)
    long_an = AreaFactory(code="LP80", name="Long An", level=AreaLevel.PROVINCE, valid_to=datetime.date(2025, 6, 30))
    AreaLink.objects.create(predecessor=long_an, successor=tay_ninh, kind="whole", date=datetime.date(2025, 7, 1))
    former_unit = UnitFactory(name="UBND xã Tân Lập", area=AreaFactory(name="Tân Lập", parent=long_an), kind=UnitKind.COMMUNE)
    agency = UnitFactory(name="Công an huyện Gia Lâm", area=unit_a.area.parent, kind=UnitKind.ARMED_FORCES)
    economy, society = Field.objects.get(code="kinh-te"), Field.objects.get(code="van-hoa-xa-hoi")
    return {
        "road": on_show(
            unit_a, ALL_NAMES[0], field=economy, people_reached=1250, money_mobilised=1_500_000_000, land_donated_m2=3400
        ),
        "market": on_show(unit_b, ALL_NAMES[1], field=society, level_code="huyen", decided_on=datetime.date(2024, 3, 1)),
        "safety": on_show(agency, ALL_NAMES[2], field=society, level_code="huyen", decided_on=datetime.date(2025, 1, 9)),
        "former": on_show(former_unit, ALL_NAMES[3], field=economy),
    }


def test_showcase_filters_by_current_province_with_former_ones_folded_in(client, shown):
    assert card_names(client, province="P80") == ["Mô hình Tây Ninh"]
    assert card_names(client, province="P01") == sorted(ALL_NAMES[:3])


def test_showcase_filters_by_field_level_year_and_unit_kind(client, shown):
    assert card_names(client, field="kinh-te") == sorted([ALL_NAMES[0], ALL_NAMES[3]])
    assert card_names(client, level="huyen") == sorted([ALL_NAMES[1], ALL_NAMES[2]])
    assert card_names(client, year="2024") == ["Chợ văn minh"]
    assert card_names(client, unit_kind="armed_forces") == ["Khu dân cư an toàn"]
    assert card_names(client, level="huyen", year="2025") == ["Khu dân cư an toàn"]


def test_showcase_search_ignores_diacritics(client, shown):
    assert card_names(client, q="dan van kheo hien dat") == ["Dân vận khéo hiến đất làm đường"]
    assert card_names(client, q="cho van minh") == ["Chợ văn minh"]


def test_showcase_ignores_unknown_filter_values(client, shown):
    response = client.get(SHOWCASE, {"province": "XX", "year": "99999", "level": "<b>", "page": "-3"})

    assert sorted(names(response)) == sorted(ALL_NAMES)


def test_showcase_card_names_unit_commune_province_level_year_results_and_replications(client, shown, officer_b, unit_b):
    copy = domain.replicate(shown["road"], unit=unit_b, by=officer_b)
    copy.status = Status.SUBMITTED
    copy.save()
    domain.replicate(shown["road"], unit=unit_b, by=officer_b)  # a draft copy does not count yet

    page = client.get(SHOWCASE, {"q": "hien dat"}).content.decode()

    assert "UBND xã Đặng Xá · Đặng Xá · Hà Nội" in page
    assert "Cấp tỉnh · 2025" in page
    assert "1.250 người được vận động" in page
    assert "1.500.000.000 đồng" in page
    assert "3.400 m² đất" in page
    assert "Nhân rộng 1 lần" in page


def test_showcase_header_gives_totals(client, shown, officer_b, unit_b):
    copy = domain.replicate(shown["market"], unit=unit_b, by=officer_b)
    Initiative.objects.filter(pk=copy.pk).update(status=Status.SUBMITTED)

    page = client.get(SHOWCASE).content.decode()

    assert "4 mô hình được công nhận · 1 lượt nhân rộng" in page


def test_showcase_title_names_the_filters_for_sharing(client, shown):
    page = client.get(SHOWCASE, {"province": "P01", "field": "kinh-te", "year": "2025"}).content.decode()

    assert "<title>Mô hình “Dân vận khéo” đã được công nhận · Hà Nội · Kinh tế · 2025 ·" in page
    assert 'href="?field=kinh-te&amp;province=P01&amp;year=2025&amp;page=2"' not in page  # one page only


def test_showcase_is_cached_and_redrawn_on_recognition_and_revocation(client, shown, province_staff, unit_a):
    waiting = InitiativeFactory(unit=unit_a, name="Tổ hòa giải giỏi", status=Status.IN_PROGRESS)
    assert "Tổ hòa giải giỏi" not in client.get(SHOWCASE).content.decode()

    recognition = awards.recognise(
        waiting,
        by=province_staff,
        level=level("tinh"),
        decision_no="12-QĐ/BDVTU",
        decided_on=datetime.date(2025, 6, 1),
        signer="Nguyễn Văn Bình",
    )
    assert "Tổ hòa giải giỏi" in client.get(SHOWCASE).content.decode()

    awards.revoke_recognition(recognition, by=province_staff, reason="Quyết định ban hành nhầm")
    assert "Tổ hòa giải giỏi" not in client.get(SHOWCASE).content.decode()


def test_showcase_second_view_of_a_query_is_served_from_the_cache(client, shown, django_assert_max_num_queries):
    client.get(SHOWCASE, {"field": "kinh-te"})

    with django_assert_max_num_queries(1):  # the showcase version only
        page = client.get(SHOWCASE, {"field": "kinh-te"}).content.decode()

    assert "Dân vận khéo hiến đất làm đường" in page


def test_showcase_detail_shows_public_parts_and_public_photos_only(client, shown):
    road = shown["road"]
    road.situation, road.person_contact = "Đường thôn hẹp, xe cứu thương không vào được.", "0912 345 678"
    road.save()
    public_photo = EvidenceFileFactory(initiative=road, content_type="image/jpeg", original_name="a.jpg", is_public=True)
    private_photo = EvidenceFileFactory(initiative=road, content_type="image/jpeg", original_name="b.jpg")
    document = EvidenceFileFactory(initiative=road, is_public=True)  # a PDF is never shown, whatever its flag

    page = client.get(reverse("initiatives:showcase_detail", args=[road.pk])).content.decode()

    assert "Đường thôn hẹp, xe cứu thương không vào được." in page
    assert "0912 345 678" not in page
    assert reverse("initiatives:showcase_photo", args=[road.pk, public_photo.pk]) in page
    assert reverse("initiatives:showcase_photo", args=[road.pk, private_photo.pk]) not in page
    assert reverse("initiatives:showcase_photo", args=[road.pk, document.pk]) not in page
    assert "<title>Dân vận khéo hiến đất làm đường ·" in page


def test_showcase_photo_serves_public_images_only(client, shown):
    road = shown["road"]
    public_photo = EvidenceFileFactory(initiative=road, content_type="image/jpeg", is_public=True, file__data=JPEG_BYTES)
    private_photo = EvidenceFileFactory(initiative=road, content_type="image/jpeg", file__data=JPEG_BYTES)
    document = EvidenceFileFactory(initiative=road, is_public=True, file__data=PDF_BYTES)

    shown_photo = client.get(reverse("initiatives:showcase_photo", args=[road.pk, public_photo.pk]))
    hidden = [
        client.get(reverse("initiatives:showcase_photo", args=[road.pk, f.pk])).status_code for f in (private_photo, document)
    ]

    assert (shown_photo["Content-Type"], b"".join(shown_photo.streaming_content)) == ("image/jpeg", JPEG_BYTES)
    assert hidden == [404, 404]


def test_officer_marks_a_photo_public_and_a_document_is_refused(client_for, officer_a, shown):
    road = shown["road"]
    photo = EvidenceFileFactory(initiative=road, content_type="image/png")
    document = EvidenceFileFactory(initiative=road)
    client = client_for(officer_a)

    client.post(reverse("initiatives:evidence_public", args=[road.pk, photo.pk]), {"public": "1"})
    refused = client.post(reverse("initiatives:evidence_public", args=[road.pk, document.pk]), {"public": "1"})

    assert EvidenceFile.objects.get(pk=photo.pk).is_public is True
    assert EvidenceFile.objects.get(pk=document.pk).is_public is False
    assert refused.status_code == 403
    assert "Ảnh được công khai" in client.get(reverse("initiatives:detail", args=[road.pk])).content.decode()  # audit
    client.logout()
    page = client.get(reverse("initiatives:showcase_detail", args=[road.pk])).content.decode()
    assert reverse("initiatives:showcase_photo", args=[road.pk, photo.pk]) in page


def test_officer_of_another_district_marks_no_photo(client_for, officer_b, shown):
    photo = EvidenceFileFactory(initiative=shown["road"], content_type="image/png")

    response = client_for(officer_b).post(
        reverse("initiatives:evidence_public", args=[shown["road"].pk, photo.pk]), {"public": "1"}
    )

    assert response.status_code == 404
    assert EvidenceFile.objects.get(pk=photo.pk).is_public is False


def test_officer_replicates_a_showcase_model_into_a_unit_of_their_own_district(client_for, officer_b, unit_b, shown):
    road = shown["road"]  # in district A, outside officer B's area
    client = client_for(officer_b)

    detail = client.get(reverse("initiatives:showcase_detail", args=[road.pk])).content.decode()
    form = client.get(reverse("initiatives:showcase_replicate", args=[road.pk]))
    once = form.context["form"]["once"].value()
    client.post(reverse("initiatives:showcase_replicate", args=[road.pk]), {"unit": unit_b.pk, "once": once})

    assert "Nhân rộng về đơn vị tôi" in detail
    copy = Initiative.objects.get(replicated_from=road)
    assert (copy.unit, copy.status, copy.name) == (unit_b, Status.DRAFT, road.name)


def test_visitor_sees_no_replicate_button_and_the_login_link(client, shown):
    detail = client.get(reverse("initiatives:showcase_detail", args=[shown["road"].pk])).content.decode()
    listing = client.get(SHOWCASE).content.decode()

    assert "Nhân rộng về đơn vị tôi" not in detail
    assert reverse("login") in listing


def test_model_not_on_show_cannot_be_replicated_from_the_showcase(client_for, officer_b, unit_a):
    waiting = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)

    response = client_for(officer_b).get(reverse("initiatives:showcase_replicate", args=[waiting.pk]))

    assert response.status_code == 404


def test_showcase_total_is_capped_as_on_the_lists(client, shown, settings):
    settings.LIST_COUNT_CAP = 2

    page = client.get(SHOWCASE).content.decode()

    assert "Tìm thấy hơn 2 mô hình" in page
    assert "4 mô hình được công nhận" in page  # the header counts every model on show


def test_login_page_names_the_office_and_links_the_showcase(client, office_province):
    page = client.get(reverse("login")).content.decode()

    assert "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội" in page
    assert "THÀNH ỦY HÀ NỘI" in page
    assert f'href="{SHOWCASE}"' in page
    assert "Tài khoản do quản trị viên của Ban cấp" in page
