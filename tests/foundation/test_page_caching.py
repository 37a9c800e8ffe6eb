"""What every page would recount is kept for a while per scope: the navigation badge (a minute) and the list pages'
filter panels (five minutes), and the registry list's drawn results under the database's snapshot (any commit
draws them again). Fewer queries per page; never another scope's areas or counts, never a stale row."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from danvan.accounts.enums import Role
from danvan.snapshots import request_snapshot
from models_registry.initiatives.enums import Status
from models_registry.units.enums import AreaLevel
from tests.factories import AreaFactory, InitiativeFactory, OfficeFactory, UnitFactory, UserFactory, as_request_user


def badge(response) -> str | None:
    found = re.search(r'title="đang chờ">([^<]+)', response.content.decode())
    return found.group(1) if found else None


def area_options(response) -> list[str]:
    select = re.search(r'<select name="area".*?</select>', response.content.decode(), re.S).group(0)
    return re.findall(r"<option value=\"\d+\"[^>]*>(.+?)</option>", select)


def test_list_page_again_skips_the_filter_choices_and_the_badge(client_for, province_staff, unit_a, django_assert_num_queries):
    InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    client = client_for(province_staff)
    url = reverse("initiatives:list")
    client.get(url)  # the session's first request writes it
    cache.clear()

    # A province's area filter is a picker (its communes run past a hundred): no area choices are drawn.
    with django_assert_num_queries(7):  # session, user, count, badge, fields, phases, rows
        first = client.get(url)
    with django_assert_num_queries(4):  # session, user, count, rows
        again = client.get(url)

    assert (badge(first), badge(again)) == ("1", "1")
    picker = f'hx-get="{reverse("pickers:areas")}"'
    assert (picker in first.content.decode(), picker in again.content.decode()) == (True, True)


def test_filter_panel_shows_each_scope_its_own_areas(client_for, officer_a, officer_b, commune_a, commune_b):
    url = reverse("units:list")

    seen_by_a = area_options(client_for(officer_a).get(url))
    seen_by_b = area_options(client_for(officer_b).get(url))

    former = "{} (đến 30/06/2025)".format
    assert (seen_by_a, seen_by_b) == ([former("Gia Lâm"), former("Đặng Xá")], [former("Long Biên"), former("Bồ Đề")])


def test_filter_panel_shows_the_filters_asked(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    client.get(reverse("initiatives:list"), {"kind": "model"})

    response = client.get(reverse("initiatives:list"), {"kind": "exemplar", "q": "hiến đất"})

    page = response.content.decode()
    assert '<option value="exemplar" selected>' in page
    assert 'value="hiến đất"' in page


def test_filter_panel_keeps_a_bad_value_message_for_the_same_filters(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    client.get(reverse("initiatives:list"), {"year": "0"})

    response = client.get(reverse("initiatives:list"), {"year": "0", "page": "2"})

    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_review_badge_is_recounted_after_a_minute(client_for, province_staff, unit_a, monkeypatch):
    InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    client = client_for(province_staff)
    first = badge(client.get(reverse("home")))
    InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    within_the_minute = badge(client.get(reverse("home")))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 61)
    after_it = badge(client.get(reverse("home")))

    assert (first, within_the_minute, after_it) == ("1", "1", "2")


def test_review_badge_is_each_province_s_own(client_for, province_staff, unit_a):
    InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    other = AreaFactory(code="P48", name="Đà Nẵng", level=AreaLevel.PROVINCE)
    staff_elsewhere = UserFactory(role=Role.PROVINCE_STAFF, office=OfficeFactory(area=other))
    UnitFactory(area=AreaFactory(code="LC20194", name="Hòa Hải", parent=other))
    client = client_for(province_staff)
    ours = badge(client.get(reverse("home")))

    theirs = badge(client_for(staff_elsewhere).get(reverse("home")))

    assert (ours, theirs) == ("1", None)


# --- the registry list's results, kept under the database snapshot: these tests commit, as the server does -------

committing = pytest.mark.django_db(transaction=True)


def results(response) -> str:
    """The count line and the table of a list page, as drawn."""
    return re.search(r'<section class="col-lg-9">(.*?)</section>', response.content.decode(), re.S).group(1)


def names(response) -> list[str]:
    return re.findall(r'class="text-wrap initiative-name card-title-cell"><a href="[^"]+">([^<]+)</a>', results(response))


def kept_list(client, url):
    """The list viewed until its results are kept: the first view writes the session (a commit), the second draws
    them under the snapshot that follows."""
    client.get(url)
    return client.get(url)


@committing
def test_list_results_again_are_served_from_the_cache(client_for, province_staff, unit_a, django_assert_num_queries):
    InitiativeFactory(unit=unit_a, name="Dân vận khéo ở Đặng Xá")
    client = client_for(province_staff)
    url = reverse("initiatives:list")
    drawn = kept_list(client, url)

    with django_assert_num_queries(2):  # session, user (with the snapshot): no filter check, no count, no rows
        again = client.get(url)

    assert (results(again), names(again)) == (results(drawn), ["Dân vận khéo ở Đặng Xá"])
    assert "1 bản ghi" in results(again)


@committing
def test_kept_list_results_still_draw_an_expired_filter_panel(client_for, province_staff, unit_a):
    InitiativeFactory(unit=unit_a, kind="exemplar", name="Điển hình Đặng Xá")
    client = client_for(province_staff)
    url = reverse("initiatives:list")
    asked = {"kind": "exemplar", "year": "0"}
    drawn = kept_list(client, f"{url}?{urlencode(asked)}")

    cache.clear()  # the filter panel (and the badge) expire; the results stay kept
    again = client.get(url, asked)

    page = again.content.decode()
    assert (results(again), '<option value="exemplar" selected>' in page) == (results(drawn), True)
    assert "Hãy chọn một lựa chọn hợp lệ" in page  # the bad year, as the first view said it
    assert ("table" in drawn.context, "table" in again.context) == (True, False)  # kept: no table built


@committing
def test_list_results_show_another_user_s_save_at_once(client_for, province_staff, officer_a, unit_a):
    model = InitiativeFactory(unit=unit_a, name="Tên cũ")
    client = client_for(province_staff)
    url = reverse("initiatives:list")
    kept_list(client, url)

    model.name = "Tên mới"
    model.save()  # committed, as another user's edit is
    renamed = client.get(url)
    InitiativeFactory(unit=unit_a, name="Mô hình thứ hai", created_by=officer_a)
    added = client.get(url)

    assert (names(renamed), sorted(names(added))) == (["Tên mới"], ["Mô hình thứ hai", "Tên mới"])
    assert "2 bản ghi" in results(added)


@committing
def test_list_results_show_a_renamed_unit_at_once(client_for, province_staff, unit_a):
    InitiativeFactory(unit=unit_a)
    client = client_for(province_staff)
    url = reverse("initiatives:list")
    kept_list(client, url)

    unit_a.name = "UBND xã Đặng Xá (mới)"
    unit_a.save()
    response = client.get(url)

    assert "UBND xã Đặng Xá (mới)" in results(response)


@committing
def test_list_results_are_each_scope_s_own(client_for, officer_a, officer_b, unit_a, unit_b):
    InitiativeFactory(unit=unit_a, name="Mô hình của Gia Lâm")
    InitiativeFactory(unit=unit_b, name="Mô hình của Long Biên")
    url = reverse("initiatives:list")
    kept_list(client_for(officer_a), url)

    seen_by_b = kept_list(client_for(officer_b), url)
    seen_by_a = client_for(officer_a).get(url)

    assert (names(seen_by_a), names(seen_by_b)) == (["Mô hình của Gia Lâm"], ["Mô hình của Long Biên"])


@committing
def test_snapshot_changes_with_any_commit_only(officer_a, unit_a):
    first = as_request_user(officer_a).db_snapshot
    same = as_request_user(officer_a).db_snapshot
    UnitFactory(area=unit_a.area, name="Hợp tác xã Đặng Xá")
    after = as_request_user(officer_a).db_snapshot

    assert (first is not None, first == same, after == first) == (True, True, False)


def test_no_snapshot_inside_a_transaction_that_has_written(officer_a):
    request = RequestFactory().get("/")
    request.user = as_request_user(officer_a)  # the test's transaction has written officer_a

    assert (request.user.db_snapshot, request_snapshot(request)) == (None, None)
