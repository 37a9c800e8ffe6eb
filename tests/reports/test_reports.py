import datetime

import pytest
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.units.enums import AreaLevel
from reports import domain
from reports.enums import PeriodKind, ReportStatus
from reports.models import ActivityIndicator, ActivityValue, PeriodReport, ReportPeriod
from tests.factories import AreaFactory, InitiativeFactory, OfficeFactory
from tests.factories_reports import ActivityValueFactory, PeriodReportFactory, ReportPeriodFactory, approved, local
from tests.pages import NOT_ALLOWED, NOT_FOUND, seen

D = datetime.date


@pytest.fixture
def period(province):
    return ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025, due_on=D(2025, 7, 15))


def _indicators():
    return list(ActivityIndicator.objects.order_by("order"))


def _report_post(**extra):
    data = {"results": "Đã xây dựng 12 mô hình mới.", "shortcomings": "", "directions": "Tiếp tục nhân rộng."}
    for indicator in _indicators():
        data[f"indicator_{indicator.pk}"] = ""
    data.update(extra)
    return data


# Periods


def test_indicators_are_seeded_in_order(db):
    names = [(i.name, i.unit_of_measure) for i in _indicators()]

    assert names == [
        ("Số cuộc giám sát", "cuộc"),
        ("Số hội nghị phản biện xã hội", "hội nghị"),
        ("Số hội nghị đối thoại với nhân dân", "hội nghị"),
        ("Diện tích đất nhân dân hiến", "m²"),
        ("Số tiền huy động", "đồng"),
        ("Số công trình hoàn thành", "công trình"),
    ]


def test_period_create_takes_the_usual_window_by_default(client_for, province_staff, province):
    response = client_for(province_staff).post(
        reverse("reports:period_create"), {"kind": "second_half", "year": "2025", "due_on": "15/01/2026"}
    )

    period = ReportPeriod.objects.get()
    assert response.status_code == 302
    assert (period.area, period.start, period.end, period.due_on, str(period)) == (
        province,
        D(2025, 7, 1),
        D(2025, 12, 31),
        D(2026, 1, 15),
        "6 tháng cuối năm 2025",
    )
    assert AuditEntry.objects.filter(object_id=period.pk, action="create").count() == 1


def test_period_create_with_a_shifted_window(client_for, province_staff):
    data = {"kind": "first_half", "year": "2025", "start": "15/12/2024", "end": "14/06/2025", "due_on": "20/06/2025"}

    client_for(province_staff).post(reverse("reports:period_create"), data)

    period = ReportPeriod.objects.get()
    assert (period.start, period.end) == (D(2024, 12, 15), D(2025, 6, 14))


def test_period_create_twice_shows_a_message_and_keeps_one(client_for, province_staff, period):
    response = client_for(province_staff).post(
        reverse("reports:period_create"), {"kind": "first_half", "year": "2025", "due_on": "15/07/2025"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Địa bàn này đã có kỳ báo cáo loại này cho năm đó."]
    assert ReportPeriod.objects.count() == 1


def test_period_create_by_an_officer_is_forbidden(client_for, officer_a):
    response = client_for(officer_a).post(
        reverse("reports:period_create"), {"kind": "year", "year": "2025", "due_on": "1/1/2026"}
    )

    assert response.status_code == 403
    assert ReportPeriod.objects.count() == 0


def test_period_lock_and_unlock_by_province_staff(client_for, province_staff, period):
    client = client_for(province_staff)

    client.post(reverse("reports:period_lock", args=[period.pk]), {"locked": "1"})
    period.refresh_from_db()
    locked = (period.is_locked, period.locked_by)
    client.post(reverse("reports:period_lock", args=[period.pk]), {"locked": "0"})
    period.refresh_from_db()

    assert locked == (True, province_staff)
    assert (period.is_locked, period.locked_by) == (False, None)


def test_period_lock_by_an_officer_is_refused(client_for, officer_a, period):
    response = client_for(officer_a).post(reverse("reports:period_lock", args=[period.pk]), {"locked": "1"})

    period.refresh_from_db()
    assert (response.status_code, period.is_locked) == (403, False)


def test_period_of_another_province_is_404(client_for, province_staff):
    other = AreaFactory(code="P79", name="Hồ Chí Minh", level=AreaLevel.PROVINCE)
    period = ReportPeriodFactory(area=other)
    client = client_for(province_staff)

    codes = [
        client.get(reverse("reports:registry", args=[period.pk])).status_code,
        client.get(reverse("reports:tracker", args=[period.pk])).status_code,
        client.post(reverse("reports:period_lock", args=[period.pk]), {"locked": "1"}).status_code,
    ]
    assert codes == [404, 404, 404]


# Locked periods refuse every change


def test_locked_period_refuses_every_change(officer_a, province_staff, period, office_a):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)
    domain.set_period_locked(period, by=province_staff, locked=True)
    attempts = [
        lambda: domain.save_report(office_a, period, by=officer_a, values={}, results="x", shortcomings="", directions=""),
        lambda: domain.submit_report(report, by=officer_a),
        lambda: domain.accept_report(report, by=province_staff),
        lambda: domain.return_report(report, by=province_staff, reason="Thiếu số liệu"),
        lambda: domain.update_period(period, by=province_staff, start=period.start, end=period.end, due_on=D(2025, 8, 1)),
    ]

    refused = []
    for attempt in attempts:
        with pytest.raises(domain.PeriodLocked) as error:
            attempt()
        refused.append(error.value.message)

    report.refresh_from_db()
    assert refused == ["Kỳ báo cáo 6 tháng đầu năm 2025 đã khóa: không thể gửi hay thay đổi gì trong kỳ này."] * 5
    assert (report.status, report.reviewed_by, PeriodReport.objects.count()) == (ReportStatus.SUBMITTED, None, 1)


def test_locked_period_form_post_changes_nothing(client_for, officer_a, period):
    period.is_locked = True
    period.save()

    response = client_for(officer_a).post(reverse("reports:my_report", args=[period.pk]), _report_post(action="submit"))

    assert response.status_code == 200
    assert "đã khóa" in response.context["form"].non_field_errors()[0]
    assert PeriodReport.objects.count() == 0


# The officer's report


def test_officer_saves_a_draft_with_values(client_for, officer_a, office_a, period):
    first, second = _indicators()[:2]
    data = _report_post(action="save", **{f"indicator_{first.pk}": "12", f"indicator_{second.pk}": "3"})

    response = client_for(officer_a).post(reverse("reports:my_report", args=[period.pk]), data)

    report = PeriodReport.objects.get()
    assert response.status_code == 302
    assert (report.office, report.status, report.figures) == (office_a, ReportStatus.DRAFT, None)
    assert dict(report.values.values_list("indicator__name", "value")) == {first.name: 12, second.name: 3}


def test_officer_report_refuses_negative_values_with_a_message(client_for, officer_a, period):
    first = _indicators()[0]

    response = client_for(officer_a).post(
        reverse("reports:my_report", args=[period.pk]), _report_post(action="save", **{f"indicator_{first.pk}": "-4"})
    )

    assert response.context["form"].errors[f"indicator_{first.pk}"] == ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]
    assert PeriodReport.objects.count() == 0


def test_submission_freezes_the_registry_figures(client_for, officer_a, period, unit_a):
    approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9))
    client = client_for(officer_a)

    client.post(reverse("reports:my_report", args=[period.pk]), _report_post(action="submit"))
    report = PeriodReport.objects.get()
    frozen = report.figures
    approved(InitiativeFactory(unit=unit_a), local(2025, 4, 1, 9))  # recorded later, back-dated into the period

    area_total = next(t for t in frozen["tables"] if t["key"] == "area")["total"]["values"]
    assert (report.status, report.submitted_by, area_total["registered"], area_total["new"]) == (
        ReportStatus.SUBMITTED,
        officer_a,
        1,
        1,
    )
    detail = client.get(reverse("reports:report_detail", args=[report.pk]))
    assert detail.context["frozen"].tables[0].total.values["registered"] == 1


def test_land_reported_by_the_office_and_summed_by_the_registry_stand_side_by_side_labelled(
    client_for, officer_a, period, unit_a
):
    """Kiến Tường's case: the office reports 446.000 m² and 118 works; the registry's models hold 246.000 m² and 82.
    Each quantity is one row with both numbers, labelled, never two unlabelled totals."""
    approved(InitiativeFactory(unit=unit_a, land_donated_m2=246_000, works_completed=82), local(2025, 3, 1, 9))
    land, works = (ActivityIndicator.objects.get(name=n) for n in ("Diện tích đất nhân dân hiến", "Số công trình hoàn thành"))
    client = client_for(officer_a)
    post = _report_post(action="submit", **{f"indicator_{land.pk}": "446.000", f"indicator_{works.pk}": "118"})

    client.post(reverse("reports:my_report", args=[period.pk]), post)
    detail = client.get(reverse("reports:report_detail", args=[PeriodReport.objects.get().pk]))

    rows = {r.name: (r.reported, r.registry) for r in detail.context["activity"]}
    assert rows["Diện tích đất nhân dân hiến"] == (446_000, 246_000)
    assert rows["Số công trình hoàn thành"] == (118, 82)
    html = detail.content.decode()
    assert "Đơn vị báo cáo" in html and "Theo sổ mô hình" in html
    assert "Kết quả đo đếm được theo sổ mô hình" in html


def test_submission_without_results_is_refused_and_nothing_saved(client_for, officer_a, period):
    response = client_for(officer_a).post(
        reverse("reports:my_report", args=[period.pk]), _report_post(action="submit", results="")
    )

    assert response.context["form"].non_field_errors() == ["Hãy viết phần kết quả trước khi gửi."]
    assert PeriodReport.objects.count() == 0


def test_submitted_report_can_no_longer_be_changed(officer_a, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)

    with pytest.raises(DomainError):
        domain.save_report(office_a, period, by=officer_a, values={}, results="Khác", shortcomings="", directions="")

    report.refresh_from_db()
    assert report.results == "Các cấp ủy đã lãnh đạo, chỉ đạo xây dựng mô hình dân vận khéo."


def test_office_not_reporting_in_the_period_is_refused(officer_a, office_a, province):
    second_half = ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2025)  # district A abolished 01/07/2025

    with pytest.raises(DomainError) as error:
        domain.save_report(office_a, second_half, by=officer_a, values={}, results="x", shortcomings="", directions="")

    assert error.value.message == "Cơ quan của bạn không báo cáo trong kỳ này."


# Review by the province


def test_province_staff_returns_a_report_with_a_reason(client_for, province_staff, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)

    client_for(province_staff).post(reverse("reports:report_return", args=[report.pk]), {"reason": "Bổ sung số liệu giám sát."})

    report.refresh_from_db()
    assert (report.status, report.return_reason, report.reviewed_by) == (
        ReportStatus.RETURNED,
        "Bổ sung số liệu giám sát.",
        province_staff,
    )


def test_return_without_reason_changes_nothing(client_for, province_staff, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)

    client_for(province_staff).post(reverse("reports:report_return", args=[report.pk]), {"reason": "  "})

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_returned_report_can_be_corrected_and_resubmitted(client_for, officer_a, office_a, period):
    PeriodReportFactory(office=office_a, period=period, status=ReportStatus.RETURNED, return_reason="Thiếu số liệu")

    client_for(officer_a).post(reverse("reports:my_report", args=[period.pk]), _report_post(action="submit"))

    report = PeriodReport.objects.get()
    assert (report.status, report.return_reason) == (ReportStatus.SUBMITTED, "")


def test_officer_cannot_accept_own_report(client_for, officer_a, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)

    client_for(officer_a).post(reverse("reports:report_accept", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_accept_twice_reports_that_someone_reviewed_first(province_staff, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)
    domain.accept_report(report, by=province_staff)

    with pytest.raises(DomainError) as error:
        domain.accept_report(report, by=province_staff)

    assert "có thể ai đó đã xem xét trước" in error.value.message


# Scope: another district's report is a 404 everywhere


@pytest.mark.parametrize(
    ("method", "url_name", "query"),
    [
        ("get", "reports:report_detail", {}),
        ("get", "reports:report_detail", {"export": "xlsx"}),
        ("post", "reports:report_return", {"reason": "x"}),
        ("post", "reports:report_accept", {}),
    ],
)
def test_report_of_another_district_is_404(client_for, officer_b, office_a, period, method, url_name, query):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)
    client = client_for(officer_b)

    response = getattr(client, method)(reverse(url_name, args=[report.pk]), query)

    report.refresh_from_db()
    assert (response.status_code, report.status) == (404, ReportStatus.SUBMITTED)


def test_registry_page_for_an_area_outside_the_scope_is_404(client_for, officer_a, district_b, period):
    client = client_for(officer_a)

    codes = [
        client.get(reverse("reports:registry", args=[period.pk]), {"area": district_b.pk}).status_code,
        client.get(reverse("reports:registry", args=[period.pk]), {"area": district_b.pk, "export": "xlsx"}).status_code,
        client.get(reverse("reports:records", args=[period.pk]), {"area": district_b.pk, "figure": "registered"}).status_code,
    ]
    assert codes == [404, 404, 404]


def test_records_child_outside_the_scope_is_404(client_for, officer_a, district_a, district_b, commune_b, period):
    response = client_for(officer_a).get(
        reverse("reports:records", args=[period.pk]), {"area": district_a.pk, "child": commune_b.pk, "figure": "registered"}
    )

    assert seen(response, commune_b.name) == (404, NOT_FOUND, [])


def test_records_unknown_figure_is_404(client_for, province_staff, period):
    response = client_for(province_staff).get(reverse("reports:records", args=[period.pk]), {"figure": "discontinued_by_end"})

    assert seen(response) == (404, NOT_FOUND, [])


def test_officer_registry_page_shows_only_own_district(client_for, officer_a, unit_a, unit_b, period, commune_a):
    approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9))
    approved(InitiativeFactory(unit=unit_b), local(2025, 3, 1, 9))

    report = client_for(officer_a).get(reverse("reports:registry", args=[period.pk])).context["report"]

    area_table = report.tables[0]
    assert [(r.label, r.values["registered"]) for r in area_table.rows] == [(commune_a.name, 1)]
    assert area_table.total.values["registered"] == 1


# Query count: constant whatever the number of child areas


@pytest.mark.parametrize("children", [2, 6])
def test_registry_page_query_count_does_not_grow_with_areas(
    client_for, province_staff, province, period, children, django_assert_num_queries
):
    for n in range(children):
        commune = AreaFactory(code=f"C{n:03d}", name=f"Xã {n}", level=AreaLevel.COMMUNE, parent=province)
        approved(InitiativeFactory(unit__area=commune), local(2025, 2, 1, 9))
    client = client_for(province_staff)
    url = reverse("reports:registry", args=[period.pk])

    # session, user, period, levels, fields, children, 5 sources now and 5 a year earlier,
    # then the navigation's review count, the filter form's fields and the session save
    with django_assert_num_queries(21):
        response = client.get(url)

    assert response.context["report"].tables[0].total.values["registered"] == children


@pytest.mark.parametrize("rows", [1, 5])
def test_records_page_query_count_does_not_grow_with_rows(
    client_for, province_staff, period, unit_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        approved(InitiativeFactory(unit=unit_a), local(2025, 2, 1, 9))
    client = client_for(province_staff)

    with django_assert_num_queries(11):
        response = client.get(reverse("reports:records", args=[period.pk]), {"figure": "new"})

    assert response.context["count"] == rows


# Tracker and consolidation


def test_tracker_shows_each_office_status_and_highlights_late_ones(client_for, province_staff, office_a, office_b, period):
    PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED, submitted_at=local(2025, 7, 10, 9))

    response = client_for(province_staff).get(reverse("reports:tracker", args=[period.pk]))

    rows = [(r["office"].name, r["status"], r["late"]) for r in response.context["rows"]]
    assert sorted(rows) == [
        ("Ban Dân vận Huyện ủy Gia Lâm", ReportStatus.SUBMITTED, False),
        ("Ban Dân vận Quận ủy Long Biên", ReportStatus.NOT_STARTED, True),
    ]
    assert response.content.decode().count('class="tracker-late"') == 1


def test_tracker_is_forbidden_to_officers(client_for, officer_a, period):
    response = client_for(officer_a).get(reverse("reports:tracker", args=[period.pk]))

    assert seen(response, "Theo dõi") == (403, NOT_ALLOWED, [])


def test_consolidated_report_sums_accepted_offices_and_lists_missing(
    client_for, province_staff, office_a, office_b, period, province
):
    first, second = _indicators()[:2]
    accepted = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.ACCEPTED)
    ActivityValueFactory(report=accepted, indicator=first, value=7)
    ActivityValueFactory(report=accepted, indicator=second, value=2)
    submitted = PeriodReportFactory(office=office_b, period=period, status=ReportStatus.SUBMITTED)
    ActivityValueFactory(report=submitted, indicator=first, value=100)
    commune_since_july = AreaFactory(
        code="C001", name="Xã Mới", level=AreaLevel.COMMUNE, parent=province, valid_from=D(2025, 7, 1)
    )
    office_c = OfficeFactory(area=commune_since_july)  # did not exist in the first half: not expected, not missing
    other = PeriodReportFactory(
        office=office_c, period=ReportPeriodFactory(area=province, kind=PeriodKind.YEAR), status="accepted"
    )
    ActivityValueFactory(report=other, indicator=first, value=1000)

    c = client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk])).context["c"]

    assert c.totals == {first.pk: 7, second.pk: 2}
    assert [r.office for r in c.accepted] == [office_a]
    assert [(o.name, status) for o, status in c.missing] == [("Ban Dân vận Quận ủy Long Biên", ReportStatus.SUBMITTED)]
    assert ActivityValue.objects.count() == 4


def test_period_create_for_a_phase_spans_its_years(client_for, province_staff):
    from models_registry.initiatives.models import Phase

    phase = Phase.objects.get(name="2021–2025")
    client_for(province_staff).post(
        reverse("reports:period_create"), {"kind": "phase", "phase": phase.pk, "due_on": "15/01/2026"}
    )

    period = ReportPeriod.objects.get()
    assert (period.year, period.start, period.end, str(period), period.review_year) == (
        2021,
        D(2021, 1, 1),
        D(2025, 12, 31),
        "Giai đoạn 2021–2025",
        2025,
    )


def test_period_edit_shifts_the_window_and_records_it(client_for, province_staff, period):
    data = {"start": "15/12/2024", "end": "14/06/2025", "due_on": "20/06/2025"}

    response = client_for(province_staff).post(reverse("reports:period_edit", args=[period.pk]), data)

    period.refresh_from_db()
    assert response.status_code == 302
    assert (period.start, period.end, period.due_on) == (D(2024, 12, 15), D(2025, 6, 14), D(2025, 6, 20))
    entry = AuditEntry.objects.get(object_id=period.pk, action="update")
    assert entry.changes["start"] == ["2025-01-01", "2024-12-15"]


def test_period_edit_of_a_locked_period_is_refused_with_a_message(client_for, province_staff, period):
    period.is_locked = True
    period.save()

    response = client_for(province_staff).post(
        reverse("reports:period_edit", args=[period.pk]), {"start": "01/01/2025", "end": "30/06/2025", "due_on": "31/08/2025"}
    )

    period.refresh_from_db()
    assert "đã khóa" in response.context["form"].non_field_errors()[0]
    assert period.due_on == D(2025, 7, 15)


def test_records_export_lists_the_same_rows(client_for, province_staff, period, unit_a, unit_b):
    import io

    import openpyxl

    approved(InitiativeFactory(name="Mới trong kỳ", unit=unit_a), local(2025, 2, 1, 9))
    approved(InitiativeFactory(name="Cũ hơn", unit=unit_b), local(2024, 2, 1, 9))

    response = client_for(province_staff).get(reverse("reports:records", args=[period.pk]), {"figure": "new", "export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)] == ["Mới trong kỳ"]  # under the header, after STT
    assert sheet["A2"].value.startswith("Địa bàn: Hà Nội — 6 tháng đầu năm 2025 (01/01/2025–30/06/2025) — ngày xuất: ")


def test_leader_sees_tracker_and_consolidation_but_cannot_review(client_for, leader, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)
    client = client_for(leader)

    rows = client.get(reverse("reports:tracker", args=[period.pk])).context["rows"]
    client.post(reverse("reports:report_accept", args=[report.pk]))

    report.refresh_from_db()
    assert [r["status"] for r in rows] == [ReportStatus.SUBMITTED]
    assert report.status == ReportStatus.SUBMITTED
    assert client.get(reverse("reports:report_detail", args=[report.pk])).context["can_review"] is False


def test_my_report_in_a_period_the_office_does_not_report_in_says_so(client_for, officer_a, province):
    second_half = ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2025)

    response = client_for(officer_a).get(reverse("reports:my_report", args=[second_half.pk]))

    assert response.context["not_reporting"] is True
    assert "Cơ quan của bạn không báo cáo trong kỳ này." in response.content.decode()


def test_a_reviewer_move_by_an_officer_is_a_403_with_the_reason(client_for, officer_a, office_a, period):
    report = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED)

    response = client_for(officer_a).post(reverse("reports:report_accept", args=[report.pk]))

    report.refresh_from_db()
    assert (response.status_code, report.status) == (403, ReportStatus.SUBMITTED)
    assert "Bạn không có quyền xem xét báo cáo này." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"figure": "registered", "unit_kind": "spaceship"}, {"figure": "registered", "cell_field": "99999"}, {"figure": ""}],
)
def test_records_with_a_cell_the_report_never_links_is_404_with_the_vietnamese_page(client_for, province_staff, period, params):
    response = client_for(province_staff).get(reverse("reports:records", args=[period.pk]), params)

    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
