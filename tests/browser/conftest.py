"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server."""

import pytest
from django.db import connections

from tests.tools import require_tool

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PASSWORD = "matkhau-123"  # the factories' password


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server's transactional tests flush the database after each test; restore the reference
            # data the migrations load (fields, phases, recognition levels, award forms) before each one.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the tests of a module.

    While Playwright runs, its event loop counts as running in the test thread: Django then refuses ORM calls
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and keeps the thread's database connections in a separate
    (async) store. Both last only as long as this fixture, and the connections opened meanwhile are closed
    before it ends: once the loop stops, nothing can reach them, and one left open kept the test database
    from being dropped at the end of the run."""
    from playwright.sync_api import sync_playwright

    executable = require_tool("chromium")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real form as the given user."""

    def log_in(user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return log_in


def pick(page, field_id: str, typed: str, label: str) -> None:
    """Choose in a type-ahead picker (danvan/pickers.py) as a person does: type, then click the match."""
    page.locator(f"#{field_id}").fill(typed)
    page.locator(f"#{field_id}-results [data-value]", has_text=label).first.click()
