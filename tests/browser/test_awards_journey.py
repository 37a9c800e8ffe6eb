"""Province staff score a model, recognise it, open its certificate, propose it for an award and record the decision."""

import os

from models_registry.awards.models import Award
from models_registry.evaluations.examples import load_examples
from tests.browser.conftest import pick
from tests.factories import InitiativeFactory

SHOTS = os.environ.get("AWARDS_SCREENSHOTS")  # a folder: save screenshots of the main pages while developing


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_province_staff_scores_recognises_prints_proposes_and_awards(page, login, province_staff, unit_a):
    load_examples()
    model = InitiativeFactory(unit=unit_a, status="in_progress", name="Dân vận khéo trong hiến đất làm đường giao thông")
    login(province_staff)

    # Score the model on the example criteria set.
    page.goto(f"/models/{model.pk}/")
    page.get_by_role("link", name="Chấm điểm mô hình này").click()
    inputs = page.locator("#score-form .points-input")
    for index, points in enumerate(["5", "5", "5", "9", "18", "13,5", "14", "10", "12"]):
        inputs.nth(index).fill(points)
    assert page.locator("#score-total").inner_text() == "91,5"
    _shot(page, "score")
    page.get_by_role("button", name="Lưu phiếu chấm").click()
    assert page.locator("#evaluation-total").inner_text().startswith("91,5 · Xuất sắc")
    _shot(page, "evaluation")

    # Recognise it at province level.
    page.goto(f"/models/{model.pk}/")
    page.locator("#awards").get_by_role("link", name="Công nhận", exact=True).click()
    page.get_by_label("Cấp công nhận").select_option(label="Cấp tỉnh")
    page.get_by_label("Số quyết định").fill("125-QĐ/BDVTU")
    page.get_by_label("Ngày quyết định").fill("15/05/2025")
    page.get_by_label("Người ký").fill("Nguyễn Văn Bình")
    page.get_by_role("button", name="Công nhận").click()
    page.wait_for_url(f"**/models/{model.pk}/**")
    assert page.locator(".recognition-history .badge").first.inner_text() == "Còn hiệu lực"
    _shot(page, "model")

    # Open its certificate.
    page.locator(".recognition-history").get_by_role("link", name="Giấy công nhận").click()
    assert page.get_by_role("heading", name="GIẤY CÔNG NHẬN").is_visible()
    assert page.locator(".cert-name").inner_text() == model.name
    _shot(page, "certificate")
    if SHOTS:  # how it prints: one A4 page, no navigation
        page.emulate_media(media="print")
        _shot(page, "certificate-print")
        page.pdf(path=f"{SHOTS}/certificate.pdf", prefer_css_page_size=True)
        page.emulate_media(media="screen")

    # Put it in an award proposal and send it.
    page.goto("/awards/proposals/")
    page.get_by_role("link", name="Đề nghị mới").click()
    page.get_by_label("Tiêu đề").fill("Đề nghị tặng Giấy khen năm 2025")
    page.get_by_label("Hình thức khen thưởng").select_option(label="Giấy khen — Ban Dân vận Tỉnh ủy (Tập thể)")
    page.get_by_label("Năm thành tích").fill("2025")
    page.get_by_role("button", name="Tạo").click()
    pick(page, "id_initiative", model.name, f"{model.name} — {unit_a.name} · {unit_a.area.name}")
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi đề nghị").click()
    assert page.locator("#proposal-status").inner_text() == "Đã gửi"

    # Record the award decision.
    form = page.locator("#decide-form")
    form.get_by_label("Số quyết định").fill("300-QĐ/BDVTU")
    form.get_by_label("Ngày quyết định").fill("02/09/2025")
    form.get_by_label("Người ký").fill("Trần Thị Hoa")
    _shot(page, "proposal")
    form.get_by_role("button", name="Ghi nhận quyết định").click()

    assert page.locator("#proposal-status").inner_text() == "Đã quyết định"
    assert page.locator("#proposal-items .badge").inner_text() == "Được khen thưởng"
    award = Award.objects.get()
    assert (award.initiative_id, award.decision_no, award.year) == (model.pk, "300-QĐ/BDVTU", 2025)
    _shot(page, "proposal-decided")
