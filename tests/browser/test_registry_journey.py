"""An officer registers a model, province staff return it, the officer fixes and resubmits it, province staff approve it."""

from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from tests.browser.conftest import pick
from tests.factories_initiatives import PDF_BYTES, ensure_reference_data

NAME = "Dân vận khéo trong hiến đất mở rộng đường giao thông nông thôn"


def open_model(page, initiative):
    page.goto(f"/models/{initiative.pk}/")
    return page


def switch_user(page, login, user):
    page.context.clear_cookies()
    return login(user)


def test_officer_registers_and_province_returns_then_approves(page, login, officer_a, province_staff, unit_a):
    ensure_reference_data()  # transactional tests before this one flushed the migration's rows
    login(officer_a)

    page.get_by_role("link", name="Mô hình", exact=True).first.click()
    page.get_by_role("link", name="Đăng ký mô hình").click()
    page.get_by_role("textbox", name="Tên", exact=True).fill(NAME)
    pick(page, "id_unit", "dang xa", "UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)")
    page.get_by_label("Lĩnh vực").select_option(label="Kinh tế")
    page.get_by_label("Giai đoạn").select_option(label="2021–2025")
    page.get_by_label("Thực trạng và lý do xây dựng").fill("Đường thôn Đoài hẹp, xe cứu thương không vào được.")
    page.get_by_label("Mục tiêu và chỉ tiêu đo được").fill("Mở rộng 2 km đường lên 5 m trước tháng 12.")
    page.get_by_label("Nội dung và cách làm").fill("Chi bộ họp dân; đảng viên, người có uy tín hiến đất trước.")
    page.get_by_label("Tệp minh chứng").set_input_files(
        files=[{"name": "Biên bản họp dân.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Lưu và gửi duyệt").click()

    assert page.get_by_role("heading", name=NAME).is_visible()
    assert page.locator(".status-badge").inner_text() == "Chờ duyệt"
    assert page.locator("#evidence-files a").inner_text() == "Biên bản họp dân.pdf"
    initiative = Initiative.objects.get(name=NAME)

    switch_user(page, login, province_staff)
    page.locator("#main-nav, nav.navbar").first.get_by_role("link", name="Chờ duyệt 1 đang chờ", exact=True).click()
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("button", name="Trả lại…").click()
    page.get_by_label("Trả lại: lý do").fill("Bổ sung số hộ dân đồng thuận hiến đất vào mục tiêu.")
    page.get_by_role("button", name="Xác nhận: Trả lại").click()
    assert page.locator(".status-badge").inner_text() == "Bị trả lại"

    switch_user(page, login, officer_a)
    open_model(page, initiative)
    assert "Bổ sung số hộ dân đồng thuận hiến đất vào mục tiêu." in page.locator("#return-reason").inner_text()
    page.locator("#actions").get_by_role("link", name="Sửa").click()
    assert "Bổ sung số hộ dân đồng thuận hiến đất vào mục tiêu." in page.locator("#return-reason").inner_text()
    page.get_by_label("Mục tiêu và chỉ tiêu đo được").fill("Mở rộng 2 km đường lên 5 m; 100% trong 86 hộ đồng thuận hiến đất.")
    page.get_by_role("button", name="Lưu và gửi duyệt lại").click()
    assert page.locator(".status-badge").inner_text() == "Chờ duyệt"

    switch_user(page, login, province_staff)
    open_model(page, initiative)
    changed = page.locator("#changes-since-return").inner_text()
    assert "Mục tiêu và chỉ tiêu đo được" in changed and "100% trong 86 hộ đồng thuận hiến đất" in changed
    page.get_by_role("button", name="Phê duyệt").click()

    assert page.locator(".status-badge").inner_text() == "Đang thực hiện"
    labels = page.locator("#timeline li .fw-semibold").all_inner_texts()
    assert labels == ["Đăng ký (bản nháp)", "Gửi duyệt", "Trả lại", "Gửi duyệt lại", "Phê duyệt"]
    assert "Bổ sung số hộ dân đồng thuận hiến đất vào mục tiêu." in page.locator("#timeline").inner_text()
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PROGRESS
