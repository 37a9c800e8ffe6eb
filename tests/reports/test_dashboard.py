import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from models_registry.initiatives.enums import Status
from reports.enums import ReportStatus
from reports.periods import half_of
from tests.factories import InitiativeFactory
from tests.factories_reports import PeriodReportFactory, ReportPeriodFactory, approved, moves

D = datetime.date


def _now():
    return timezone.now() - datetime.timedelta(hours=1)


def test_officer_home_lists_drafts_returned_items_and_due_reports(client_for, officer_a, office_a, province, unit_a, unit_b):
    InitiativeFactory(name="Nháp của xã Đặng Xá", unit=unit_a)
    InitiativeFactory(name="Nháp của quận khác", unit=unit_b)
    returned = moves(
        InitiativeFactory(name="Bị trả lại", unit=unit_a),
        (Status.SUBMITTED, _now() - datetime.timedelta(days=2)),
        (Status.RETURNED, _now()),
    )
    due = ReportPeriodFactory(area=province, year=2025, due_on=D(2025, 7, 15))
    sent = ReportPeriodFactory(area=province, year=2025, kind="year", start=D(2025, 1, 1), end=D(2025, 6, 30))
    PeriodReportFactory(office=office_a, period=sent, status=ReportStatus.SUBMITTED)
    report_back = ReportPeriodFactory(area=province, year=2024)
    PeriodReportFactory(office=office_a, period=report_back, status=ReportStatus.RETURNED, return_reason="Thiếu số liệu")

    context = client_for(officer_a).get(reverse("home")).context

    assert sorted(i.name for i in context["drafts"]) == ["Nháp của xã Đặng Xá"]
    assert ([i.name for i in context["returned"]], context["returned_count"]) == ([returned.name], 1)
    assert [(r.period, r.return_reason) for r in context["returned_reports"]] == [(report_back, "Thiếu số liệu")]
    assert [(d["period"], d["status"], d["late"]) for d in context["due_reports"]] == [
        (report_back, ReportStatus.RETURNED, True),
        (due, ReportStatus.NOT_STARTED, True),
    ]
    assert "overview" not in context


def test_province_home_shows_queues_late_reports_and_charts(
    client_for, province_staff, office_a, office_b, province, unit_a, unit_b
):
    moves(InitiativeFactory(name="Chờ duyệt A", unit=unit_a), (Status.SUBMITTED, _now()))
    today = timezone.localdate()
    approved(InitiativeFactory(name="Đang làm A", unit=unit_a, registered_on=today), _now())
    approved(InitiativeFactory(name="Đang làm B", unit=unit_b, kind="exemplar", registered_on=today), _now())
    period = ReportPeriodFactory(area=province, year=2025, due_on=D(2025, 7, 15))
    waiting = PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED, submitted_at=_now())

    context = client_for(province_staff).get(reverse("home")).context

    assert ([i.name for i in context["review_queue"]], context["review_count"]) == (["Chờ duyệt A"], 1)
    assert context["waiting_reports"] == [waiting]
    assert [(late["office"], late["period"]) for late in context["late_reports"]] == [(office_b, period)]
    charts = {c["id"]: c for c in context["charts"]}
    assert charts["chart-field"]["rows"] == [
        ["Kinh tế", 1, 1],
        ["Văn hóa – xã hội", 0, 0],
        ["Quốc phòng – an ninh", 0, 0],
        ["Xây dựng hệ thống chính trị", 0, 0],
    ]
    assert dict((r[0], r[1]) for r in charts["chart-status"]["rows"])["Đang thực hiện"] == 2
    year, half = half_of(timezone.localdate())
    assert charts["chart-new"]["rows"][-1] == [f"6T {'đầu' if half == 1 else 'cuối'} {year}", 2]
    assert charts["chart-area"]["rows"] == [["Gia Lâm *", 1], ["Long Biên *", 1]]


def test_home_charts_have_data_scripts_and_no_inline_code(client_for, leader, province):
    html = client_for(leader).get(reverse("home")).content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs and 'type="application/json"' not in attrs]
    assert inline == []
    assert html.count('type="application/json"') == 4
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in html and "js/reports.js" in html
    assert html.count('class="table table-sm mb-0 chart-table"') == 4


def test_officer_home_has_no_charts(client_for, officer_a):
    html = client_for(officer_a).get(reverse("home")).content.decode()

    assert "chart.umd.min.js" not in html


@pytest.mark.parametrize("rows", [1, 5])
def test_province_home_query_count_does_not_grow(client_for, province_staff, province, unit_a, rows, django_assert_num_queries):
    for _ in range(rows):
        moves(InitiativeFactory(unit=unit_a), (Status.SUBMITTED, _now()))
    client = client_for(province_staff)

    with django_assert_num_queries(16):
        response = client.get(reverse("home"))

    assert response.context["review_count"] == rows


@pytest.mark.parametrize("periods", [1, 5])
def test_officer_home_query_count_does_not_grow_with_periods(client_for, officer_a, province, periods, django_assert_num_queries):
    for year in range(2020, 2020 + periods):
        ReportPeriodFactory(area=province, year=year)
    client = client_for(officer_a)

    with django_assert_num_queries(13):  # with the returned models' count and the navigation's returned badge
        response = client.get(reverse("home"))

    assert len(response.context["due_reports"]) == periods


def test_new_models_chart_places_a_model_by_its_registration_date_not_its_approval(client_for, leader, unit_a):
    """Registered on 15/03 of this year, approved today: counted in the first half of this year."""
    today = timezone.localdate()
    approved(InitiativeFactory(name="Đăng ký tháng 3", unit=unit_a, registered_on=D(today.year, 3, 15)), _now())

    charts = {c["id"]: c for c in client_for(leader).get(reverse("home")).context["charts"]}

    counted = {label: n for label, n in charts["chart-new"]["rows"] if n}
    assert counted == {f"6T đầu {today.year}": 1}


def test_every_chart_shows_its_numbers_in_a_table_beside_it(client_for, leader, unit_a):
    approved(InitiativeFactory(name="Đang làm A", unit=unit_a), _now())

    html = client_for(leader).get(reverse("home")).content.decode()

    assert html.count('class="table table-sm mb-0 chart-table"') == 4
    assert "<details" not in html


@pytest.mark.parametrize("persona", ["province_staff", "leader", "admin_user"])
def test_waiting_and_late_counts_agree_on_every_page_for_each_role(
    request, client_for, persona, office_a, office_b, province, unit_a, unit_b
):
    """The dashboard's "Chờ duyệt" box, the status chart, the review queue and the badge; the late box and the
    tracker: one number each, whoever looks (the leader's and the administrator's box used to say 0)."""
    user = request.getfixturevalue(persona)
    for name in ("Chờ A1", "Chờ A2"):
        moves(InitiativeFactory(name=name, unit=unit_a), (Status.SUBMITTED, _now()))
    moves(InitiativeFactory(name="Chờ B", unit=unit_b), (Status.SUBMITTED, _now()))
    period = ReportPeriodFactory(area=province, year=2025, due_on=D(2025, 7, 15))
    PeriodReportFactory(office=office_a, period=period, status=ReportStatus.SUBMITTED, submitted_at=_now())
    client = client_for(user)

    context = client.get(reverse("home")).context
    status_chart = dict((r[0], r[1]) for r in {c["id"]: c for c in context["charts"]}["chart-status"]["rows"])
    tracker = client.get(reverse("reports:tracker", args=[period.pk])).context
    badges = [item["count"] for item in context["nav_items"] if item["badge"] == "nav_review_count"]

    assert (context["review_count"], status_chart["Chờ duyệt"]) == (3, 3)
    assert badges in ([], [3])
    assert [row.office for row in context["late_reports"]] == [row["office"] for row in tracker["rows"] if row["late"]]
    assert [row.office for row in context["late_reports"]] == ([] if persona == "admin_user" else [office_b])


def test_officer_due_reports_agree_with_the_tracker(client_for, officer_a, province_staff, office_a, province):
    period = ReportPeriodFactory(area=province, year=2025, due_on=D(2025, 7, 15))

    due = client_for(officer_a).get(reverse("home")).context["due_reports"]
    tracker = client_for(province_staff).get(reverse("reports:tracker", args=[period.pk])).context["rows"]

    own = next(row for row in tracker if row["office"] == office_a)
    assert (
        [(d["period"], d["status"], d["late"]) for d in due]
        == [(period, own["status"], own["late"])]
        == [(period, ReportStatus.NOT_STARTED, True)]
    )
