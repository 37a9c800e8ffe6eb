"""What each role may do is asked of the access modules: the navigation, the lists' "new" buttons and the edit
rights follow from danvan/accounts/access.py's predicates (a new role is its enum member and those predicates)."""

import pytest

from danvan.accounts.access import can_edit_in_area, can_oversee, can_register, can_report, can_review_models
from danvan.navigation import items_for


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "officer_a",
            ["/", "/models/", "/units/", "/evaluations/", "/awards/recognitions/", "/awards/", "/reports/", "/import/"],
        ),
        (
            "province_staff",
            [
                "/",
                "/models/",
                "/models/review/",
                "/units/",
                "/evaluations/",
                "/awards/recognitions/",
                "/awards/",
                "/reports/",
                "/import/",
            ],
        ),
        ("leader", ["/", "/models/", "/units/", "/evaluations/", "/awards/recognitions/", "/awards/", "/reports/"]),
        ("admin_user", ["/", "/models/", "/units/", "/evaluations/", "/awards/recognitions/", "/awards/", "/reports/"]),
    ],
)
def test_navigation_shows_each_role_its_sections(request, persona, expected):
    user = request.getfixturevalue(persona)
    assert [item["url"] for item in items_for(user, "/")] == expected


def test_navigation_page_shows_the_review_queue_to_province_staff_only(client_for, province_staff, officer_a):
    staff_page = client_for(province_staff).get("/").content.decode()
    officer_page = client_for(officer_a).get("/").content.decode()
    assert "Chờ duyệt" in staff_page and "Nhập Excel" in staff_page
    assert "Chờ duyệt" not in officer_page and "Nhập Excel" in officer_page


def test_role_predicates(officer_a, province_staff, leader, admin_user):
    assert [can_register(u) for u in (officer_a, province_staff, leader, admin_user)] == [True, True, False, False]
    assert [can_review_models(u) for u in (officer_a, province_staff, leader, admin_user)] == [False, True, False, False]
    assert [can_oversee(u) for u in (officer_a, province_staff, leader, admin_user)] == [False, True, True, True]
    assert [can_report(u) for u in (officer_a, province_staff, leader, admin_user)] == [True, False, False, False]


def test_can_edit_in_area_is_an_editor_inside_the_area(officer_a, officer_b, province_staff, leader, commune_a):
    assert can_edit_in_area(officer_a, commune_a)
    assert can_edit_in_area(province_staff, commune_a)
    assert not can_edit_in_area(officer_b, commune_a)  # another district
    assert not can_edit_in_area(leader, commune_a)  # reads only


@pytest.mark.parametrize(
    ("url", "button"),
    [
        ("/units/", "Thêm đơn vị"),
        ("/models/", "Đăng ký mô hình"),
        ("/awards/", "Ghi nhận khen thưởng"),
        ("/awards/proposals/", "Đề nghị mới"),
    ],
)
def test_list_offers_its_new_button_to_editors_only(client_for, officer_a, leader, url, button):
    assert button in client_for(officer_a).get(url).content.decode()
    assert button not in client_for(leader).get(url).content.decode()


def test_unit_edit_button_only_for_editors(client_for, officer_a, leader, unit_a):
    assert f"/units/{unit_a.pk}/edit/" in client_for(officer_a).get(f"/units/{unit_a.pk}/").content.decode()
    assert f"/units/{unit_a.pk}/edit/" not in client_for(leader).get(f"/units/{unit_a.pk}/").content.decode()


def test_admin_link_only_for_administrators(client_for, admin_user, province_staff):
    assert 'href="/admin/"' in client_for(admin_user).get("/").content.decode()
    assert 'href="/admin/"' not in client_for(province_staff).get("/").content.decode()
