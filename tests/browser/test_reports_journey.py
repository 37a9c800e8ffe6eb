import datetime
import io
from pathlib import Path

import openpyxl

from reports.models import PeriodReport
from tests.factories import InitiativeFactory
from tests.factories_reports import ReportPeriodFactory, approved, local


def test_officer_submits_semi_annual_report_province_accepts_and_exports(
    page, login, officer_a, province_staff, office_b, province, unit_a
):
    approved(InitiativeFactory(name="Dân vận khéo trong hiến đất làm đường", unit=unit_a), local(2025, 3, 1, 9))
    ReportPeriodFactory(area=province, year=2025, due_on=datetime.date(2025, 7, 15))
    page.on("dialog", lambda dialog: dialog.accept())

    # The officer finds the due report on the home page, saves a draft, then submits.
    login(officer_a)
    page.get_by_role("link", name="6 tháng đầu năm 2025").click()
    page.get_by_label("Số cuộc giám sát").fill("263")
    page.get_by_label("Số hội nghị phản biện xã hội").fill("874")
    page.get_by_label("Kết quả đạt được").fill("Các cấp ủy đã chỉ đạo xây dựng 12 mô hình dân vận khéo.")
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.get_by_text("Đã lưu bản nháp.").is_visible()
    assert page.get_by_label("Số cuộc giám sát").input_value() == "263"
    page.get_by_role("button", name="Gửi lên tỉnh").click()
    assert page.get_by_text("Đã gửi báo cáo lên tỉnh.").is_visible()
    assert page.locator(".report-status").first.inner_text() == "Đã gửi"
    page.locator(".dropdown-toggle").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")

    # Province staff see it on the tracker, accept it, open the consolidated report and download the Excel file.
    login(province_staff)
    page.get_by_role("link", name="Báo cáo", exact=True).first.click()
    page.get_by_role("link", name="Theo dõi nộp báo cáo").click()
    row = page.locator("#tracker tr", has_text="Ban Dân vận Huyện ủy Gia Lâm")
    assert row.locator(".report-status").inner_text() == "Đã gửi"
    assert page.locator("#tracker tr", has_text="Ban Dân vận Quận ủy Long Biên").get_attribute("class") == "tracker-late"
    row.get_by_role("link", name="Xem xét").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    assert page.get_by_text("Đã tiếp nhận báo cáo của Ban Dân vận Huyện ủy Gia Lâm.").is_visible()
    assert PeriodReport.objects.get().status == "accepted"
    page.get_by_role("link", name="Theo dõi nộp báo cáo").click()
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    assert page.locator("#table-activity tfoot td").first.inner_text() == "263"
    assert "Ban Dân vận Quận ủy Long Biên" in page.locator("#missing-offices").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value

    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    values = {cell.value for row in book["Báo cáo"].iter_rows() for cell in row}
    by_office = {cell.value for row in book["Biểu 5"].iter_rows() for cell in row}
    assert download.suggested_filename.endswith(".xlsx")
    assert {"BÁO CÁO", "ĐẢNG CỘNG SẢN VIỆT NAM", 263, 874} <= values
    assert {"Ban Dân vận Huyện ủy Gia Lâm", 263, 874} <= by_office


def test_officer_types_a_vietnamese_amount_saves_and_sees_it_grouped_after_reload(page, login, officer_a, province):
    ReportPeriodFactory(area=province, year=2025, due_on=datetime.date(2025, 7, 15))
    login(officer_a)
    page.get_by_role("link", name="6 tháng đầu năm 2025").click()
    money = page.get_by_label("Số tiền huy động")

    money.fill("3450000000")
    money.blur()
    assert money.input_value() == "3.450.000.000"  # grouped as soon as the field is left
    money.fill("3.450.000.000")
    page.get_by_label("Số cuộc giám sát").fill("1.250")
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.get_by_text("Đã lưu bản nháp.").is_visible()
    page.reload()

    assert page.get_by_label("Số tiền huy động").input_value() == "3.450.000.000"
    assert page.get_by_label("Số cuộc giám sát").input_value() == "1.250"
    values = {v.indicator.name: v.value for v in PeriodReport.objects.get().values.select_related("indicator")}
    assert values["Số tiền huy động"] == 3_450_000_000
