"""Who may see and do what with report periods and period reports."""

from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.accounts.access import area_q, can_oversee, can_report, can_review_models, in_scope, scope_area, scope_for
from danvan.accounts.models import Office
from danvan.collation import ViSortKey
from models_registry.units.models import Area
from reports.enums import EDITABLE_REPORT_STATUSES
from reports.models import PeriodReport, ReportPeriod


def ancestor_paths(path: str) -> list[str]:
    """'/P01/LD018/' → ['/P01/', '/P01/LD018/']."""
    codes = path.strip("/").split("/")
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def periods_for(user) -> QuerySet[ReportPeriod]:
    """Periods the user reports in (nationwide or of an area above) or oversees (of an area inside the scope,
    inherited areas included: a successor sees its predecessors' periods)."""
    scope = scope_for(user)
    if scope.everything:
        return ReportPeriod.objects.all()
    if scope.nothing:
        return ReportPeriod.objects.none()
    return ReportPeriod.objects.filter(Q(area__isnull=True) | Q(area__path__in=ancestor_paths(scope.area.path)) | scope.q("area"))


def can_manage_periods(user) -> bool:
    return user.is_administrator or can_review_models(user)


def can_manage_period(user, period: ReportPeriod) -> bool:
    """Administrators manage every period; province staff the periods of their own area subtree."""
    if user.is_administrator:
        return True
    return can_review_models(user) and period.area is not None and in_scope(user, period.area)


def reports_for(user) -> QuerySet[PeriodReport]:
    """Period reports of the offices inside the user's area."""
    return PeriodReport.objects.filter(area_q(user, "office__area"))


def can_fill_report(user) -> bool:
    """Officers of a working office fill its report; the province consolidates instead; an ended office reads."""
    return can_report(user) and user.office.is_open()


def reports_in(office, period: ReportPeriod) -> bool:
    """Whether the office owes a report for the period: it worked on the period's last day, in an area of the period."""
    return office.is_open(period.end) and area_existed(office.area, period)


def can_edit_report(user, report: PeriodReport) -> bool:
    """The reporting office edits its report while it is a draft or was returned."""
    return report.status in EDITABLE_REPORT_STATUSES and can_fill_report(user) and user.office_id == report.office_id


def can_review_report(user, report: PeriodReport) -> bool:
    """Province staff review the reports of offices below their own."""
    if not (can_review_models(user) and user.office_id):
        return False
    return in_scope(user, report.office.area) and report.office.area_id != user.office.area_id


def can_see_tracker(user) -> bool:
    return can_oversee(user)


def report_scope(user, area_id=None):
    """The area a report page shows: the user's own by default, or one inside it (404 outside); None = country."""
    root = scope_area(user)
    if root is False:
        raise Http404
    if not area_id:
        return root
    try:
        area = Area.objects.get(pk=int(area_id))
    except (Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not in_scope(user, area):
        raise Http404
    return area


def area_existed(area, period: ReportPeriod) -> bool:
    """Whether an area existed during the period (districts ended on 30/06/2025, new communes began on 01/07/2025)."""
    return (area.valid_from is None or area.valid_from <= period.end) and (area.valid_to is None or area.valid_to >= period.start)


def expected_offices(root, period: ReportPeriod) -> QuerySet[Office]:
    """The offices that owe the root area (or each of a list of roots: a period's map) a report for the period: of
    its direct child areas that existed in the period, working on its last day."""
    offices = Office.objects.filter(is_active=True).select_related("area")
    if isinstance(root, list | tuple):
        offices = offices.filter(area__parent__in=root)
    else:
        offices = offices.filter(area__parent=root) if root is not None else offices.filter(area__parent__isnull=True)
    return offices.filter(
        Q(area__valid_from__isnull=True) | Q(area__valid_from__lte=period.end),
        Q(area__valid_to__isnull=True) | Q(area__valid_to__gte=period.start),
        Q(started_on__isnull=True) | Q(started_on__lte=period.end),
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.end),
    ).order_by("area__valid_to", ViSortKey("name"), "pk")
