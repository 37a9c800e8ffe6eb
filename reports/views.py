from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from danvan.accounts.access import can_report, scope_area, scope_for
from danvan.accounts.offices import closed_refusal
from danvan.audit.shown import trail
from danvan.collation import ViSortKey
from danvan.errors import DomainError, NotAllowed, StaleEdit
from danvan.lists import BoundedPaginator, export_subtitle, record_personal_export
from danvan.once import AlreadySubmitted, previous, submit_once
from danvan.versions import changed_since, redraw_with_current_version, version
from danvan.vietnamese import short_date
from danvan.xlsx import list_response
from models_registry.initiatives.tables import InitiativeTable
from models_registry.units.models import Area
from reports import documents, domain, exporters, figures, maps, registry, tracking
from reports.access import (
    can_edit_report,
    can_fill_report,
    can_manage_period,
    can_manage_periods,
    can_review_report,
    can_see_tracker,
    periods_for,
    report_scope,
    reports_for,
    reports_in,
)
from reports.enums import EDITABLE_REPORT_STATUSES, ReportStatus
from reports.forms import DrillDownForm, PeriodEditForm, PeriodForm, ReportFilterForm, ReportForm, ReturnForm
from reports.models import ActivityIndicator, PeriodReport
from reports.tables import AwardRecordTable


def _period(request, pk):
    return get_object_or_404(periods_for(request.user).select_related("area", "phase"), pk=pk)


def _filters(request) -> tuple[ReportFilterForm, figures.Filters]:
    form = ReportFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        field = form.cleaned_data["field"]
        return form, figures.Filters(kind=form.cleaned_data["kind"] or None, field_id=field.pk if field else None)
    return form, figures.Filters()


def scope_trail(user, scope) -> list[Area]:
    """The areas from the user's own down to the shown one, for drilling back up; an inherited area's trail
    starts at the user's own area, then the predecessor it was inherited through."""
    own = scope_for(user)
    roots = {root.pk for root in own.roots}
    trail, area = [], scope
    while area is not None:
        trail.append(area)
        if area.pk in roots:
            break
        area = area.parent
    if own.area and trail and trail[-1].pk != own.area.pk and own.is_inherited(trail[-1]):
        trail.append(own.area)
    return trail[::-1]


def link_cells(report: registry.Report, period) -> registry.Report:
    """Give every figure of the report its drill-down URL (reports:records with the cell's parameters)."""
    base = reverse("reports:records", args=[period.pk])
    common = {"area": report.scope_id, "kind": report.filters.get("kind"), "field": report.filters.get("field")}

    def url(column, params, **extra):
        cell = {{"kind": "cell_kind", "field": "cell_field"}.get(k, k): v for k, v in params.items()}
        query = {k: v for k, v in {**common, "figure": column, **cell, **extra}.items() if v not in (None, "")}
        return f"{base}?{urlencode(query)}"

    for table in report.tables:
        for row in [*table.rows, table.total]:
            row.cells = [(row.values.get(c["key"], 0), url(c["key"], row.params), c) for c in report.columns]
    for line in report.comparison:
        line["current_url"] = url(line["key"], {})
        line["previous_url"] = url(line["key"], {}, prev=1)
    return report


def index(request):
    """Report periods the user sees, with what they can do in each."""
    periods = list(periods_for(request.user).select_related("area", "phase"))
    office = request.user.office
    own = {}
    if office is not None:
        own = {r.period_id: r for r in PeriodReport.objects.filter(office=office, period__in=periods)}
    can_fill = can_fill_report(request.user)
    for period in periods:
        period.own_report = own.get(period.pk)
        period.can_manage = can_manage_period(request.user, period)
        period.can_fill = can_fill and reports_in(office, period)  # never offer what the report page refuses
    return render(
        request,
        "reports/index.html",
        {
            "periods": periods,
            "can_create": can_manage_periods(request.user),
            "can_fill": can_report(request.user),
            "can_track": can_see_tracker(request.user),
        },
    )


def period_create(request):
    if not can_manage_periods(request.user):
        raise PermissionDenied
    if request.method == "POST" and previous(request) is not None:
        return redirect("reports:index")  # the same form, sent again: the period is opened once
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "once"}
        area = scope_area(request.user) or None
        try:
            period = submit_once(
                form.cleaned_data["once"],
                by=request.user,
                create=lambda: domain.create_period(by=request.user, area=area, **fields),
            )
        except AlreadySubmitted:
            return redirect("reports:index")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The period %(period)s was opened.") % {"period": period})
            return redirect("reports:index")
    return render(request, "reports/period_form.html", {"form": form, "period": None})


def period_edit(request, pk):
    period = _period(request, pk)
    if not can_manage_period(request.user, period):
        raise PermissionDenied
    form = PeriodEditForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period.refresh_from_db()
        try:
            domain.update_period(period, by=request.user, start=data["start"], end=data["end"], due_on=data["due_on"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reports:index")
    return render(request, "reports/period_form.html", {"form": form, "period": period})


@require_POST
def period_lock(request, pk):
    period = _period(request, pk)
    try:
        domain.set_period_locked(period, by=request.user, locked=request.POST.get("locked") == "1")
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("The period is locked.") if request.POST.get("locked") == "1" else _("The period is open again."))
    return redirect("reports:index")


def registry_report(request, pk):
    """The registry figures of a scope for a period; every figure links to its records; ?export=xlsx."""
    period = _period(request, pk)
    scope = report_scope(request.user, request.GET.get("area"))
    form, filters = _filters(request)
    report = registry.served(scope, period, filters, maps.predecessors_seen_by(request.user, scope))
    if request.GET.get("export") == "xlsx":
        return exporters.registry_response(report, period, scope=scope, user=request.user)
    hidden = hide_empty_rows(report, request.GET.get("empty") == "1")
    return render(
        request,
        "reports/registry.html",
        {
            "period": period,
            "scope": scope,
            "trail": scope_trail(request.user, scope),
            "report": link_cells(report, period),
            "form": form,
            "filter_query": urlencode({k: v for k, v in report.filters.items() if v}),
            "export_query": _export_query(request),
            "hidden": hidden,
            "empty_switch": _empty_switch(request),
        },
    )


def hide_empty_rows(report: registry.Report, show: bool) -> int:
    """Hide the area rows without any figure (a predecessor's row stays while a row under it has one); the number
    hidden. The Excel file keeps every row."""
    if show:
        return 0
    table = next(t for t in report.tables if t.key == "area")
    kept = [row for row in table.rows if not row.is_empty]
    hidden = len(table.rows) - len(kept)
    table.rows = kept
    return hidden


def _empty_switch(request) -> str:
    query = request.GET.copy()
    if query.get("empty") == "1":
        query.pop("empty")
    else:
        query["empty"] = "1"
    return query.urlencode()


def _export_query(request) -> str:
    query = request.GET.copy()
    query["export"] = "xlsx"
    return query.urlencode()


def records(request, pk):
    """Exactly the records behind one figure of a report page (same columns as the registry list)."""
    period = _period(request, pk)
    scope = report_scope(request.user, request.GET.get("area"))
    drill = DrillDownForm(request.GET)
    cell = drill.cell(scope) if drill.is_valid() else None
    if cell is None:
        raise Http404
    figure, _split = drill.cleaned_data["parsed"]
    _form, filters = _filters(request)
    window = registry.window_of(period)
    if drill.cleaned_data["prev"]:
        window = window.year_before()
    source = registry.records_scope(scope, maps.predecessors_seen_by(request.user, scope), window)
    rows = figures.records(drill.cleaned_data["figure"], source, window, filters, cell)
    is_award = figure.source is figures.AWARDS
    if is_award:
        rows = rows.select_related("award_form", "area", "unit", "initiative").order_by("-decided_on", "-pk")
        table = AwardRecordTable(rows)
    else:
        rows = rows.select_related("unit__area", "field", "phase").order_by("unit__area__path", ViSortKey("name"), "pk")
        table = InitiativeTable(rows)
    if request.GET.get("export") == "xlsx":
        columns = exporters.AWARD_COLUMNS if is_award else exporters.INITIATIVE_COLUMNS
        record_personal_export(request, columns, what=str(figure.label), count=rows.count())
        what = f"{period} ({short_date(window.start)}–{short_date(window.end)})"
        subtitle = export_subtitle(scope.name if scope is not None else "toan-quoc", what)
        return list_response(
            rows.iterator(),
            columns,
            title=str(figure.label),
            filename=exporters.records_filename(scope, figure),
            subtitle=subtitle,
        )
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}).configure(table)
    measure = figure.measure.removeprefix("initiative__") if figure.measure else None
    total = rows.aggregate(total=Sum(measure))["total"] or 0 if measure else None
    column_label = dict((c.key, c) for c in figures.columns()).get(drill.cleaned_data["figure"])
    return render(
        request,
        "reports/records.html",
        {
            "period": period,
            "scope": scope,
            "figure": figure,
            "column": column_label,
            "previous": drill.cleaned_data["prev"],
            "window": window,
            "table": table,
            "count": table.paginator.count,
            "measure_total": total,
            "back": reverse("reports:registry", args=[period.pk]) + "?" + urlencode({"area": scope.pk} if scope else {}),
            "registry_url": None if is_award else _registry_list_url(request, scope),
            "export_query": _export_query(request),
        },
    )


def _registry_list_url(request, scope) -> str:
    """The registry list with the plain filters of this cell (area, unit kind, kind, field): every status, any date."""
    get = request.GET
    area = get.get("child") or (scope.pk if scope else "")
    kind = get.get("cell_kind") or get.get("kind")
    field = get.get("cell_field") or get.get("field")
    query = {"area": area, "unit_kind": get.get("unit_kind"), "kind": kind, "field": field}
    query = {k: v for k, v in query.items() if v and v != figures.NONE}
    return reverse("initiatives:list") + ("?" + urlencode(query) if query else "")


def my_report(request, pk):
    """The officer's report for a period: save a draft, or submit it. Province staff and leaders report by
    consolidating: their own report is the consolidated one. An ended office reads what it sent."""
    period = _period(request, pk)
    if can_see_tracker(request.user):
        return redirect("reports:consolidated", pk=period.pk)
    office = request.user.office
    if can_report(request.user) and not office.is_open():
        sent = PeriodReport.objects.filter(office=office, period=period).first()
        if sent is not None:
            return redirect(sent)
        raise PermissionDenied(closed_refusal(office))
    if not can_fill_report(request.user):
        raise PermissionDenied
    office = request.user.office
    report = domain.report_of(office, period)
    if report.status not in EDITABLE_REPORT_STATUSES:
        return redirect(report)
    indicators = ActivityIndicator.objects.filter(is_active=True)
    values = {v.indicator_id: v.value for v in report.values.all()} if report.pk else {}
    initial = {
        "results": report.results,
        "shortcomings": report.shortcomings,
        "directions": report.directions,
        "seen": version(report),
    }
    initial.update({ReportForm.field_name(i): values.get(i.pk) for i in indicators})
    form = ReportForm(request.POST or None, indicators=indicators, initial=initial)
    meanwhile = []
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            report = domain.save_report(
                office,
                period,
                by=request.user,
                values=form.values(),
                results=form.cleaned_data["results"],
                shortcomings=form.cleaned_data["shortcomings"],
                directions=form.cleaned_data["directions"],
                submit=submit,
                seen=form.cleaned_data["seen"] if "seen" in request.POST else None,
            )
        except StaleEdit as error:
            current = domain.report_of(office, period)
            labels = {"results": _("Results"), "shortcomings": _("Shortcomings and causes"), "directions": _("Directions")}
            entries = changed_since(current, form.cleaned_data["seen"])
            meanwhile = trail(entries, PeriodReport, order=list(labels), labels=labels)
            redraw_with_current_version(form, current, entries)
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if submit:
                messages.success(request, _("The report was submitted to the province."))
                return redirect(report)
            messages.success(request, _("The draft was saved."))
            return redirect("reports:my_report", pk=period.pk)
    return render(
        request,
        "reports/report_form.html",
        {
            "period": period,
            "office": office,
            "report": report,
            "form": form,
            "meanwhile": meanwhile,
            "locked": period.is_locked,
            "not_reporting": not reports_in(office, period),
        },
    )


def report_detail(request, pk):
    """A period report: narrative, activity figures, and the registry figures frozen at submission."""
    report = get_object_or_404(reports_for(request.user).select_related("office__area", "period__phase"), pk=pk)
    frozen = registry.Report.from_json(report.figures) if report.figures else None
    values = list(report.values.select_related("indicator"))
    if request.GET.get("export") == "xlsx":
        return exporters.period_report_response(report, frozen, values, user=request.user)
    if request.GET.get("export") == "docx":
        return documents.period_report_response(report, frozen, values)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "period": report.period,
            "frozen": link_cells(frozen, report.period) if frozen else None,
            "values": values,
            "activity": domain.activity_rows([(v.indicator, v.value) for v in values], frozen),
            "can_review": can_review_report(request.user, report) and report.status == ReportStatus.SUBMITTED,
            "can_edit": can_edit_report(request.user, report),
            "return_form": ReturnForm(),
            "can_track": can_see_tracker(request.user),
        },
    )


@require_POST
def report_return(request, pk):
    report = get_object_or_404(reports_for(request.user).select_related("office__area", "period"), pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect(report)
    try:
        domain.return_report(report, by=request.user, reason=form.cleaned_data["reason"])
    except NotAllowed as error:  # a refusal, not a page to go back to: 403 with the reason
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was returned to %(office)s.") % {"office": report.office})
    return redirect(report)


@require_POST
def report_accept(request, pk):
    report = get_object_or_404(reports_for(request.user).select_related("office__area", "period"), pk=pk)
    try:
        domain.accept_report(report, by=request.user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report of %(office)s was accepted.") % {"office": report.office})
    return redirect(report)


def tracker(request, pk):
    """Who has reported for a period: each office's status, submission date, late ones highlighted."""
    period = _period(request, pk)
    if not can_see_tracker(request.user):
        raise PermissionDenied
    root = scope_area(request.user)
    rows = tracking.office_reports(request.user, period)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ReportStatus.values}
    return render(
        request,
        "reports/tracker.html",
        {"period": period, "rows": rows, "counts": counts, "statuses": ReportStatus.choices, "root": root},
    )


def consolidated(request, pk):
    """The province report: own registry figures plus the accepted offices' activity figures; ?export=xlsx."""
    period = _period(request, pk)
    if not can_see_tracker(request.user):
        raise PermissionDenied
    root = scope_area(request.user)
    consolidation = domain.consolidate(root, period, maps.predecessors_seen_by(request.user, root))
    if request.GET.get("export") == "xlsx":
        return exporters.consolidated_response(consolidation, period, scope=root, user=request.user)
    if request.GET.get("export") == "docx":
        return documents.consolidated_response(consolidation, period, office=exporters.office_of(root, request.user), scope=root)
    link_cells(consolidation.registry, period)
    accepted = [(report, [report.value_of.get(i.pk) for i in consolidation.indicators]) for report in consolidation.accepted]
    return render(
        request,
        "reports/consolidated.html",
        {
            "period": period,
            "root": root,
            "c": consolidation,
            "accepted": accepted,
            "totals": [consolidation.totals.get(i.pk, 0) for i in consolidation.indicators],
            "report": consolidation.registry,
        },
    )
