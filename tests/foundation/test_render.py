"""Documents as they print: each file goes once through LibreOffice to PDF, and its pages are read back
(page count, page size, the text of each page). Run alone with `pytest -m render`."""

import datetime

import pytest
from django.urls import reverse

from models_registry.awards.models import ProposalItem
from models_registry.units.enums import AreaLevel
from reports.enums import ReportStatus
from reports.models import ActivityIndicator
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import AwardProposalFactory, CriteriaSetFactory, EvaluationFactory, award_form, scored
from tests.factories_reports import (
    ActivityValueFactory,
    PeriodReportFactory,
    RecognitionFactory,
    ReportPeriodFactory,
    approved,
    local,
)
from tests.rendering import A4_LANDSCAPE, A4_PORTRAIT, page_sizes, pages, to_pdf, words

pytestmark = [pytest.mark.render, pytest.mark.slow]
DISTRICTS = 70  # the area table runs over two landscape pages


@pytest.fixture
def period(province):
    return ReportPeriodFactory(area=province)


@pytest.fixture
def many_districts(province):
    """Seventy districts, each with a unit and a model approved in the period, so every row has figures."""
    for number in range(1, DISTRICTS + 1):
        area = AreaFactory(code=f"LDX{number:03d}", name=f"Quận Thử {number:02d}", level=AreaLevel.DISTRICT, parent=province)
        unit = UnitFactory(code=f"THU-{number:03d}", name=f"UBND Quận Thử {number:02d}", area=area)
        approved(InitiativeFactory(unit=unit, name=f"Mô hình thử {number:02d}"), local(2025, 3, 1, 9))


def test_report_workbook_prints_each_table_under_its_own_header(client_for, province_staff, period, many_districts, tmp_path):
    data = client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"}).content

    pdf = to_pdf(data, "so-lieu.xlsx", tmp_path)
    text = pages(pdf)

    document = [i for i, page in enumerate(text) if "ĐẢNG CỘNG SẢN VIỆT NAM" in page or "Nơi nhận:" in page]
    areas = [i for i, page in enumerate(text) if "Quận Thử" in page and "Mô hình thử" not in page]
    kinds = [i for i, page in enumerate(text) if "BIỂU 2. THEO LOẠI HÌNH ĐƠN VỊ" in page]
    assert document and len(areas) == 2  # the area table's second page, "page 2 of the sheet"
    second = text[areas[1]]
    assert "Quận Thử 70" in second and "Tổng cộng" in second
    assert "Địa bàn" in second and "Mô hình và điển hình" in second and "Công nhận trong kỳ" in second
    assert "Loại đơn vị" not in second and "Lĩnh vực" not in second  # no other table's titles over it
    assert "Địa bàn" not in text[areas[1] + 1]  # the next table starts with its own header, not the area table's
    assert kinds == [areas[1] + 1] and "Loại đơn vị" in text[kinds[0]]
    assert all("Địa bàn" not in text[i] for i in document)  # the document's text prints under no table's titles
    assert set(page_sizes(pdf)) == {A4_LANDSCAPE}


def test_consolidated_workbook_prints_the_document_then_its_tables(
    client_for, province_staff, period, office_a, office_b, tmp_path
):
    supervision = ActivityIndicator.objects.get(code="giam_sat")
    ActivityValueFactory(
        report=PeriodReportFactory(office=office_a, period=period, status="accepted"), indicator=supervision, value=4263
    )
    PeriodReportFactory(office=office_b, period=period, status="submitted")

    data = client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk]), {"export": "xlsx"}).content
    text = pages(to_pdf(data, "tong-hop.xlsx", tmp_path))

    first = words(text[0])
    assert "THÀNH ỦY HÀ NỘI" in first and "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "BÁO CÁO" in first
    assert "Sơ kết phong trào thi đua “Dân vận khéo” 6 tháng đầu năm 2025" in first
    offices = [i for i, page in enumerate(text) if "BIỂU 5. SỐ LIỆU HOẠT ĐỘNG THEO ĐƠN VỊ" in page]
    assert len(offices) == 1
    table = words(text[offices[0]])
    assert "Ban Dân vận Huyện ủy Gia Lâm 4.263" in table and "Tổng cộng 4.263" in table
    document = words(" ".join(text[: offices[0] - 4]))
    assert "Ban Dân vận Quận ủy Long Biên: Đã gửi" in document and "Nơi nhận:" in document


def test_word_report_prints_as_an_a4_document_then_landscape_tables(client_for, province_staff, period, office_a, tmp_path):
    office_a.signer_name, office_a.signer_title = "Phạm Thị Lan", "Trưởng ban"
    office_a.save()
    report = PeriodReportFactory(
        office=office_a,
        period=period,
        status=ReportStatus.SUBMITTED,
        submitted_at=local(2025, 7, 5, 9),
        results="Nhiều mô hình hay.",
    )
    ActivityValueFactory(report=report, indicator=ActivityIndicator.objects.get(code="giam_sat"), value=4263)

    data = client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "docx"}).content
    pdf = to_pdf(data, "bao-cao.docx", tmp_path)
    text, sizes = [words(page) for page in pages(pdf)], page_sizes(pdf)

    assert sizes[0] == A4_PORTRAIT and sizes[-1] == A4_LANDSCAPE
    assert "HUYỆN ỦY GIA LÂM" in text[0] and "ĐẢNG CỘNG SẢN VIỆT NAM" in text[0] and "BÁO CÁO" in text[0]
    assert "4.263 cuộc giám sát" in text[0] and "Nhiều mô hình hay." in " ".join(text)
    signed = next(i for i, page in enumerate(text) if "Phạm Thị Lan" in page)
    assert sizes[signed] == A4_PORTRAIT and "Nơi nhận:" in text[signed] and "TRƯỞNG BAN" in text[signed]
    assert "PHỤ LỤC SỐ LIỆU" in text[signed + 1] and sizes[signed + 1] == A4_LANDSCAPE


def test_proposal_submission_prints_on_a4_with_its_list_on_the_next_page(client_for, officer_a, office_a, unit_a, tmp_path):
    office_a.signer_name, office_a.signer_title = "Phạm Thị Lan", "Trưởng ban"
    office_a.save()
    proposal = AwardProposalFactory(office=office_a, award_form=award_form(), year=2025)
    for number in range(1, 4):
        model = InitiativeFactory(unit=unit_a, status="recognised", name=f"Tổ tự quản số {number}")
        RecognitionFactory(initiative=model, decided_on=datetime.date(2025, 3, number))
        ProposalItem.objects.create(proposal=proposal, initiative=model)

    data = client_for(officer_a).get(reverse("awards:proposal", args=[proposal.pk]), {"export": "docx"}).content
    pdf = to_pdf(data, "to-trinh.docx", tmp_path)
    text = [words(page) for page in pages(pdf)]

    assert set(page_sizes(pdf)) == {A4_PORTRAIT} and len(text) == 2
    assert "TỜ TRÌNH" in text[0] and "Kính gửi: Ban Dân vận Tỉnh ủy" in text[0] and "Phạm Thị Lan" in text[0]
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text[1]
    assert all(f"Tổ tự quản số {number}" in text[1] for number in range(1, 4))


def test_score_sheet_prints_on_one_a4_page(client_for, province_staff, unit_a, tmp_path):
    province_staff.full_name = "Nguyễn Thu Hà"
    province_staff.save()
    criteria = CriteriaSetFactory(criteria=[10, 10, 10, 15, 15, 10, 10, 10, 10])
    evaluation = scored(
        EvaluationFactory(initiative=InitiativeFactory(unit=unit_a), criteria_set=criteria, evaluator=province_staff),
        *[8, 9, 7, 12, 13, 9, 8, 9, 7.5],
    )

    data = client_for(province_staff).get(reverse("evaluations:detail", args=[evaluation.pk]), {"export": "docx"}).content
    pdf = to_pdf(data, "phieu-cham-diem.docx", tmp_path)
    text = [words(page) for page in pages(pdf)]

    assert (len(text), page_sizes(pdf)) == (1, [A4_PORTRAIT])
    assert "PHIẾU CHẤM ĐIỂM" in text[0] and "9 Tiêu chí 9 10 7,5" in text[0] and "Tổng cộng 100 82,5" in text[0]
    assert "NGƯỜI CHẤM ĐIỂM" in text[0] and "Nguyễn Thu Hà" in text[0]


def test_list_export_of_nine_rows_prints_on_one_landscape_page(client_for, officer_a, unit_a, tmp_path):
    for number in range(1, 10):
        InitiativeFactory(
            unit=unit_a, name=f"Dân vận khéo trong vận động nhân dân hiến đất làm đường giao thông nông thôn số {number}"
        )

    response = client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx"})
    pdf = to_pdf(b"".join(response.streaming_content), "mo-hinh.xlsx", tmp_path)
    text = pages(pdf)

    assert (len(text), page_sizes(pdf)) == (1, [A4_LANDSCAPE])
    page = words(text[0])
    assert "MÔ HÌNH VÀ ĐIỂN HÌNH" in page and "Địa bàn: Gia Lâm — tất cả, không lọc — ngày xuất:" in page
    assert all(f"nông thôn số {number}" in page for number in range(1, 10))
    assert "STT" in page
