"""Business rules of report periods and period reports; every change is recorded in the audit trail."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.offices import check_office_open
from danvan.audit.domain import record
from danvan.collation import sort_key
from danvan.errors import DomainError, NotAllowed
from danvan.versions import check_version
from reports import maps, registry
from reports.access import can_manage_period, can_review_report, expected_offices
from reports.enums import EDITABLE_REPORT_STATUSES, RECEIVED_REPORT_STATUSES, PeriodKind, ReportStatus
from reports.models import ActivityIndicator, ActivityValue, PeriodReport, ReportPeriod
from reports.periods import half_year_bounds, phase_bounds, year_bounds


class PeriodLocked(DomainError):
    """Nothing in a locked period may be submitted or changed."""


def default_bounds(kind: str, year: int, phase=None):
    """The usual window of a period kind: a half-year, a year, or a phase."""
    if kind == PeriodKind.FIRST_HALF:
        return half_year_bounds(year, 1)
    if kind == PeriodKind.SECOND_HALF:
        return half_year_bounds(year, 2)
    if kind == PeriodKind.YEAR:
        return year_bounds(year)
    if phase is None:
        raise DomainError(_("Choose the phase of a five-year period."))
    return phase_bounds(phase)


def check_open(period: ReportPeriod) -> None:
    """Raise PeriodLocked for a locked period (read from the database, not from a stale copy)."""
    if ReportPeriod.objects.filter(pk=period.pk, is_locked=True).exists():
        raise PeriodLocked(_("The period %(period)s is locked: nothing in it can be submitted or changed.") % {"period": period})


def _check_period_rights(period: ReportPeriod, by) -> None:
    if not can_manage_period(by, period):
        raise DomainError(_("You may not manage report periods of this area."))


def _check_dates(period: ReportPeriod) -> None:
    if period.end < period.start:
        raise DomainError(_("The period must end on or after its first day."))
    if period.due_on < period.start:
        raise DomainError(_("The due date cannot be before the period starts."))
    clash = ReportPeriod.objects.filter(area=period.area, kind=period.kind, year=period.year).exclude(pk=period.pk)
    if clash.exists():
        raise DomainError(_("This area already has a period of this kind for that year."))


@transaction.atomic
def create_period(*, by, area, kind, year, due_on, phase=None, start=None, end=None) -> ReportPeriod:
    """Open a report period; the window defaults to the kind's usual dates and may be shifted."""
    if kind == PeriodKind.PHASE and phase is not None:
        year = phase.start_year
    default_start, default_end = default_bounds(kind, year, phase)
    period = ReportPeriod(
        area=area,
        kind=kind,
        year=year,
        phase=phase if kind == PeriodKind.PHASE else None,
        start=start or default_start,
        end=end or default_end,
        due_on=due_on,
        created_by=by,
    )
    _check_period_rights(period, by)
    _check_dates(period)
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:  # the same period opened meanwhile by a colleague
        raise DomainError(_("This area already has a period of this kind for that year.")) from None
    record(period, by=by, action="create", changes={"start": [None, str(period.start)], "end": [None, str(period.end)]})
    return period


@transaction.atomic
def update_period(period: ReportPeriod, *, by, start, end, due_on) -> ReportPeriod:
    """Shift a period's window or due date; refused once locked."""
    _check_period_rights(period, by)
    check_open(period)
    before = {"start": str(period.start), "end": str(period.end), "due_on": str(period.due_on)}
    period.start, period.end, period.due_on = start, end, due_on
    _check_dates(period)
    period.save(update_fields=["start", "end", "due_on"])
    after = {"start": str(start), "end": str(end), "due_on": str(due_on)}
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        record(period, by=by, action="update", changes=changes)
    return period


@transaction.atomic
def set_period_locked(period: ReportPeriod, *, by, locked: bool) -> ReportPeriod:
    """Lock (or unlock) a period; locking writes its frozen figures (registry.freeze) in the same transaction,
    unlocking drops them."""
    _check_period_rights(period, by)
    period = ReportPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_locked == locked:
        return period
    period.is_locked = locked
    period.locked_at = timezone.now() if locked else None
    period.locked_by = by if locked else None
    period.save(update_fields=["is_locked", "locked_at", "locked_by"])
    period.frozen_figures.all().delete()
    if locked:
        registry.freeze(period)
    record(period, by=by, action="lock" if locked else "unlock", changes={"is_locked": [not locked, locked]})
    return period


def report_of(office, period: ReportPeriod) -> PeriodReport:
    """The office's report for the period, or a new unsaved one (status "not started")."""
    report = PeriodReport.objects.filter(office=office, period=period).first()
    return report or PeriodReport(office=office, period=period, status=ReportStatus.NOT_STARTED)


def _check_office_reports(office, period: ReportPeriod) -> None:
    root = office.area.parent
    if not expected_offices(root, period).filter(pk=office.pk).exists():
        raise DomainError(_("Your office does not report in this period."))


@transaction.atomic
def save_report(
    office,
    period: ReportPeriod,
    *,
    by,
    values: dict,
    results: str,
    shortcomings: str,
    directions: str,
    submit: bool = False,
    seen: str | None = None,
) -> PeriodReport:
    """Save the office's draft: activity values {indicator: value or None} and the narrative; then submit it if asked.
    StaleEdit when a colleague saved the report since the version `seen` the form was drawn from ("" for none yet)."""
    check_open(period)
    if by.office_id != office.pk:
        raise DomainError(_("You may only fill your own office's report."))
    check_office_open(office)
    _check_office_reports(office, period)
    report, _created = PeriodReport.objects.select_for_update().get_or_create(office=office, period=period)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise DomainError(_("This report has been submitted and can no longer be changed."))
    check_version(None if _created else report, seen)
    narrative = {"results": results, "shortcomings": shortcomings, "directions": directions}
    changes = {name: [getattr(report, name), text] for name, text in narrative.items() if getattr(report, name) != text}
    report.results, report.shortcomings, report.directions = results, shortcomings, directions
    report.updated_by = by
    report.save()
    changes.update(_save_values(report, values))
    record(report, by=by, action="create" if _created else "update", changes=changes, at=report.updated_at)
    return submit_report(report, by=by) if submit else report


def _save_values(report: PeriodReport, values: dict) -> dict:
    old = {v.indicator_id: v for v in report.values.all()}
    changes = {}
    for indicator, value in values.items():
        current = old.get(indicator.pk)
        if value is None:
            if current:
                current.delete()
                changes[indicator.name] = [current.value, None]
        elif current is None:
            ActivityValue.objects.create(report=report, indicator=indicator, value=value)
            changes[indicator.name] = [None, value]
        elif current.value != value:
            changes[indicator.name] = [current.value, value]
            current.value = value
            current.save(update_fields=["value"])
    return changes


@transaction.atomic
def submit_report(report: PeriodReport, *, by) -> PeriodReport:
    """Send the report up; the registry figures of the office's area are frozen into it."""
    check_open(report.period)
    if by.office_id != report.office_id:
        raise DomainError(_("You may only submit your own office's report."))
    check_office_open(report.office)
    report = PeriodReport.objects.select_for_update().select_related("office__area", "period").get(pk=report.pk)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise DomainError(_("This report has already been submitted."))
    if not report.results.strip():
        raise DomainError(_("Write the results before submitting."))
    old = report.status
    report.figures = registry.build(report.office.area, report.period).to_json()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by, report.return_reason = timezone.now(), by, ""
    report.save()
    record(report, by=by, action="submit", changes={"status": [old, report.status]})
    return report


def _review(report: PeriodReport, *, by, to: str, note: str = "") -> PeriodReport:
    check_open(report.period)
    if not can_review_report(by, report):
        raise NotAllowed(_("You may not review this report."))
    updated = PeriodReport.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
        status=to, reviewed_at=timezone.now(), reviewed_by=by, return_reason=note
    )
    if updated != 1:
        raise DomainError(_("Only a submitted report can be returned or accepted; someone may have reviewed it first."))
    report.refresh_from_db()
    record(report, by=by, action=to, changes={"status": [ReportStatus.SUBMITTED, to]}, note=note)
    return report


@transaction.atomic
def return_report(report: PeriodReport, *, by, reason: str) -> PeriodReport:
    """Send a submitted report back to its office with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Please give a reason."))
    return _review(report, by=by, to=ReportStatus.RETURNED, note=reason)


@transaction.atomic
def accept_report(report: PeriodReport, *, by) -> PeriodReport:
    """Accept a submitted report: its activity figures enter the consolidated report."""
    return _review(report, by=by, to=ReportStatus.ACCEPTED)


@dataclass
class Consolidation:
    """The province report: its own registry figures plus the accepted offices' activity figures."""

    registry: registry.Report
    indicators: list
    accepted: list  # PeriodReport, with .value_of {indicator pk: value}
    totals: dict  # indicator pk -> sum over accepted reports
    missing: list  # (office, status) of offices without an accepted report


def consolidate(root, period: ReportPeriod, predecessors=()) -> Consolidation:
    """Consolidate the offices under `root` for a period, on the period's map: when the root did not exist then,
    the offices under its predecessors that did (reports.maps)."""
    indicators = list(ActivityIndicator.objects.filter(is_active=True))
    roots = maps.period_roots(root, predecessors, period.start, period.end) if root is not None else None
    offices = list(expected_offices(roots, period))
    reports = PeriodReport.objects.filter(period=period).select_related("office")
    reports = (
        reports.filter(office__area__parent__in=roots) if root is not None else reports.filter(office__area__parent__isnull=True)
    )
    by_office = {r.office_id: r for r in reports}
    accepted = [r for r in by_office.values() if r.status == ReportStatus.ACCEPTED]
    values = defaultdict(dict)
    for office_id, indicator_id, value in ActivityValue.objects.filter(report__in=accepted).values_list(
        "report__office_id", "indicator_id", "value"
    ):
        values[office_id][indicator_id] = value
    for report in accepted:
        report.value_of = values[report.office_id]
    totals = defaultdict(int)
    for office_values in values.values():
        for indicator_id, value in office_values.items():
            totals[indicator_id] += value
    accepted_ids = {r.office_id for r in accepted}
    missing = [
        (o, by_office[o.pk].status if o.pk in by_office else ReportStatus.NOT_STARTED)
        for o in offices
        if o.pk not in accepted_ids
    ]
    accepted.sort(key=lambda r: sort_key(r.office.name))
    return Consolidation(registry.served(root, period, predecessors=predecessors), indicators, accepted, dict(totals), missing)


def is_late(report_status: str, period: ReportPeriod, today=None) -> bool:
    """Past the due date and not yet sent (a returned report is late again until resent)."""
    today = today or timezone.localdate()
    return today > period.due_on and report_status not in RECEIVED_REPORT_STATUSES


@dataclass
class ActivityRow:
    """One activity figure as the office reported it, beside the registry's sum of the same quantity (if any)."""

    name: str
    unit: str
    reported: int
    registry: int | None  # None: the registry has no such quantity, or its figures are not frozen yet


def activity_rows(values, frozen: "registry.Report | None") -> list[ActivityRow]:
    """The activity table's rows: "đơn vị báo cáo" (typed by the office) and "theo sổ mô hình" (summed by the
    registry) for one quantity, never two unlabelled numbers. `values`: (indicator, value) pairs."""
    totals = frozen.tables[0].total.values if frozen else {}
    return [
        ActivityRow(
            indicator.name,
            indicator.unit_of_measure,
            value,
            totals.get(indicator.registry_figure) if indicator.registry_figure else None,
        )
        for indicator, value in values
    ]
