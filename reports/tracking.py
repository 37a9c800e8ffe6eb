"""Who has reported, and what waits: one function per count, read by the tracker, the dashboards and the badge.

A number that appears in two places (a dashboard box and the tracker, the review badge and the status chart)
comes from the same function here, so the pages cannot disagree.
"""

from dataclasses import dataclass

from danvan.accounts.access import scope_area
from reports import maps
from reports.access import expected_offices, periods_for, reports_for, reports_in
from reports.domain import is_late
from reports.enums import RECEIVED_REPORT_STATUSES, ReportStatus
from reports.models import PeriodReport


@dataclass
class OfficeReport:
    """One expected office of a period: its report (or none yet), its status and whether it is late."""

    office: object
    period: object
    report: PeriodReport | None
    status: str
    late: bool

    @property
    def submitted_late(self) -> bool:
        return bool(self.report and self.report.submitted_at and self.report.submitted_at.date() > self.period.due_on)

    def __getitem__(self, name):  # templates and older callers read rows as dicts
        return getattr(self, name)


def office_reports(user, period, today=None) -> list[OfficeReport]:
    """Every office expected to report in a period within the user's area, with its status: the tracker's rows.
    The period's map decides who is expected: a successor's predecessors in force then stand in for it."""
    root = scope_area(user)
    if root:
        predecessors = maps.predecessors_seen_by(user, root)
        root = maps.period_roots(root, predecessors, period.start, period.end)
    offices = list(expected_offices(root, period))
    reports = {r.office_id: r for r in reports_for(user).filter(period=period, office__in=offices)}
    rows = []
    for office in offices:
        report = reports.get(office.pk)
        status = report.status if report else ReportStatus.NOT_STARTED
        rows.append(OfficeReport(office, period, report, status, is_late(status, period, today)))
    return rows


def overdue_reports(user, periods) -> list[OfficeReport]:
    """The late offices of some periods: the tracker's late rows, nothing else."""
    return [row for period in periods for row in office_reports(user, period) if row.late]


def due_reports(user) -> list[OfficeReport]:
    """Open periods in which the officer's own office has not yet sent its report, by due date. An ended office
    reads its past; it owes nothing more."""
    office = user.office
    if not office.is_open():
        return []
    periods = [p for p in periods_for(user).filter(is_locked=False).order_by("due_on") if reports_in(office, p)]
    reports = {r.period_id: r for r in PeriodReport.objects.filter(office=office, period__in=periods)}
    due = []
    for period in periods:
        report = reports.get(period.pk)
        status = report.status if report else ReportStatus.NOT_STARTED
        if status not in RECEIVED_REPORT_STATUSES:
            due.append(OfficeReport(office, period, report, status, is_late(status, period)))
    return due
