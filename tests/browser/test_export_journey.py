"""A list too large to export at once: the worker writes it while the user watches, then the user downloads it."""

import io

import openpyxl

from tests.factories import UnitFactory


def test_large_list_export_is_written_in_the_background_and_downloaded(page, login, officer_a, commune_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1
    UnitFactory(area=commune_a, name="UBND xã Đặng Xá", code="GL-DANGXA")
    UnitFactory(area=commune_a, name="Hội Nông dân xã Đặng Xá", code="GL-HND")
    login(officer_a)
    page.goto("/units/")

    page.get_by_role("link", name="Xuất Excel").click()

    page.get_by_text("Tệp đã sẵn sàng: 2 dòng.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về gia-lam-don-vi-", exact=False).click()
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    names = sorted(row[2] for row in sheet.iter_rows(min_row=5, values_only=True))
    assert names == ["Hội Nông dân xã Đặng Xá", "UBND xã Đặng Xá"]
