"""Phones, accessibility and keyboard (issue 18, items 2 and 5): the main pages of every role at 390×844 and
1366×768, checked with axe-core (vendored in tests/browser/assets, never a CDN) and walked with the keyboard."""

import datetime
from pathlib import Path

import pytest
from django.db import transaction

from models_registry.awards.models import Recognition
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_reports import ReportPeriodFactory, level

AXE = Path(__file__).parent / "assets" / "axe-core-4.14.1" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
BLOCKING = ("serious", "critical")


@pytest.fixture
def registry(unit_a, officer_a):
    """A draft, a submitted model and a recognised one (with its decision) in district A."""
    draft = InitiativeFactory(unit=unit_a, created_by=officer_a, name="Dân vận khéo trong hiến đất làm đường giao thông")
    InitiativeFactory(unit=unit_a, status="submitted", name="Tổ hòa giải ở cơ sở", registered_on=datetime.date(2025, 3, 2))
    with transaction.atomic():  # the database checks at commit that a recognised model has its decision
        shown = InitiativeFactory(unit=unit_a, status="recognised", name="Chợ văn minh", people_reached=1250)
        Recognition.objects.create(
            initiative=shown, level=level("tinh"), decision_no="125-QĐ/BTGDVTU", decided_on=datetime.date(2026, 5, 15), signer="A"
        )
    UnitFactory.create_batch(3, area=unit_a.area)
    ReportPeriodFactory(area=unit_a.area.parent, kind="first_half", year=2025)
    return {"draft": draft, "shown": shown}


def open_as(browser, live_server, viewport, login_user=None):
    """A page of a fresh browser context (CSP bypassed only so that axe can be injected), logged in or not."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    if login_user is not None:
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(login_user.username)
        page.get_by_label("Mật khẩu").fill("matkhau-123")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page (WCAG 2.x A and AA), as "rule: target" lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [
        f"{violation['id']}: {node['target']}"
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def main_pages(registry) -> dict[str, list[str]]:
    draft, shown = registry["draft"].pk, registry["shown"].pk
    public = ["/models/showcase/", f"/models/showcase/{shown}/", "/models/showcase/?field=kinh-te&q=cho"]
    return {
        "anonymous": [*public, "/accounts/login/"],
        "officer_a": ["/", "/models/", f"/models/{draft}/", f"/models/{draft}/edit/", "/models/new/", "/reports/", "/units/"],
        "province_staff": ["/", "/models/review/", f"/models/{shown}/", "/awards/", "/awards/recognitions/", "/evaluations/"],
        "leader": ["/", "/reports/", "/models/"],
        "admin_user": ["/", "/units/", "/models/"],
    }


@pytest.mark.parametrize("role", ["anonymous", "officer_a", "province_staff", "leader", "admin_user"])
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, request, registry, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    found = {}
    for viewport in (DESKTOP, PHONE):
        page = open_as(browser, live_server, viewport, user)
        for url in main_pages(registry)[role]:
            page.goto(url)
            if violations := blocking_violations(page):
                found[f"{viewport['width']} {url}"] = violations
        page.context.close()

    assert found == {}


@pytest.mark.parametrize("which", ["dashboard", "list", "detail", "form", "report", "showcase"])
def test_phone_pages_never_scroll_sideways_and_show_the_status(browser, live_server, officer_a, registry, which):
    draft = registry["draft"].pk
    url = {
        "dashboard": "/",
        "list": "/models/",
        "detail": f"/models/{draft}/",
        "form": f"/models/{draft}/edit/",
        "report": "/reports/",
        "showcase": "/models/showcase/",
    }[which]
    page = open_as(browser, live_server, PHONE, officer_a)

    page.goto(url)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")

    assert widths == [390, 390, 390]
    if which in ("list", "detail", "report"):
        badge = page.locator(".status-badge").first.bounding_box()
        assert badge is not None and badge["x"] >= 0 and badge["x"] + badge["width"] <= 390
    page.context.close()


def test_phone_list_rows_are_cards_with_status_and_two_dates(browser, live_server, officer_a, registry):
    page = open_as(browser, live_server, PHONE, officer_a)

    page.goto("/models/")
    card = page.locator("table.table-cards tbody tr").filter(has_text="Tổ hòa giải ở cơ sở")

    assert card.locator(".status-badge").inner_text() == "Chờ duyệt"
    registered = card.locator("td.date")
    assert (registered.get_attribute("data-label"), registered.inner_text()) == ("Ngày đăng ký", "02/03/2025")
    assert card.locator(".status-cell").inner_text().startswith("Chờ duyệt từ ")  # the status's own date
    assert page.locator("thead").first.is_visible() is False
    page.context.close()


def test_phone_filters_collapse_behind_a_button_with_the_active_count(browser, live_server, officer_a, registry):
    page = open_as(browser, live_server, PHONE, officer_a)

    page.goto("/models/?status=draft&status=submitted&q=dan")
    summary = page.locator("details.filter-card summary")

    assert page.locator("details.filter-card").get_attribute("open") is None
    assert summary.locator("#active-filters").inner_text().split()[0] == "2"
    summary.click()
    assert page.get_by_label("Tìm theo tên và nội dung").is_visible()
    page.context.close()


def test_phone_form_has_one_column_a_save_bar_in_view_and_the_camera(browser, live_server, officer_a, registry):
    page = open_as(browser, live_server, PHONE, officer_a)

    page.goto(f"/models/{registry['draft'].pk}/edit/")
    save = page.get_by_role("button", name="Lưu nháp")
    name_box, unit_box = page.get_by_label("Tên", exact=False).first.bounding_box(), page.locator("#id_unit").bounding_box()

    assert save.is_visible() and save.bounding_box()["y"] + save.bounding_box()["height"] <= 844
    assert name_box["x"] == unit_box["x"]  # one column: fields stack
    assert page.locator("#id_files_camera").get_attribute("capture") == "environment"
    page.context.close()


def test_menus_are_reachable_with_the_keyboard(browser, live_server, officer_a, registry):
    page = open_as(browser, live_server, PHONE, officer_a)
    page.goto("/")

    for _ in range(10):  # skip link, brand, menu button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('navbar-toggler')"):
            break
    page.keyboard.press("Enter")
    page.locator("#nav.show").wait_for()
    page.keyboard.press("Tab")

    assert page.evaluate("() => document.activeElement.closest('#nav') !== null")
    assert page.get_by_role("link", name="Mô hình").first.is_visible()
    page.context.close()


def test_officer_picks_a_unit_by_typing_without_diacritics(browser, live_server, officer_a, registry, unit_a):
    page = open_as(browser, live_server, DESKTOP, officer_a)
    page.goto("/models/new/")

    page.locator("#id_name").fill("Mô hình chọn đơn vị bằng bàn phím")
    page.locator("#id_unit").fill("ubnd dang xa")
    page.wait_for_function("() => document.querySelectorAll('#id_unit-results [data-value]').length === 1")
    page.locator("#id_unit").press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Lưu nháp").click()

    page.wait_for_url(lambda url: "/new/" not in url)
    assert "UBND xã Đặng Xá" in page.locator("main").inner_text()
    page.context.close()
