"""The home page, one per role: officers see their work to do; province staff and leaders the queues and charts."""

from collections import defaultdict

from django.db.models import Case, Count, Value, When
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.access import can_report, scope_area
from danvan.collation import sort_key
from models_registry.initiatives.access import initiatives_for, returned_to, review_queue_for
from models_registry.initiatives.enums import ACTIVE_STATUSES, REGISTERED_STATUSES, InitiativeKind, Status
from models_registry.initiatives.models import Field
from reports import figures, registry, tracking
from reports.access import can_see_tracker, periods_for, reports_for
from reports.enums import ReportStatus
from reports.models import PeriodReport
from reports.periods import Window, half_year_bounds, last_half_years

LIST_SIZE = 10
HALF_YEARS = 10  # five years of half-years on the "new models" chart
OPEN_PERIODS = 3  # the most recent open periods whose late offices the dashboard lists


def home(request):
    """The signed-in user's start page."""
    user = request.user
    context = {"today": timezone.localdate()}
    if can_report(user):  # an ended office too: it reads its past, owes nothing
        context.update(officer_work(user))
    if can_see_tracker(user):
        context.update(overview(user))
    return render(request, "home.html", context)


def officer_work(user) -> dict:
    """An officer's drafts, what came back to them, and the reports their office owes."""
    drafts = initiatives_for(user).filter(status=Status.DRAFT).select_related("unit").order_by("-updated_at")
    returned = returned_to(user).order_by("status_changed_at", "pk")
    return {
        "drafts": list(drafts[:LIST_SIZE]),
        "drafts_count": drafts.count(),
        "returned": list(returned[:LIST_SIZE]),
        "returned_count": returned.count(),
        "returned_reports": list(
            PeriodReport.objects.filter(office=user.office, status=ReportStatus.RETURNED).select_related("period")
        ),
        "due_reports": tracking.due_reports(user),
    }


def overview(user) -> dict:
    """Review queues, late reports and charts of the user's area."""
    scope = scope_area(user)
    queue = review_queue_for(user)
    waiting_reports = reports_for(user).filter(status=ReportStatus.SUBMITTED).exclude(office=user.office)
    return {
        "overview": True,
        "review_queue": list(queue.select_related("unit__area")[:LIST_SIZE]),
        "review_count": queue.count(),
        "waiting_reports": list(waiting_reports.select_related("office", "period").order_by("submitted_at")[:LIST_SIZE]),
        "late_reports": late_reports(user),
        "charts": charts(user, scope),
    }


def late_reports(user) -> list:
    """Offices past the due date without a submitted report, in the most recent open periods (the tracker's late rows)."""
    today = timezone.localdate()
    periods = periods_for(user).filter(is_locked=False, due_on__lt=today).order_by("-due_on")[:OPEN_PERIODS]
    return tracking.overdue_reports(user, periods)


def charts(user, scope) -> list[dict]:
    """Each chart's data, also shown as a table: by field, by status, new per half-year, by area."""
    return [by_field_chart(user), by_status_chart(user), new_per_half_chart(user), by_area_chart(scope)]


def by_field_chart(user) -> dict:
    active = initiatives_for(user).filter(status__in=ACTIVE_STATUSES)
    counts = {(r["field"], r["kind"]): r["n"] for r in active.values("field", "kind").annotate(n=Count("*")).order_by()}
    fields = list(Field.objects.all())
    labels = [f.name for f in fields] + ([_("No field")] if any(k[0] is None for k in counts) else [])
    keys = [f.pk for f in fields] + ([None] if any(k[0] is None for k in counts) else [])
    datasets = [
        {"label": str(label), "data": [counts.get((key, kind), 0) for key in keys]} for kind, label in InitiativeKind.choices
    ]
    return _chart("field", _("Active models by field"), "bar", labels, datasets, stacked=True)


def by_status_chart(user) -> dict:
    counts = dict(initiatives_for(user).values_list("status").annotate(n=Count("*")).order_by())
    labels = [str(label) for value, label in Status.choices]
    return _chart(
        "status",
        _("Models by status"),
        "doughnut",
        labels,
        [{"label": _("Models"), "data": [counts.get(v, 0) for v in Status.values]}],
    )


def new_per_half_chart(user) -> dict:
    """Registered models (approved, whatever since) by the half-year of their registration date: approving a model
    adds it to the half-year it was registered in, never to the half-year of the approval."""
    halves = last_half_years(timezone.localdate(), HALF_YEARS)
    first = half_year_bounds(*halves[0])[0]
    registered = initiatives_for(user).filter(status__in=REGISTERED_STATUSES, registered_on__gte=first)
    half = Case(When(registered_on__month__lte=6, then=Value(1)), default=Value(2))
    rows = registered.annotate(y=ExtractYear("registered_on"), h=half).values_list("y", "h").annotate(n=Count("*")).order_by()
    counts = defaultdict(int, {(y, h): n for y, h, n in rows})
    labels = [(_("1st half %(year)s") if h == 1 else _("2nd half %(year)s")) % {"year": y} for y, h in halves]
    chart = _chart(
        "new", _("New models per half-year"), "bar", labels, [{"label": _("New"), "data": [counts[k] for k in halves]}]
    )
    chart["note"] = _("By registration date; a model appears once it is approved.")
    return chart


AREA_BARS = 15


def by_area_chart(scope) -> dict:
    today = timezone.localdate()
    cube = figures.compute(scope, Window(today, today, today.year), sources=[figures.REGISTRY], axes=("child",))
    by_child = cube.project("child")
    counted = [(by_child.get(a.code, {}).get("active", 0), a) for a in registry.child_areas(scope)]
    # Only areas that have active models, the most first: a province has a hundred communes, mostly empty so far.
    counted = sorted((pair for pair in counted if pair[0]), key=lambda pair: (-pair[0], sort_key(pair[1].name)))[:AREA_BARS]
    children = [a for _, a in counted]
    labels = [a.name + (" *" if not a.is_current else "") for a in children]
    data = [count for count, _ in counted]
    chart = _chart("area", _("Active models by area"), "bar", labels, [{"label": _("Active"), "data": data}], horizontal=True)
    chart["note"] = _("* legacy district, abolished on 01/07/2025") if any(not a.is_current for a in children) else ""
    return chart


def _chart(key, title, kind, labels, datasets, **options) -> dict:
    rows = [[label, *[d["data"][i] for d in datasets]] for i, label in enumerate(labels)]
    return {
        "id": f"chart-{key}",
        "data_id": f"chart-{key}-data",
        "title": str(title),
        "data": {"type": kind, "labels": [str(x) for x in labels], "datasets": datasets, **options},
        "columns": [str(d["label"]) for d in datasets],
        "rows": rows,
        "total": [sum(d["data"]) for d in datasets],
    }
