def test_officer_logs_in_sees_units_in_vietnamese_and_logs_out(page, login, officer_a, unit_a, unit_b):
    login(officer_a)

    page.get_by_role("link", name="Đơn vị", exact=True).first.click()
    assert page.get_by_role("heading", name="Đơn vị").is_visible()
    assert page.get_by_role("link", name="UBND xã Đặng Xá").is_visible()
    assert page.get_by_text("UBND phường Bồ Đề").count() == 0
    assert page.locator("#total-count").inner_text() == "1 bản ghi"

    page.locator(".dropdown-toggle").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
