"""Offices in time (issue 11, item 4): an ended office reads its past but cannot register, edit, submit or report;
the refusal names the offices to turn to; the reports page and the dashboard never offer what is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.offices import check_office_open, successor_offices
from danvan.errors import NotAllowed
from models_registry.initiatives import domain
from models_registry.initiatives.workflow import moves_for
from reports import domain as report_domain
from reports.access import expected_offices
from reports.enums import PeriodKind, ReportStatus
from tests.factories import InitiativeFactory, OfficeFactory, UserFactory
from tests.factories_reports import PeriodReportFactory, ReportPeriodFactory

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)
REFUSAL = "Ban Dân vận Huyện ủy Gia Lâm đã kết thúc hoạt động ngày 30/06/2025"


@pytest.fixture
def ended(office_a, officer_a, successor_officer, office_province):
    """Gia Lâm district office ended on 30/06/2025; xã Gia Lâm (and the city) took over."""
    office_a.ended_on = LEGACY_END
    office_a.save(update_fields=["ended_on"])
    successor_officer.office.started_on = CURRENT_START
    successor_officer.office.save(update_fields=["started_on"])
    return office_a


def test_successors_are_the_communes_that_took_over_then_the_province(ended, successor_officer, office_province):
    names = [office.name for office in successor_offices(ended)]

    assert names == ["Ban Dân vận Đảng ủy xã Gia Lâm", "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội"]


def test_refusal_names_the_successor_offices(ended):
    with pytest.raises(NotAllowed) as refused:
        check_office_open(ended)

    assert REFUSAL in refused.value.message
    assert "Xin liên hệ: Ban Dân vận Đảng ủy xã Gia Lâm, Ban Tuyên giáo và Dân vận Thành ủy Hà Nội." in refused.value.message


def test_office_works_until_its_last_day(ended):
    check_office_open(ended, on=LEGACY_END)

    with pytest.raises(NotAllowed):
        check_office_open(ended, on=CURRENT_START)


def test_ended_office_cannot_open_the_register_page_and_is_told_whom_to_turn_to(client_for, ended, officer_a, unit_a):
    response = client_for(officer_a).get(reverse("initiatives:create"))

    page = response.content.decode()
    assert response.status_code == 403
    assert REFUSAL in page and "Ban Dân vận Đảng ủy xã Gia Lâm" in page


def test_ended_office_cannot_register_a_model(ended, officer_a, unit_a):
    with pytest.raises(NotAllowed, match="kết thúc hoạt động"):
        domain.create_initiative(by=officer_a, kind="model", name="Mô hình mới 2026", unit=unit_a)


def test_ended_office_reads_its_models_but_may_not_edit_or_submit_them(client_for, ended, officer_a, unit_a):
    draft = InitiativeFactory(unit=unit_a, name="Bản nháp của huyện Gia Lâm", created_by=officer_a)
    client = client_for(officer_a)

    detail = client.get(draft.get_absolute_url()).content.decode()
    edit = client.get(reverse("initiatives:edit", args=[draft.pk]))

    assert "Bản nháp của huyện Gia Lâm" in detail
    assert "Bản nháp của huyện Gia Lâm" in client.get(reverse("initiatives:list")).content.decode()
    assert edit.status_code == 403 and REFUSAL in edit.content.decode()
    assert moves_for(officer_a, draft) == []


def test_successor_edits_the_draft_the_ended_office_left(client_for, ended, successor_officer, unit_a):
    draft = InitiativeFactory(unit=unit_a, name="Bản nháp để lại")

    domain.update_initiative(draft, by=successor_officer, values={"name": "Bản nháp xã Gia Lâm làm tiếp"})

    draft.refresh_from_db()
    assert draft.name == "Bản nháp xã Gia Lâm làm tiếp"


def test_ended_office_cannot_report_after_its_end(ended, officer_a, province):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025)

    with pytest.raises(NotAllowed, match="kết thúc hoạt động"):
        report_domain.save_report(ended, period, by=officer_a, values={}, results="x", shortcomings="", directions="")


def test_reports_page_offers_an_ended_office_only_what_it_sent(client_for, ended, officer_a, province):
    sent = ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2024)
    report = PeriodReportFactory(office=ended, period=sent, status=ReportStatus.ACCEPTED, submitted_at=timezone.now())
    ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2026)
    client = client_for(officer_a)

    page = client.get(reverse("reports:index")).content.decode()
    own = client.get(reverse("reports:my_report", args=[sent.pk]))

    assert page.count(reverse("reports:my_report", args=[sent.pk])) == 0
    assert report.get_absolute_url() in page  # what it sent, to read
    assert (own.status_code, own.url) == (302, report.get_absolute_url())


def test_dashboard_of_an_ended_office_says_it_ended_and_owes_nothing(client_for, ended, officer_a, province):
    ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2026)

    page = client_for(officer_a).get(reverse("home")).content.decode()

    assert REFUSAL in page
    assert "Ban Dân vận Đảng ủy xã Gia Lâm" in page
    assert reverse("imports:index") not in page  # not offered: the import page would refuse it
    assert reverse("reports:my_report", args=[1]).split("1")[0] not in page.split('id="due-title"')[1].split("</section>")[0]


def test_an_office_is_expected_only_in_periods_it_worked_through(ended, successor_officer, province):
    before = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025)
    after = ReportPeriodFactory(area=province, kind=PeriodKind.SECOND_HALF, year=2025)

    assert ended in expected_offices(province, before)
    assert ended not in expected_offices(province, after)
    assert successor_officer.office in expected_offices(province, after)
    assert successor_officer.office not in expected_offices(province, before)


def test_province_staff_own_report_page_is_the_consolidation(client_for, province_staff, province):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025)

    response = client_for(province_staff).get(reverse("reports:my_report", args=[period.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("reports:consolidated", args=[period.pk])


def test_a_commune_office_that_started_on_01_07_2025_registers(client_for, successor_officer, unit_a):
    officer = UserFactory(username="moi", office=OfficeFactory(area=successor_officer.office.area, started_on=CURRENT_START))

    initiative = domain.create_initiative(by=officer, kind="model", name="Mô hình xã mới", unit=unit_a)

    assert initiative.pk is not None


def test_an_ended_province_office_no_longer_reviews(db, province, unit_a):
    from danvan.accounts.enums import Role
    from models_registry.initiatives.workflow import can_move

    office = OfficeFactory(area=province, ended_on=LEGACY_END)
    staff = UserFactory(username="ended_staff", role=Role.PROVINCE_STAFF, office=office)
    submitted = InitiativeFactory(unit=unit_a, status="submitted")

    assert not can_move(staff, submitted, "in_progress")
    assert moves_for(staff, submitted) == []
