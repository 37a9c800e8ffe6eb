"""The official Excel layout: headings, merged headers, every figure, print set-up, the records sheets."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.enums import SigningMode
from models_registry.awards.models import RecognitionLevel
from reports import figures, registry
from reports.enums import ReportStatus
from reports.models import ActivityIndicator
from tests.factories import InitiativeFactory
from tests.factories_reports import (
    ActivityValueFactory,
    AwardFactory,
    PeriodReportFactory,
    RecognitionFactory,
    ReportPeriodFactory,
    approved,
    award_form,
    level,
    local,
)
from tests.tools import require_tool


@pytest.fixture
def period(province):
    return ReportPeriodFactory(area=province)


@pytest.fixture
def data(unit_a, unit_b):
    a1 = approved(
        InitiativeFactory(
            name="Dân vận khéo trong hiến đất làm đường", unit=unit_a, land_donated_m2=1_653, money_mobilised=72_900_000
        ),
        local(2025, 3, 1, 9),
    )
    approved(InitiativeFactory(name='=HYPERLINK("http://x")', unit=unit_b, people_reached=1_200), local(2024, 3, 1, 9))
    RecognitionFactory(initiative=a1, level=level("huyen"))
    AwardFactory(award_form=award_form("collective"), unit=unit_a, area=unit_a.area)
    return a1


def _book(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in the sheet")


def _today_line(place):
    today = timezone.localdate()
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    return f"{place}, ngày {today.day:02d} tháng {month} năm {today.year}"


def _registry_book(client, period, **params):
    return _book(client.get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx", **params}))


def test_registry_export_heading_block_is_office_data(client_for, province_staff, period, data, office_province):
    office_province.place_name = "Hà Nội"
    office_province.abbreviation = "BTGDVTU"
    office_province.save()

    sheet = _registry_book(client_for(province_staff), period)["Báo cáo"]

    assert [sheet[f"A{row}"].value for row in range(1, 5)] == [
        "THÀNH ỦY HÀ NỘI",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU",
    ]
    assert (sheet["A1"].font.b, sheet["A2"].font.b) == (False, True)
    assert (sheet["D1"].value, sheet["D1"].font.b, sheet["D1"].font.u) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, "single")
    assert (sheet["D4"].value, sheet["D4"].font.i) == (_today_line("Hà Nội"), True)
    assert [sheet[f"A{row}"].value for row in range(6, 10)] == [
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua “Dân vận khéo” — 6 tháng đầu năm 2025",
        "-----",
        "(Từ ngày 01/01/2025 đến ngày 30/06/2025 — địa bàn: Hà Nội)",
    ]
    assert {"A1:C1", "D1:F1", "A6:F6"} <= {str(r) for r in sheet.merged_cells.ranges}


def test_registry_export_state_heading_for_a_body_that_is_not_of_the_party(client_for, province_staff, period, office_province):
    office_province.is_party_body = False
    office_province.superior_name = "UBND THÀNH PHỐ HÀ NỘI"
    office_province.heading_name = "SỞ NỘI VỤ"
    office_province.abbreviation = "SNV"
    office_province.save()

    sheet = _registry_book(client_for(province_staff), period)["Báo cáo"]

    assert [(sheet[f"A{row}"].value, sheet[f"D{row}"].value) for row in range(1, 4)] == [
        ("UBND THÀNH PHỐ HÀ NỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"),
        ("Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-SNV", _today_line("Hà Nội")),
    ]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in {cell.value for row in sheet.iter_rows() for cell in row}
    assert "-----" not in {cell.value for row in sheet.iter_rows() for cell in row}  # the rule under the subject is the Party's


def _col(index):
    return openpyxl.utils.get_column_letter(index)


def test_registry_export_each_table_has_its_own_sheet_and_repeated_header(client_for, province_staff, period, data):
    book = _registry_book(client_for(province_staff), period)
    levels = RecognitionLevel.objects.count()

    assert book.sheetnames == ["Báo cáo", "Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4", "Mô hình", "Khen thưởng"]
    assert book["Báo cáo"].print_title_rows is None  # the document repeats no table's titles over its text
    for name, first_header in [("Biểu 1", "Địa bàn"), ("Biểu 2", "Loại đơn vị"), ("Biểu 3", "Loại"), ("Biểu 4", "Lĩnh vực")]:
        sheet = book[name]
        top = _find(sheet, first_header).row
        assert sheet.print_title_rows == f"${top}:${top + 1}"
        assert sheet.freeze_panes == f"B{top + 2}"
        assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == ("landscape", 9, 1)
    sheet = book["Biểu 1"]
    top = _find(sheet, "Địa bàn").row
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].value == "BIỂU 1. THEO ĐỊA BÀN"
    assert f"A{top}:A{top + 1}" in merged
    assert f"B{top}:E{top}" in merged and sheet.cell(top, 2).value == "Mô hình và điển hình"
    assert [sheet.cell(top + 1, c).value for c in range(2, 6)] == [
        "Đã đăng ký đến cuối kỳ",
        "Mới trong kỳ",
        "Đang thực hiện cuối kỳ",
        "Hiệu quả",
    ]
    assert f"F{top}:{_col(5 + levels + 1)}{top}" in merged and sheet.cell(top, 6).value == "Công nhận trong kỳ"
    assert sheet.cell(top + 1, 6 + levels).value == "Tổng cộng"
    assert sheet.cell(top, 2).border.left.style == "thin"
    assert sheet.row_dimensions[top + 1].height >= 3 * 15  # wrapped headers get the rows they need


def test_registry_export_every_figure_equals_the_database(client_for, province_staff, period, data, province):
    book = _registry_book(client_for(province_staff), period)
    report = registry.build(province, period)
    columns = figures.columns()

    compared = 0
    for number, table in enumerate(report.tables, start=1):
        sheet = book[f"Biểu {number}"]
        first_row = _find(sheet, table.first_header).row + 2
        for offset, row in enumerate([*table.rows, table.total]):
            cells = [sheet.cell(first_row + offset, 2 + i).value for i in range(len(columns))]
            assert (sheet.cell(first_row + offset, 1).value.split(" (")[0], cells) == (
                row.label,
                [row.values[c.key] for c in columns],
            )
            compared += 1
    totals = next(t for t in report.tables if t.key == "area").total.values
    sheet = book["Biểu 1"]
    total_row = _find(sheet, "Địa bàn").row + 2 + 2

    assert compared == sum(len(t.rows) + 1 for t in report.tables)
    assert (totals["registered"], totals["new"], totals["land_donated_m2"], totals["money_mobilised"]) == (2, 1, 1653, 72_900_000)
    assert sheet.cell(total_row, 1).value == "Tổng cộng" and sheet.cell(total_row, 1).font.b
    assert sheet.cell(total_row, 2).number_format == "[$-42A]#,##0"


def test_registry_export_document_lists_the_totals_in_brief(client_for, province_staff, period, data):
    sheet = _registry_book(client_for(province_staff), period)["Báo cáo"]

    assert _find(sheet, "I. SỐ LIỆU MÔ HÌNH, ĐIỂN HÌNH")
    registered = _find(sheet, "– Đã đăng ký đến cuối kỳ")
    land = _find(sheet, "– Đất hiến (m²)")
    assert (sheet.cell(registered.row, 2).value, sheet.cell(land.row, 2).value) == (2, 1653)
    assert _find(sheet, "Chi tiết theo địa bàn, loại hình đơn vị, loại và lĩnh vực: các trang Biểu 1, Biểu 2, Biểu 3, Biểu 4.")


def test_registry_export_records_sheets_list_the_models_and_awards(client_for, province_staff, period, data):
    book = _book(client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))

    models, awards = book["Mô hình"], book["Khen thưởng"]
    names = [r[2] for r in models.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://x")', "Dân vận khéo trong hiến đất làm đường"]  # by area: Long Biên, then Gia Lâm
    header = [c.value for c in models[1]]
    row = dict(zip(header, list(models.iter_rows(min_row=3, values_only=True))[0], strict=True))
    assert (row["Mới trong kỳ"], row["Đang thực hiện cuối kỳ"], row["Cấp công nhận"]) == ("x", "x", "Cấp huyện")
    assert [r[6] for r in awards.iter_rows(min_row=2, values_only=True)] == ["UBND xã Đặng Xá"]


def test_registry_export_of_an_officer_holds_only_the_district(client_for, officer_a, period, data, office_a):
    book = _book(client_for(officer_a).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))

    assert (book["Báo cáo"]["A1"].value, book["Báo cáo"]["A2"].value) == ("HUYỆN ỦY GIA LÂM", "BAN DÂN VẬN")
    assert [r[2] for r in book["Mô hình"].iter_rows(min_row=2, values_only=True)] == ["Dân vận khéo trong hiến đất làm đường"]


def test_period_report_export_has_activity_figures_and_narrative(client_for, province_staff, period, office_a, data):
    report = PeriodReportFactory(
        office=office_a,
        period=period,
        status=ReportStatus.SUBMITTED,
        submitted_at=local(2025, 7, 5, 9),
        shortcomings="Một số mô hình chưa bền vững.",
        directions="Nhân rộng mô hình hiến đất làm đường.",
    )
    report.figures = registry.build(office_a.area, period).to_json()
    report.save()
    supervision = ActivityIndicator.objects.get(name="Số cuộc giám sát")
    ActivityValueFactory(report=report, indicator=supervision, value=263)

    book = _book(client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "xlsx"}))
    sheet = book["Báo cáo"]

    assert (sheet["A6"].value, sheet["A7"].value) == ("BÁO CÁO", "Sơ kết phong trào thi đua “Dân vận khéo” 6 tháng đầu năm 2025")
    assert sheet["D4"].value.endswith("ngày 05 tháng 7 năm 2025")
    activity = _find(sheet, "Số cuộc giám sát")
    assert [sheet.cell(activity.row, c).value for c in (1, 2, 3)] == ["Số cuộc giám sát", "cuộc", 263]
    narrative = sheet.cell(_find(sheet, "IV. HẠN CHẾ VÀ NGUYÊN NHÂN").row + 1, 1)
    assert (narrative.value, narrative.alignment.wrap_text) == ("Một số mô hình chưa bền vững.", True)
    assert book["Biểu 1"].print_title_rows and book["Báo cáo"].print_title_rows is None


def test_period_report_export_closes_with_recipients_and_the_signature(client_for, province_staff, period, office_a, data):
    office_a.signing_mode, office_a.signing_for = SigningMode.DEPUTY, "Trưởng ban"
    office_a.signer_title, office_a.signer_name = "Phó Trưởng ban", "Đặng Văn Hưng"
    office_a.recipients = "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội (để b/c)\nThường trực Huyện ủy (để b/c)\nLưu Văn phòng"
    office_a.save()
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 7, 5, 9))

    sheet = _book(client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "xlsx"}))[
        "Báo cáo"
    ]

    recipients = _find(sheet, "Nơi nhận:")
    assert (recipients.column, recipients.font.u) == (1, "single")
    assert [sheet.cell(recipients.row + i, 1).value for i in range(1, 4)] == [
        "- Ban Tuyên giáo và Dân vận Thành ủy Hà Nội (để b/c),",
        "- Thường trực Huyện ủy (để b/c),",
        "- Lưu Văn phòng.",
    ]
    right = [sheet.cell(recipients.row + i, 4).value for i in range(0, 8)]
    assert right == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", None, None, None, None, None, "Đặng Văn Hưng"]
    assert sheet.cell(recipients.row, 4).font.b and sheet.cell(recipients.row + 7, 4).font.b


def test_consolidated_export_sums_accepted_offices(client_for, province_staff, period, office_a, office_b):
    supervision = ActivityIndicator.objects.get(name="Số cuộc giám sát")
    ActivityValueFactory(
        report=PeriodReportFactory(office=office_a, period=period, status="accepted"), indicator=supervision, value=12
    )
    PeriodReportFactory(office=office_b, period=period, status="submitted")

    book = _book(client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk]), {"export": "xlsx"}))
    sheet, offices = book["Báo cáo"], book["Biểu 5"]

    total = _find(sheet, "Số cuộc giám sát")
    assert [sheet.cell(total.row, c).value for c in (1, 2, 3)] == ["Số cuộc giám sát", "cuộc", 12]
    assert _find(sheet, "– Ban Dân vận Quận ủy Long Biên: Đã gửi")
    office_row = _find(offices, "Ban Dân vận Huyện ủy Gia Lâm").row
    assert offices.cell(office_row, 2).value == 12
    assert offices.cell(office_row + 1, 1).value == "Tổng cộng" and offices.cell(office_row + 1, 2).value == 12
    header = _find(offices, "Cơ quan").row
    assert offices.print_title_rows == f"${header}:${header}"


def test_exports_out_of_scope_are_404(client_for, officer_b, office_a, period, district_a):
    report = PeriodReportFactory(office=office_a, period=period, status="submitted")
    client = client_for(officer_b)

    codes = [
        client.get(reverse("reports:report_detail", args=[report.pk]), {"export": "xlsx"}).status_code,
        client.get(reverse("reports:registry", args=[period.pk]), {"area": district_a.pk, "export": "xlsx"}).status_code,
        client.get(reverse("reports:consolidated", args=[period.pk]), {"export": "xlsx"}).status_code,
    ]
    assert codes == [404, 404, 403]


@pytest.mark.slow
def test_registry_export_opens_in_libreoffice(client_for, province_staff, period, data, tmp_path):
    soffice = require_tool("soffice")
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}).content)

    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )

    pdf = tmp_path / "bao-cao.pdf"
    assert (result.returncode, pdf.exists()) == (0, True), result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
