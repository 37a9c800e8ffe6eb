"""Documents as offices issue them: the layout (Hướng dẫn 36-HD/VPTW; Nghị định 30/2020 for State bodies), the Word
period report with its figures in sentences, the Tờ trình of an award proposal and the score sheet."""

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.accounts.enums import SigningMode
from danvan.documents import issuer_name, layout
from models_registry.awards.models import ProposalItem
from reports import narrative, registry
from reports.enums import ReportStatus
from reports.models import ActivityIndicator, ReportSentence
from tests.factories import InitiativeFactory, OfficeFactory
from tests.factories_awards import AwardProposalFactory, CriteriaSetFactory, EvaluationFactory, award_form, scored
from tests.factories_reports import (
    ActivityValueFactory,
    PeriodReportFactory,
    RecognitionFactory,
    ReportPeriodFactory,
    approved,
    local,
)
from tests.pages import NOT_FOUND, seen

DAY = datetime.date(2025, 2, 5)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def texts(lines):
    return [line.text for line in lines]


def word(response) -> docx.Document:
    assert response["Content-Type"] == DOCX
    return docx.Document(io.BytesIO(response.content))


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def cells(document, table=0) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[table].rows]


# ---------------------------------------------------------------- the layout


def test_layout_of_a_party_office_with_a_deputy_signing(office_a):
    office_a.place_name, office_a.abbreviation = "Gia Lâm", "BDVHU"
    office_a.signing_mode, office_a.signing_for = SigningMode.DEPUTY, "Trưởng ban"
    office_a.signer_title, office_a.signer_name = "Phó Trưởng ban", "Đặng  Văn Hưng"
    office_a.recipients = "Ban Tuyên giáo và Dân vận Thành ủy (để b/c),\nLưu Văn phòng"

    doc = layout(office_a, day=DAY, title="Báo cáo", subject=["Sơ kết phong trào"], code="BC")

    assert texts(doc.left) == ["HUYỆN ỦY GIA LÂM", "BAN DÂN VẬN", "*", "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVHU"]
    assert texts(doc.right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Gia Lâm, ngày 05 tháng 02 năm 2025"]
    assert (doc.right[0].bold, doc.right[0].underline, doc.right[3].italic, doc.left[1].bold) == (True, True, True, True)
    assert (doc.title.text, texts(doc.subject), doc.rule_under_subject) == ("BÁO CÁO", ["Sơ kết phong trào"], True)
    assert texts(doc.recipients) == ["Nơi nhận:", "- Ban Tuyên giáo và Dân vận Thành ủy (để b/c),", "- Lưu Văn phòng."]
    assert (texts(doc.authority), doc.signer.text) == (["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Đặng Văn Hưng")


def test_layout_of_a_state_body_has_the_national_heading_and_state_marks(office_a):
    office_a.is_party_body, office_a.superior_name, office_a.heading_name = False, "UBND huyện Gia Lâm", "Phòng Nội vụ"
    office_a.abbreviation, office_a.signing_mode, office_a.signing_for = "PNV", SigningMode.ON_BEHALF, "Ủy ban nhân dân"
    office_a.signer_title = "Chủ tịch"

    doc = layout(office_a, day=DAY, title="Báo cáo", subject=[], code="BC")

    assert texts(doc.left) == ["UBND HUYỆN GIA LÂM", "PHÒNG NỘI VỤ", "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-PNV"]
    assert texts(doc.right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert texts(doc.authority) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert doc.rule_under_subject is False
    assert (doc.recipients[0].text, doc.recipients[0].bold, doc.recipients[0].italic) == ("Nơi nhận:", True, True)


def test_layout_of_a_head_signing_directly_has_only_the_title(office_a):
    office_a.signing_mode, office_a.signing_for, office_a.signer_title = SigningMode.DIRECT, "ignored", "Trưởng ban"

    assert texts(layout(office_a, day=DAY, title="x", subject=[]).authority) == ["TRƯỞNG BAN"]


@pytest.mark.parametrize(
    ("name", "superior", "heading", "expected"),
    [
        ("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", "THÀNH ỦY HÀ NỘI", "", "BAN TUYÊN GIÁO VÀ DÂN VẬN"),
        ("Ban Dân vận Huyện ủy Gia Lâm", "", "", "BAN DÂN VẬN HUYỆN ỦY GIA LÂM"),
        ("Ban Dân vận Huyện ủy Gia Lâm", "HUYỆN ỦY GIA LÂM", "Ban Dân vận", "BAN DÂN VẬN"),
    ],
)
def test_issuer_name_never_repeats_the_superior_body(db, name, superior, heading, expected):
    assert issuer_name(OfficeFactory.build(name=name, superior_name=superior, heading_name=heading)) == expected


# ---------------------------------------------------------------- sentences of the Word report


@pytest.fixture
def period(province):
    return ReportPeriodFactory(area=province)


def test_default_sentences_write_the_figures_in_vietnamese(period, district_a, unit_a):
    district_a.division_type = "huyện"
    district_a.save()
    approved(InitiativeFactory(unit=unit_a, works_completed=118, land_donated_m2=446_000), local(2025, 3, 1, 9))
    report = registry.build(district_a, period)
    activity = {"giam_sat": 4263, "phan_bien": 874, "doi_thoai": 432, "dat_hien": 446_000, "cong_trinh": 118}

    text = " ".join(narrative.sentences(narrative.figures(report, activity, period=period, area=district_a)))

    assert "Trong 6 tháng đầu năm 2025, toàn huyện Gia Lâm đăng ký mới 1 mô hình" in text
    assert "đã tổ chức 4.263 cuộc giám sát, 874 hội nghị phản biện xã hội" in text
    assert "432 hội nghị đối thoại với Nhân dân" in text
    assert "Nhân dân đã hiến 446.000 m² đất" in text and "118 công trình" in text


def test_sentence_naming_an_unknown_figure_is_refused_with_the_known_names(db):
    sentence = ReportSentence(order=9, text="Có {so_mo_hinh_moi} mô hình mới.")

    with pytest.raises(ValidationError) as error:
        sentence.full_clean()

    assert "Không có số liệu {so_mo_hinh_moi}. Hãy dùng một trong:" in str(error.value)
    assert "giam_sat" in str(error.value) and "moi" in str(error.value)


def test_sentence_with_an_open_brace_is_refused(db):
    with pytest.raises(ValidationError, match="Ngoặc nhọn chưa đóng"):
        ReportSentence(order=9, text="Có {moi mô hình.").full_clean()


def test_administrator_edits_a_sentence_and_the_word_report_says_it(client_for, admin_user, province_staff, period, office_a):
    office_a.area.division_type = "huyện"
    office_a.area.save()
    sentence = ReportSentence.objects.order_by("order").first()
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 7, 5, 9))
    ActivityValueFactory(report=report, indicator=ActivityIndicator.objects.get(code="giam_sat"), value=1234)
    admin = client_for(admin_user)

    page = admin.get(reverse("admin:reports_reportsentence_change", args=[sentence.pk])).content.decode()
    admin.post(
        reverse("admin:reports_reportsentence_change", args=[sentence.pk]),
        {"order": sentence.order, "text": "Toàn {dia_ban} có {giam_sat} cuộc giám sát trong {ky}.", "is_active": "on"},
    )
    text = paragraphs(
        word(client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "docx"}))
    )

    assert "<code>{giam_sat}</code>: Số cuộc giám sát (cuộc)" in page
    assert "Toàn huyện Gia Lâm có 1.234 cuộc giám sát trong 6 tháng đầu năm 2025." in text


# ---------------------------------------------------------------- the Word period report


def test_period_report_word_file_is_a_party_document_with_sections_and_tables(client_for, province_staff, period, office_a):
    office_a.signer_name, office_a.signer_title, office_a.abbreviation = "Phạm Thị Lan", "Trưởng ban", "BDVHU"
    office_a.save()
    report = PeriodReportFactory(
        office=office_a,
        period=period,
        status=ReportStatus.SUBMITTED,
        submitted_at=local(2025, 7, 5, 9),
        results="Nhiều mô hình được nhân rộng.",
        shortcomings="Một số mô hình chưa bền vững.",
        directions="Nhân rộng mô hình hiến đất làm đường.",
    )

    document = word(client_for(province_staff).get(reverse("reports:report_detail", args=[report.pk]), {"export": "docx"}))
    text = paragraphs(document)

    heading = cells(document, 0)[0]
    assert heading[0].split("\n") == ["HUYỆN ỦY GIA LÂM", "BAN DÂN VẬN", "*", "Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVHU"]
    assert heading[1].split("\n")[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert heading[1].endswith("ngày 05 tháng 7 năm 2025")
    assert text[:3] == ["BÁO CÁO", "Sơ kết phong trào thi đua “Dân vận khéo” 6 tháng đầu năm 2025", "-----"]
    for part in [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Nhiều mô hình được nhân rộng.",
        "II. HẠN CHẾ VÀ NGUYÊN NHÂN",
        "Một số mô hình chưa bền vững.",
    ]:
        assert part in text
    closing = cells(document, 1)[0]
    assert closing[0].startswith("Nơi nhận:") and closing[1].split("\n")[0] == "TRƯỞNG BAN"
    assert closing[1].split("\n")[-1] == "Phạm Thị Lan"
    assert "PHỤ LỤC SỐ LIỆU" in text
    area_table = next(cells(document, i) for i in range(len(document.tables)) if cells(document, i)[0][0] == "Địa bàn")
    assert area_table[0][:2] == ["Địa bàn", "Mô hình và điển hình"] and area_table[-1][0] == "Tổng cộng"
    assert document.sections[-1].orientation == 1  # the tables are on landscape pages


def test_consolidated_word_file_names_the_offices_and_who_is_missing(client_for, province_staff, period, office_a, office_b):
    accepted = PeriodReportFactory(office=office_a, period=period, status="accepted", shortcomings="Phối hợp chưa chặt chẽ.")
    ActivityValueFactory(report=accepted, indicator=ActivityIndicator.objects.get(code="giam_sat"), value=4263)
    PeriodReportFactory(office=office_b, period=period, status="submitted")

    document = word(client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk]), {"export": "docx"}))
    text = paragraphs(document)

    assert any("toàn thành phố Hà Nội" in p for p in text)
    assert any("đã tổ chức 4.263 cuộc giám sát" in p for p in text)
    assert "Ban Dân vận Huyện ủy Gia Lâm: Phối hợp chưa chặt chẽ." in text
    assert "Ban Dân vận Quận ủy Long Biên." in text
    assert cells(document, len(document.tables) - 1)[1][:2] == ["Ban Dân vận Huyện ủy Gia Lâm", "4.263"]


def test_word_exports_out_of_scope_are_404(client_for, officer_b, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status="submitted")

    response = client_for(officer_b).get(reverse("reports:report_detail", args=[report.pk]), {"export": "docx"})

    assert (response.get("Content-Disposition"), seen(response, office_a.name)) == (None, (404, NOT_FOUND, []))


# ---------------------------------------------------------------- Tờ trình and Phiếu chấm điểm


@pytest.fixture
def proposal(office_a, unit_a):
    office_a.signer_name, office_a.signer_title, office_a.recipients = "Phạm Thị Lan", "Trưởng ban", "Lưu Văn phòng"
    office_a.save()
    proposal = AwardProposalFactory(office=office_a, award_form=award_form(), year=2025, note="Các tập thể tiêu biểu.")
    for name in ["Tổ hòa giải thôn 3", "Dân vận khéo trong hiến đất"]:
        model = InitiativeFactory(unit=unit_a, status="recognised", name=name)
        RecognitionFactory(initiative=model, decision_no="12-QĐ/BDVHU", decided_on=datetime.date(2025, 3, 4))
        ProposalItem.objects.create(proposal=proposal, initiative=model)
    return proposal


def test_proposal_submission_is_addressed_to_the_issuer_with_its_list(client_for, officer_a, proposal):
    document = word(client_for(officer_a).get(reverse("awards:proposal", args=[proposal.pk]), {"export": "docx"}))
    text = paragraphs(document)

    assert text[0] == "TỜ TRÌNH"
    assert text[1].startswith("Về việc đề nghị tặng Giấy khen cho tập thể")
    assert "Kính gửi: Ban Dân vận Tỉnh ủy" in text
    assert any("xem xét, tặng Giấy khen cho 2 tập thể có thành tích xuất sắc" in p for p in text)
    assert "Các tập thể tiêu biểu." in text
    assert cells(document, 0)[0][0].split("\n")[-1].endswith("-TTr")
    closing = cells(document, 1)[0]
    assert closing[0].split("\n")[:2] == ["Nơi nhận:", "- Như trên,"]
    assert closing[1].split("\n")[-1] == "Phạm Thị Lan"
    listing = cells(document, 2)
    assert listing[0] == ["STT", "Tên", "Chức vụ, đơn vị", "Địa bàn", "Thành tích"]
    assert [row[0] for row in listing[1:]] == ["1", "2"]
    assert listing[1][4].startswith("Mô hình “Tổ hòa giải thôn 3”, được công nhận theo Quyết định số 12-QĐ/BDVHU ngày 04/03/2025")


def test_proposal_submission_out_of_scope_is_404(client_for, officer_b, proposal):
    response = client_for(officer_b).get(reverse("awards:proposal", args=[proposal.pk]), {"export": "docx"})

    assert (response.get("Content-Disposition"), seen(response, "Tổ hòa giải thôn 3")) == (None, (404, NOT_FOUND, []))


def test_score_sheet_lists_criteria_points_total_and_rating_and_is_signed_by_the_evaluator(
    client_for, province_staff, model_a_scored
):
    evaluation = model_a_scored

    document = word(client_for(province_staff).get(reverse("evaluations:detail", args=[evaluation.pk]), {"export": "docx"}))
    text = paragraphs(document)

    assert text[0] == "PHIẾU CHẤM ĐIỂM" and text[1].startswith("Mô hình “Dân vận khéo”: ")
    assert cells(document, 1) == [
        ["STT", "Tiêu chí", "Điểm tối đa", "Điểm chấm"],
        ["1", "Tiêu chí 1", "30", "25"],
        ["2", "Tiêu chí 2", "40", "32,5"],
        ["3", "Tiêu chí 3", "30", ""],
        ["", "Tổng cộng", "100", "57,5"],
    ]
    assert "Xếp loại: Không đạt" in text
    closing = cells(document, 2)[0]
    assert closing[1].split("\n")[0] == "NGƯỜI CHẤM ĐIỂM"
    assert closing[1].split("\n")[-1] == "Nguyễn Thu Hà"


def test_score_sheet_out_of_scope_is_404(client_for, officer_b, model_a_scored):
    response = client_for(officer_b).get(reverse("evaluations:detail", args=[model_a_scored.pk]), {"export": "docx"})

    assert (response.get("Content-Disposition"), seen(response, model_a_scored.initiative.name)) == (None, (404, NOT_FOUND, []))


@pytest.fixture
def model_a_scored(province_staff, unit_a):
    province_staff.full_name = "Nguyễn Thu Hà"
    province_staff.save()
    evaluation = EvaluationFactory(
        initiative=InitiativeFactory(unit=unit_a, status="in_progress"),
        criteria_set=CriteriaSetFactory(criteria=[30, 40, 30]),
        evaluator=province_staff,
    )
    return scored(evaluation, 25, 32.5, None)
