import unicodedata

import pytest

from models_registry.initiatives.models import Field
from tests.factories_imports import xlsx_bytes

TITLES = [["HUYỆN ỦY GIA LÂM"], ["BAN DÂN VẬN"], ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2024"]]
HEADER = ["STT", "TÊN MÔ HÌNH", "Ten don vi", "Lĩnh vực", "Thời gian đăng ký", "Kinh phí huy động (đồng)"]
GOOD = [1, unicodedata.normalize("NFD", "Hiến đất làm đường giao thông"), "GL-DANGXA", "Kinh tế", "15/03/2024", "1.234.567"]


def _file(tmp_path, name, field):
    bad = [2, "Chợ văn minh, an toàn", "ubnd xa dang xa", field, "2024", "446.000"]
    path = tmp_path / name
    path.write_bytes(xlsx_bytes([HEADER, GOOD, bad], above=TITLES))
    return path


@pytest.fixture
def fields(db):
    """The reference fields (a live-server test may run after another one flushed the migration's rows)."""
    for order, (code, name) in enumerate([("kinh-te", "Kinh tế"), ("van-hoa-xa-hoi", "Văn hóa – xã hội")], start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def test_officer_imports_a_messy_file_fixes_the_error_and_sees_the_new_models(page, login, officer_a, unit_a, fields, tmp_path):
    login(officer_a)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Nhập Excel").click()
    page.get_by_label("Tệp chứa dữ liệu gì").select_option("initiatives")
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(_file(tmp_path, "mo-hinh.xlsx", "Nông nghiệp"))
    page.get_by_role("button", name="Kiểm tra tệp").click()

    error_row = page.locator("#preview tr[data-row='6']")
    assert "Lỗi" in error_row.inner_text()
    assert "“Nông nghiệp” không phải là lĩnh vực" in error_row.inner_text()
    assert page.locator("#confirm-button").is_disabled()

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp chứa dữ liệu gì").select_option("initiatives")
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(_file(tmp_path, "mo-hinh-da-sua.xlsx", "Văn hóa - xã hội"))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert page.locator("#count-new").inner_text() == "2"
    page.get_by_role("button", name="Xác nhận nhập").click()

    assert "Đã nhập: 2 mới" in page.locator("#import-done").inner_text()
    page.locator("#see-list").click()
    assert page.get_by_role("link", name="Hiến đất làm đường giao thông").is_visible()
    assert page.get_by_role("link", name="Chợ văn minh, an toàn").is_visible()


def test_officer_imports_an_office_report_with_merged_headers_and_a_signature_block(
    page, login, officer_a, unit_a, fields, tmp_path
):
    from tests.factories_imports import TOTALS_AND_SIGNATURE, office_xlsx
    from tests.imports.test_import_office import TWO_ROW_HEADER, TWO_ROW_MERGES, _records

    path = tmp_path / "bao-cao-quy.xlsx"
    path.write_bytes(office_xlsx(TWO_ROW_HEADER, _records(), merges=TWO_ROW_MERGES, footer=TOTALS_AND_SIGNATURE))
    login(officer_a)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Nhập Excel").click()
    page.get_by_label("Tệp chứa dữ liệu gì").select_option("initiatives")
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(path)
    page.get_by_role("button", name="Kiểm tra tệp").click()

    assert "tiêu đề ở dòng 6–7, 2 dòng dữ liệu" in page.locator("dl").first.inner_text()
    assert "Kinh phí (đồng): — → 100.000.000" not in page.locator("#preview").inner_text()
    assert "Kinh phí (đồng): 100.000.000" in page.locator("#preview").inner_text()
    assert page.locator("#count-ignored").inner_text() == "8"
    page.screenshot(path="/tmp/import-office-preview.png", full_page=True)
    page.get_by_role("link", name="Bỏ qua (chữ ký / tổng cộng)").click()
    assert "Nơi nhận:" in page.locator("#preview").inner_text()
    assert page.locator("#preview .table-danger").count() == 0
