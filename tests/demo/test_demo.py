"""The demo data a real office recognises: the seed articles' models and figures show in the app's reports and Excel files."""

import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from danvan.accounts.models import User
from models_registry.initiatives.models import Initiative
from models_registry.units.models import Area, Unit
from reports.models import PeriodReport, ReportPeriod


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def word_text(response):
    """The paragraphs of a Word file, then its tables' cells (python-docx reads it back as Word would)."""
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def value_beside(sheet, label):
    """The first number to the right of the cell reading `label`."""
    for row in sheet.iter_rows(values_only=True):
        if label in row:
            return next(v for v in row[row.index(label) + 1 :] if isinstance(v, int | float))
    raise AssertionError(f"{label!r} not in the sheet")


def total_under(sheet, header):
    """The totals row's value in the column headed `header` (the first table of the sheet)."""
    column = next(c.column for row in sheet.iter_rows() for c in row if c.value == header)
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng cộng")
    return sheet.cell(row=row, column=column).value


def total_below_header(sheet, header):
    """The value in the totals row that follows the cell `header` (a table further down the sheet)."""
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == header)
    row = next(r[0].row for r in sheet.iter_rows(min_row=cell.row) if r[0].value == "Tổng cộng")
    return sheet.cell(row=row, column=cell.column).value


def period(kind, year):
    return ReportPeriod.objects.get(area=None, kind=kind, year=year)


@pytest.mark.slow
def test_demo_data_shows_the_seed_figures_in_reports_and_excel(db, client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Initiative.objects.count(), Unit.objects.count(), PeriodReport.objects.count())
    call_command("load_demo", stdout=io.StringIO())

    assert (Initiative.objects.count(), Unit.objects.count(), PeriodReport.objects.count()) == counts
    assert 550 <= counts[0] <= 650 and counts[1] >= 190
    assert set(Initiative.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "in_progress",
        "recognised",
        "rejected",
        "discontinued",
    }
    assert set(Initiative.objects.values_list("phase__name", flat=True)) == {"2016–2020", "2021–2025", "2026–2030"}
    assert set(Unit.objects.values_list("kind", flat=True)) == {"commune", "agency", "enterprise", "armed_forces", "front"}
    named = {
        "Vận động hội viên Hội Nông dân tham gia nhóm sản xuất và tiêu thụ rau an toàn": "Gia Lâm",
        "Đoàn thanh niên tham gia hỗ trợ nhân dân thực hiện dịch vụ công trực tuyến mức độ 3": "Hà Đông",
        "Dân vận khéo trong công tác tiếp dân và giải quyết thủ tục hành chính tại Công an quận Cầu Giấy": "Cầu Giấy",
        "Tổ hướng dẫn công dân tổ chức tại Bộ phận một cửa điện tử quận": "Ngũ Hành Sơn",
        "Sổ tay quy ước khu dân cư": "Kiến Tường",
    }
    assert {i.name: i.unit.area.name for i in Initiative.objects.filter(name__in=named).select_related("unit__area")} == named

    # Kiến Tường, 2023: 77 effective models; 118 works completed and 446.000 m² of land in its annual report.
    client.force_login(User.objects.get(username="chuyenvien.longan"))
    kientuong = Area.objects.get(code="LD795")
    year_2023 = period("year", 2023)
    page = client.get(reverse("reports:registry", args=[year_2023.pk]), {"area": kientuong.pk})
    assert page.context["report"].tables[0].total.values["effective"] == 77
    sheet = workbook(client.get(reverse("reports:registry", args=[year_2023.pk]), {"area": kientuong.pk, "export": "xlsx"}))[
        "Biểu 1"
    ]
    assert total_under(sheet, "Hiệu quả") == 77
    report = PeriodReport.objects.get(office__area=kientuong, period=year_2023)
    sheet = workbook(client.get(reverse("reports:report_detail", args=[report.pk]), {"export": "xlsx"})).active
    assert (value_beside(sheet, "Số công trình hoàn thành"), value_beside(sheet, "Diện tích đất nhân dân hiến")) == (118, 446_000)
    text = word_text(client.get(reverse("reports:report_detail", args=[report.pk]), {"export": "docx"}))
    assert "Trong năm 2023, toàn thị xã Kiến Tường đăng ký mới" in text
    assert "trong đó 77 mô hình, điển hình hoạt động hiệu quả" in text
    assert "Nhân dân đã hiến 446.000 m² đất" in text and "118 công trình được hoàn thành" in text
    assert "Võ Thị Thu Duyên" in text  # the head of the Ban Dân vận signs (seed article)

    # Hà Nội, first half of 2017: 4.263 supervision sessions, 874 social-criticism and 432 dialogue conferences.
    client.force_login(User.objects.get(username="chuyenvien.hanoi"))
    first_2017 = period("first_half", 2017)
    sheet = workbook(client.get(reverse("reports:consolidated", args=[first_2017.pk]), {"export": "xlsx"}))["Biểu 5"]
    heads = [
        "Số cuộc giám sát (cuộc)",
        "Số hội nghị phản biện xã hội (hội nghị)",
        "Số hội nghị đối thoại với nhân dân (hội nghị)",
    ]
    figures = [total_below_header(sheet, head) for head in heads]
    assert figures == [4263, 874, 432]
    text = word_text(client.get(reverse("reports:consolidated", args=[first_2017.pk]), {"export": "docx"}))
    assert "Trong 6 tháng đầu năm 2017, toàn thành phố Hà Nội" in text
    assert "đã tổ chức 4.263 cuộc giám sát, 874 hội nghị phản biện xã hội" in text
    assert "tổ chức 432 hội nghị đối thoại với Nhân dân" in text

    # Thanh Xuân, 22/09/2023: 7 collectives and 7 individuals awarded.
    thanhxuan = Area.objects.get(code="LD009")
    page = client.get(reverse("reports:registry", args=[year_2023.pk]), {"area": thanhxuan.pk})
    totals = page.context["report"].tables[0].total.values
    assert (totals["awards:collective"], totals["awards:individual"]) == (7, 7)

    # The reform (issue 11): Tây Ninh's staff read the former Long An's 2023 report, Kiến Tường under Long An.
    client.force_login(User.objects.get(username="chuyenvien.tayninh"))
    page = client.get(reverse("reports:registry", args=[year_2023.pk]))
    rows = {(row.label, row.depth): row.values for row in page.context["report"].tables[0].rows}
    assert rows[("thị xã Kiến Tường", 1)]["effective"] == 77 and ("tỉnh Long An", 0) in rows
    kien_tuong_model = Initiative.objects.filter(unit__area__path__startswith=kientuong.path).first()
    assert kien_tuong_model.name in client.get(kien_tuong_model.get_absolute_url()).content.decode()

    # phường Thanh Xuân's officer sees the models of the former wards it took over.
    client.force_login(officer := User.objects.get(username="canbo.phuongthanhxuan"))
    listed = client.get(reverse("initiatives:list"), {"area": "", "page_size": 200}).context["table"].data
    assert any(i.unit.area.valid_to is not None for i in listed)
    assert officer.office.ended_on is None

    # A former district account reads its history but registers nothing after 30/06/2025.
    client.force_login(User.objects.get(username="canbo.gialam"))
    assert "Ban Dân vận Huyện ủy Gia Lâm đã kết thúc hoạt động ngày 30/06/2025" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("initiatives:create")).status_code == 403
    assert client.get(reverse("initiatives:list")).context["table"].paginator.count > 0


@pytest.mark.slow
def test_demo_dates_are_on_or_before_the_day_it_is_loaded_and_waits_are_believable(db):
    from django.db.models import Max
    from django.utils import timezone

    from models_registry.awards.models import Award, Recognition
    from models_registry.initiatives.models import StatusChange

    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()

    latest = [
        StatusChange.objects.aggregate(at=Max("at"))["at"].date(),
        PeriodReport.objects.aggregate(at=Max("submitted_at"))["at"].date(),
        PeriodReport.objects.aggregate(at=Max("reviewed_at"))["at"].date(),
        Recognition.objects.aggregate(at=Max("decided_on"))["at"],
        Award.objects.aggregate(at=Max("decided_on"))["at"],
        Initiative.objects.aggregate(at=Max("registered_on"))["at"],
    ]
    assert all(day <= today for day in latest), latest
    assert not ReportPeriod.objects.filter(start__gt=today).exists()
    waiting = Initiative.objects.filter(status="submitted")
    assert waiting.exists()
    assert max((today - i.status_changed_at.date()).days for i in waiting) <= 90
    since_reform = Initiative.objects.filter(registered_on__gte="2025-07-01").select_related("unit__area")
    assert since_reform.exists() and all(i.unit.area.valid_to is None for i in since_reform)
