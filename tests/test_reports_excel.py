"""The official Excel layout: headings, merged headers, every figure, print set-up, the records sheets."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

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


def test_registry_export_heading_block_is_office_data(client_for, province_staff, period, data, office_province):
    office_province.place_name = "Hà Nội"
    office_province.save()

    sheet = _book(client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))["Báo cáo"]

    width = sheet.max_column
    assert (sheet["A1"].value, sheet["A2"].value, sheet["A3"].value) == (
        "THÀNH ỦY HÀ NỘI",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN THÀNH ỦY HÀ NỘI",
        "*",
    )
    right = sheet.cell(1, width - 5)
    assert (right.value, right.font.b, right.font.u) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, "single")
    assert sheet.cell(3, width - 5).value == _today_line("Hà Nội")
    assert (sheet["A5"].value, sheet["A6"].value, sheet["A7"].value) == (
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua “Dân vận khéo” — 6 tháng đầu năm 2025",
        "(Từ ngày 01/01/2025 đến ngày 30/06/2025 — địa bàn: Hà Nội)",
    )
    assert {"A1:F1", f"{_col(width - 5)}1:{_col(width)}1", "A5:" + _col(width) + "5"} <= {
        str(r) for r in sheet.merged_cells.ranges
    }


def test_registry_export_state_heading_for_a_body_that_is_not_of_the_party(client_for, province_staff, period, office_province):
    office_province.is_party_body = False
    office_province.save()

    sheet = _book(client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))["Báo cáo"]

    width = sheet.max_column
    assert (sheet.cell(1, width - 5).value, sheet.cell(2, width - 5).value) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in {cell.value for row in sheet.iter_rows() for cell in row}


def _col(index):
    return openpyxl.utils.get_column_letter(index)


def test_registry_export_headers_are_merged_on_two_rows(client_for, province_staff, period, data):
    sheet = _book(client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))["Báo cáo"]
    levels = RecognitionLevel.objects.count()

    area = _find(sheet, "Địa bàn")
    top = area.row
    merged = {str(r) for r in sheet.merged_cells.ranges}
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
    assert sheet.freeze_panes == f"B{top + 2}"
    assert sheet.print_title_rows == f"${top}:${top + 1}"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == ("landscape", 9, 1)
    assert sheet.cell(top, 2).border.left.style == "thin"


def test_registry_export_every_figure_equals_the_database(client_for, province_staff, period, data, province):
    client = client_for(province_staff)
    sheet = _book(client.get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}))["Báo cáo"]
    report = registry.build(province, period)
    columns = figures.columns()

    compared = 0
    for table in report.tables:
        title = _find(sheet, table.title)
        first_row = title.row + 3
        for offset, row in enumerate([*table.rows, table.total]):
            cells = [sheet.cell(first_row + offset, 2 + i).value for i in range(len(columns))]
            assert (sheet.cell(first_row + offset, 1).value.split(" (")[0], cells) == (
                row.label,
                [row.values[c.key] for c in columns],
            )
            compared += 1
    totals = next(t for t in report.tables if t.key == "area").total.values
    total_row = _find(sheet, "Theo địa bàn").row + 3 + 2

    assert compared == sum(len(t.rows) + 1 for t in report.tables)
    assert (totals["registered"], totals["new"], totals["land_donated_m2"], totals["money_mobilised"]) == (2, 1, 1653, 72_900_000)
    assert sheet.cell(total_row, 1).value == "Tổng cộng" and sheet.cell(total_row, 1).font.b
    assert sheet.cell(total_row, 2).number_format == "[$-42A]#,##0"


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

    assert book["Báo cáo"]["A2"].value == "BAN DÂN VẬN HUYỆN ỦY GIA LÂM"
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

    sheet = _book(client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "xlsx"}))[
        "Báo cáo"
    ]

    assert sheet["A5"].value == "BÁO CÁO SƠ KẾT"
    assert sheet.cell(3, sheet.max_column - 5).value.endswith("ngày 05 tháng 7 năm 2025")
    activity = _find(sheet, "Số cuộc giám sát")
    assert [sheet.cell(activity.row, c).value for c in (1, 2, 3)] == ["Số cuộc giám sát", "cuộc", 263]
    assert sheet.cell(_find(sheet, "IV. HẠN CHẾ VÀ NGUYÊN NHÂN").row + 1, 1).value == "Một số mô hình chưa bền vững."
    assert _find(sheet, "NGƯỜI LẬP BIỂU") and _find(sheet, "TRƯỞNG BAN")


def test_consolidated_export_sums_accepted_offices(client_for, province_staff, period, office_a, office_b):
    supervision = ActivityIndicator.objects.get(name="Số cuộc giám sát")
    ActivityValueFactory(
        report=PeriodReportFactory(office=office_a, period=period, status="accepted"), indicator=supervision, value=12
    )
    PeriodReportFactory(office=office_b, period=period, status="submitted")

    sheet = _book(client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk]), {"export": "xlsx"}))[
        "Báo cáo"
    ]

    office_row = _find(sheet, "Ban Dân vận Huyện ủy Gia Lâm").row
    assert sheet.cell(office_row, 2).value == 12
    assert sheet.cell(office_row + 1, 1).value == "Tổng cộng" and sheet.cell(office_row + 1, 2).value == 12
    assert _find(sheet, "– Ban Dân vận Quận ủy Long Biên: Đã gửi")


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
