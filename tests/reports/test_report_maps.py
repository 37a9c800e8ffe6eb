"""Reports use the map in force in their period (issue 11, item 3): the rows are the areas valid during the period,
a successor opening an old period gets its predecessors as rows, rows without figures are hidden behind a switch,
and the tracker and consolidation follow the same map."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.accounts.enums import Role
from models_registry.units.enums import AreaLevel
from models_registry.units.models import AreaLink
from reports.enums import PeriodKind, ReportStatus
from tests.factories import AreaFactory, InitiativeFactory, OfficeFactory, UnitFactory, UserFactory
from tests.factories_reports import PeriodReportFactory, ReportPeriodFactory, approved, local

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)


def area(code, name, level, parent=None, *, former=False):
    dates = {"valid_to": LEGACY_END} if former else ({"valid_from": CURRENT_START} if code.startswith(("C", "P8")) else {})
    return AreaFactory(code=code, name=name, level=level, parent=parent, **dates)


@pytest.fixture
def tay_ninh(db):
    new = area("P80", "Tây Ninh", AreaLevel.PROVINCE)
    long_an = area("LP80", "Long An", AreaLevel.PROVINCE, former=True)
    old = area("LP72", "Tây Ninh", AreaLevel.PROVINCE, former=True)
    kien_tuong = area("LD794", "Kiến Tường", AreaLevel.DISTRICT, long_an, former=True)
    tan_hung = area("LD795", "Tân Hưng", AreaLevel.DISTRICT, long_an, former=True)
    ward = area("LC27694", "Phường 1", AreaLevel.COMMUNE, kien_tuong, former=True)
    commune = area("C27700", "Kiến Tường", AreaLevel.COMMUNE, new)
    for before in (long_an, old):
        AreaLink.objects.create(predecessor=before, successor=new, kind="whole", date=CURRENT_START)
    staff = UserFactory(
        username="tn", role=Role.PROVINCE_STAFF, office=OfficeFactory(area=new, name="Ban TG-DV Tỉnh ủy Tây Ninh")
    )
    unit = UnitFactory(area=ward, name="UBND Phường 1")
    for n in range(3):
        model = InitiativeFactory(unit=unit, name=f"Mô hình Kiến Tường {n}", registered_on=datetime.date(2022, 2, 20))
        approved(model, local(2022, 3, 1, 9))
    return {
        "new": new,
        "long_an": long_an,
        "old": old,
        "kien_tuong": kien_tuong,
        "tan_hung": tan_hung,
        "commune": commune,
        "staff": staff,
    }


def area_rows(response) -> list[tuple[str, int, int]]:
    """(label, depth, registered) of the page's "By area" table."""
    table = response.context["report"].tables[0]
    return [(row.label, row.depth, row.values["registered"]) for row in table.rows]


def test_tay_ninh_2023_report_lists_former_long_an_with_kien_tuong_under_it(client_for, tay_ninh):
    period = ReportPeriodFactory(area=None, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))
    client = client_for(tay_ninh["staff"])

    response = client.get(reverse("reports:registry", args=[period.pk]))
    everything = client.get(reverse("reports:registry", args=[period.pk]), {"empty": "1"})

    page = response.content.decode()
    assert area_rows(response) == [("Long An", 0, 3), ("Kiến Tường", 1, 3)]
    assert "địa bàn cũ, đến 30/06/2025" in page
    assert "Đã ẩn 2 địa bàn không có số liệu." in page and "Hiện cả địa bàn không có số liệu" in page
    assert area_rows(everything) == [("Long An", 0, 3), ("Kiến Tường", 1, 3), ("Tân Hưng", 1, 0), ("Tây Ninh", 0, 0)]
    assert response.context["report"].tables[0].total.values["registered"] == 3


def test_drill_from_kien_tuong_figure_and_from_the_total_lists_its_models(client_for, tay_ninh):
    period = ReportPeriodFactory(area=None, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))
    client = client_for(tay_ninh["staff"])
    report = client.get(reverse("reports:registry", args=[period.pk])).context["report"]
    kien_tuong = report.tables[0].rows[1]
    column = next(i for i, c in enumerate(report.columns) if c["key"] == "registered")

    by_row = client.get(kien_tuong.cells[column][1]).content.decode()
    by_total = client.get(report.tables[0].total.cells[column][1]).content.decode()

    assert by_row.count("Mô hình Kiến Tường") == 3
    assert by_total.count("Mô hình Kiến Tường") == 3


def test_tay_ninh_second_half_2025_lists_todays_communes(client_for, tay_ninh):
    period = ReportPeriodFactory(area=None, kind=PeriodKind.SECOND_HALF, year=2025)

    response = client_for(tay_ninh["staff"]).get(reverse("reports:registry", args=[period.pk]), {"empty": "1"})

    assert area_rows(response) == [("Kiến Tường", 0, 0)]


def test_hanoi_2017_lists_the_districts_of_2017_and_2025_the_communes(client_for, province_staff, province, district_a):
    area("LD004", "Long Biên", AreaLevel.DISTRICT, province, former=True)
    area("C10001", "Gia Lâm", AreaLevel.COMMUNE, province)
    area("C10002", "Phù Đổng", AreaLevel.COMMUNE, province)
    old = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2017)
    new = ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2025)
    client = client_for(province_staff)

    in_2017 = client.get(reverse("reports:registry", args=[old.pk]), {"empty": "1"})
    in_2025 = client.get(reverse("reports:registry", args=[new.pk]), {"empty": "1"})

    assert [label for label, *_ in area_rows(in_2017)] == ["Gia Lâm", "Long Biên"]
    assert [label for label, *_ in area_rows(in_2025)] == ["Gia Lâm", "Phù Đổng"]
    assert in_2025.context["report"].tables[0].rows[0].note == ""  # xã Gia Lâm, not the former district


def test_tracker_of_an_old_period_expects_the_predecessors_offices(client_for, tay_ninh):
    kien_tuong = OfficeFactory(area=tay_ninh["kien_tuong"], name="Ban Dân vận Thị ủy Kiến Tường", ended_on=LEGACY_END)
    period = ReportPeriodFactory(area=None, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))
    PeriodReportFactory(office=kien_tuong, period=period, status=ReportStatus.ACCEPTED, results="Đã làm.")
    client = client_for(tay_ninh["staff"])

    tracker = client.get(reverse("reports:tracker", args=[period.pk])).content.decode()
    consolidated = client.get(reverse("reports:consolidated", args=[period.pk]))

    assert "Ban Dân vận Thị ủy Kiến Tường" in tracker
    assert [r.office.name for r in consolidated.context["c"].accepted] == ["Ban Dân vận Thị ủy Kiến Tường"]
    report = consolidated.context["c"].accepted[0]  # a successor reads its predecessors' reports
    assert "Ban Dân vận Thị ủy Kiến Tường" in client.get(report.get_absolute_url()).content.decode()


def test_registry_page_query_count_does_not_grow_with_predecessors(client_for, db):
    def count_for(predecessors: int) -> int:
        new = AreaFactory(
            code=f"P9{predecessors}", name=f"Tỉnh {predecessors}", level=AreaLevel.PROVINCE, valid_from=CURRENT_START
        )
        for n in range(predecessors):
            before = AreaFactory(code=f"LP9{predecessors}{n}", name=f"Tỉnh cũ {n}", level=AreaLevel.PROVINCE, valid_to=LEGACY_END)
            AreaLink.objects.create(predecessor=before, successor=new, kind="whole", date=CURRENT_START)
            district = AreaFactory(code=f"LD9{predecessors}{n}", name=f"Huyện {n}", level=AreaLevel.DISTRICT, parent=before)
            approved(InitiativeFactory(unit=UnitFactory(area=district)), local(2022, 3, 1, 9))
        staff = UserFactory(username=f"s{predecessors}", role=Role.PROVINCE_STAFF, office=OfficeFactory(area=new))
        period = ReportPeriodFactory(area=new, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))
        client = client_for(staff)
        client.get(reverse("reports:registry", args=[period.pk]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:registry", args=[period.pk]))
        assert response.context["report"].tables[0].total.values["registered"] == predecessors
        return len(queries)

    assert count_for(2) == count_for(5)


def test_dashboard_counts_the_predecessors_new_models(client_for, tay_ninh):
    page = client_for(tay_ninh["staff"]).get(reverse("home"))

    chart = next(c for c in page.context["charts"] if c["id"] == "chart-new")
    assert chart["total"] == [3]  # registered in February 2022 in Kiến Tường, under the former Long An


def test_excel_of_the_2023_report_lists_the_predecessors_records(client_for, tay_ninh):
    import io

    import openpyxl

    period = ReportPeriodFactory(area=None, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))

    response = client_for(tay_ninh["staff"]).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert {"Mô hình Kiến Tường 0", "Mô hình Kiến Tường 1", "Mô hình Kiến Tường 2"} <= cells
    assert "Tân Hưng (địa bàn cũ, đến 30/06/2025)" in cells  # the area rows, empty ones kept in the file
