"""Excel files laid out as official reports (openpyxl).

The first sheet is the document: the office's heading (danvan.documents), title, the figures in brief,
the activity figures and narrative of a period report, "Nơi nhận" and the signature. Each figures table
then has a sheet of its own ("Biểu 1", "Biểu 2"...), whose two-row header repeats on every printed page:
a sheet never carries another table's repeated titles. The records behind the figures come last.
Every sheet: A4 landscape, fit to width, wrapped text with rows tall enough, frozen header.
"""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from danvan.accounts.models import Office
from danvan.audit.domain import record_export
from danvan.documents import layout
from danvan.documents.workbook import (
    CENTER,
    JUSTIFY,
    LEFT,
    Sheet,
    body_cell,
    fit_row_heights,
    font,
    head_cell,
    print_setup,
    write_closing,
    write_heading,
    write_title,
)
from danvan.vietnamese import short_date
from danvan.xlsx import XLSX_TYPE, ExportColumn, export_filename
from models_registry.initiatives.models import Initiative
from reports import figures, maps, registry
from reports.domain import activity_rows
from reports.enums import HALF_KINDS, ReportStatus

REPORT_CODE = "BC"  # báo cáo, in the document's number
DOCUMENT_WIDTHS = [56, 15, 15, 15, 15, 15]  # the document sheet: a wide label column and five narrower ones


def report_subject(period) -> str:
    """The subject line of an office's report: 'Sơ kết phong trào thi đua “Dân vận khéo” 6 tháng đầu năm 2025'."""
    if period.kind in HALF_KINDS:
        return _("Interim review of the “Skilful mass mobilisation” movement, %(period)s") % {"period": _lower(period)}
    return _("Review of the “Skilful mass mobilisation” movement, %(period)s") % {"period": _lower(period)}


def _lower(period) -> str:
    label = str(period)
    return label[:1].lower() + label[1:]


def registry_subject(period) -> str:
    return _("Results of the “Skilful mass mobilisation” movement — %(period)s") % {"period": period}


def _window_line(report: registry.Report, scope_name: str) -> str:
    start, end = (f"{d[8:10]}/{d[5:7]}/{d[:4]}" for d in (report.start, report.end))
    return _("(From %(start)s to %(end)s — area: %(area)s)") % {"start": start, "end": end, "area": scope_name}


def office_of(scope, user) -> Office | None:
    """The office whose report this is: the one of the scope area, else the user's."""
    if scope is not None:
        office = Office.objects.filter(area=scope, is_active=True).first()
        if office:
            return office
    return user.office if user.office_id else None


# ----------------------------------------------------------------------------- the document sheet


def document_sheet(book: Workbook, office, day, *, title: str, subject: str, lines: list[str]) -> tuple[Sheet, object]:
    """The first sheet, headed as the office's documents are; returns it and its layout (for the closing)."""
    ws = book.active
    ws.title = _("Report")[:31]
    for index, width in enumerate(DOCUMENT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    sheet = Sheet(ws, width=len(DOCUMENT_WIDTHS))
    doc = layout(office, day=day, title=title, subject=[subject], code=REPORT_CODE)
    write_heading(sheet, doc)
    write_title(sheet, doc, *lines)
    return sheet, doc


def section(sheet: Sheet, title: str) -> None:
    sheet.merged(title, style=font(bold=True), align=LEFT)
    sheet.skip()


def figures_in_brief(sheet: Sheet, report: registry.Report, sheets: list[str]) -> None:
    """The report's totals as a list (group, then its figures), pointing to the tables' sheets."""
    totals = report.tables[0].total.values
    index = 0
    for group, span in report.groups:
        columns = report.columns[index : index + span]
        index += span
        if span == 1 and columns[0]["label"] == group:
            _brief_line(sheet, group, totals.get(columns[0]["key"], 0))
            continue
        sheet.merged(group, 1, 1, style=font(bold=True, size=11), align=LEFT)
        sheet.skip()
        for column in columns:
            _brief_line(sheet, f"– {column['label']}", totals.get(column["key"], 0))
    sheet.merged(
        _("Details by area, unit kind, kind and field: sheets %(sheets)s.") % {"sheets": ", ".join(sheets)},
        style=font(italic=True, size=11),
        align=LEFT,
    )
    sheet.skip(2)


def _brief_line(sheet: Sheet, label: str, value: int) -> None:
    body_cell(sheet.ws, sheet.row, 1, label)
    body_cell(sheet.ws, sheet.row, 2, int(value))
    sheet.skip()


def comparison_table(sheet: Sheet, report: registry.Report) -> None:
    """This period beside the same period a year earlier, with the difference."""
    ws = sheet.ws
    section(sheet, _("Compared with the same period of the year before"))
    for index, text in enumerate([_("Figure"), _("This period"), _("Same period last year"), _("Difference")], start=1):
        head_cell(ws, sheet.row, index, sheet.row, index, text)
    first = sheet.row
    sheet.skip()
    for line in report.comparison:
        body_cell(ws, sheet.row, 1, line["label"])
        for index, key in enumerate(("current", "previous", "difference"), start=2):
            body_cell(ws, sheet.row, index, line[key])
        sheet.skip()
    fit_row_heights(ws, first, sheet.row - 1)
    sheet.skip()


def activity_table(sheet: Sheet, rows: list, title: str) -> None:
    """Activity figures: indicator, unit of measure, the office's value and, for a quantity the registry also sums,
    the registry's (each column labelled: "đơn vị báo cáo", "theo sổ mô hình"). `rows`: domain.ActivityRow."""
    ws = sheet.ws
    section(sheet, title)
    heads = [_("Indicator"), _("Unit of measure"), _("reported by the office"), _("by the model registry")]
    for index, text in enumerate(heads, start=1):
        head_cell(ws, sheet.row, index, sheet.row, index, text[:1].upper() + text[1:])
    first = sheet.row
    sheet.skip()
    for row in rows:
        registry_value = "—" if row.registry is None else row.registry
        for index, cell in enumerate([row.name, row.unit, row.reported, registry_value], start=1):
            body_cell(ws, sheet.row, index, cell)
        sheet.skip()
    fit_row_heights(ws, first, sheet.row - 1)
    sheet.skip()


def narrative(sheet: Sheet, report) -> None:
    parts = [
        (_("III. RESULTS"), report.results),
        (_("IV. SHORTCOMINGS AND CAUSES"), report.shortcomings),
        (_("V. DIRECTIONS FOR THE NEXT PERIOD"), report.directions),
    ]
    for title, text in parts:
        section(sheet, title)
        sheet.merged(text or "", style=font(), align=JUSTIFY)
        sheet.skip(2)


# ----------------------------------------------------------------------------- the tables' sheets


def figures_sheets(book: Workbook, report: registry.Report, subject: str) -> list[str]:
    """One sheet a figures table ("Biểu 1"...), its header repeated on every page; returns the sheets' names."""
    names = []
    for number, table in enumerate(report.tables, start=1):
        name = _("Table %(number)s") % {"number": number}
        ws = book.create_sheet(name[:31])
        sheet = Sheet(ws, width=1 + len(report.columns))
        _column_widths(ws, report)
        sheet.merged(f"{name.upper()}. {table.title.upper()}", style=font(bold=True, size=13))
        sheet.skip()
        sheet.merged(subject, style=font(bold=True))
        sheet.skip()
        sheet.merged(_window_line(report, report.scope_name), style=font(italic=True))
        sheet.skip(2)
        header = figures_table(sheet, table, report)
        ws.freeze_panes = ws.cell(header[1] + 1, 2)
        print_setup(ws, header)
        names.append(name)
    return names


def _column_widths(ws, report: registry.Report) -> None:
    """A label column as wide as its labels (up to a limit: they wrap); counts narrow, sums (money, m²) wider."""
    labels = [f"{r.label} ({r.note})" if r.note else r.label for t in report.tables for r in t.rows]
    ws.column_dimensions["A"].width = min(max([len(label) for label in labels] + [18]) + 2, 28)
    for index, column in enumerate(report.columns, start=2):
        ws.column_dimensions[get_column_letter(index)].width = 13 if column.get("is_sum") else 6.5


def figures_table(sheet: Sheet, table: registry.FigureTable, report: registry.Report) -> tuple[int, int]:
    """A figures table with its two-row merged header and totals row; returns its header rows."""
    ws = sheet.ws
    head1, head2 = sheet.row, sheet.row + 1
    head_cell(ws, head1, 1, head2, 1, table.first_header)
    col = 2
    for group, span in report.groups:
        columns = report.columns[col - 2 : col - 2 + span]
        if span == 1 and str(columns[0]["label"]) == str(group):
            head_cell(ws, head1, col, head2, col, group)
        else:
            head_cell(ws, head1, col, head1, col + span - 1, group)
            for offset, column in enumerate(columns):
                head_cell(ws, head2, col + offset, head2, col + offset, column["label"])
        col += span
    fit_row_heights(ws, head1, head2, size=12.5)  # bold headers are wider than body text
    sheet.row = head2 + 1
    for row in [*table.rows, table.total]:
        is_total = row is table.total
        body_cell(ws, sheet.row, 1, f"{row.label} ({row.note})" if row.note else row.label, bold=is_total)
        for index, column in enumerate(report.columns, start=2):
            body_cell(ws, sheet.row, index, row.values.get(column["key"], 0), bold=is_total)
        sheet.row += 1
    fit_row_heights(ws, head2 + 1, sheet.row - 1)
    return head1, head2


RECORD_COLUMNS = [
    ExportColumn(gettext_lazy("Code"), lambda i: i.code or "", 14),
    ExportColumn(gettext_lazy("Name"), lambda i: i.name, 50),
    ExportColumn(gettext_lazy("Model or exemplar"), lambda i: i.get_kind_display(), 14),
    ExportColumn(gettext_lazy("Unit"), lambda i: i.unit.name, 32),
    ExportColumn(gettext_lazy("Unit kind"), lambda i: i.unit.get_kind_display(), 20),
    ExportColumn(gettext_lazy("Area"), lambda i: i.unit.area.name, 22),
    ExportColumn(gettext_lazy("Field"), lambda i: i.field.name if i.field else "", 22),
    ExportColumn(gettext_lazy("Registration date"), lambda i: short_date(i.registered_on), 14),
    ExportColumn(gettext_lazy("Status today"), lambda i: i.get_status_display(), 16),
]
FLAG_LABELS = {f.key: f.label for f in figures.FLAG_FIGURES}
RESULT_FIELDS = figures.RESULT_FIELDS


def records_sheets(book: Workbook, data: registry.RecordSheet) -> None:
    """The models behind the figures (with a mark for each figure they count in), and the awards of the period."""
    ws = book.create_sheet(_("Models")[:31])
    heads = [_("No."), *[str(c.header) for c in RECORD_COLUMNS], *[str(v) for v in FLAG_LABELS.values()], _("Recognition level")]
    heads += [str(Initiative._meta.get_field(f).verbose_name) for f in RESULT_FIELDS]
    widths = [6, *[c.width for c in RECORD_COLUMNS], *[11] * len(FLAG_LABELS), 14, *[14] * len(RESULT_FIELDS)]
    _set_widths(ws, widths)
    for index, text in enumerate(heads, start=1):
        head_cell(ws, 1, index, 1, index, text[:1].upper() + text[1:])
    for number, initiative in enumerate(data.initiatives, start=1):
        values = [number, *[c.value(initiative) for c in RECORD_COLUMNS]]
        values += ["x" if initiative.pk in data.flags[key] else "" for key in FLAG_LABELS]
        values.append(data.levels.get(initiative.pk, ""))
        values += [getattr(initiative, f) or 0 for f in RESULT_FIELDS]
        for index, value in enumerate(values, start=1):
            cell = body_cell(ws, number + 1, index, value)
            if value == "x":
                cell.alignment = CENTER
    fit_row_heights(ws, 1, len(data.initiatives) + 1)
    ws.freeze_panes = "D2"
    print_setup(ws, (1, 1))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(len(data.initiatives) + 1, 2)}"
    awards_sheet(book, data.awards)


def _set_widths(ws, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


AWARD_COLUMNS = [
    ExportColumn(gettext_lazy("Decision date"), lambda a: a.decided_on, 14, "date"),
    ExportColumn(gettext_lazy("Decision number"), lambda a: a.decision_no, 16),
    ExportColumn(gettext_lazy("Award form"), lambda a: a.award_form.name, 20),
    ExportColumn(gettext_lazy("Issuing level"), lambda a: a.award_form.issuing_level, 28),
    ExportColumn(gettext_lazy("Recipient"), lambda a: a.award_form.get_recipient_kind_display(), 14),
    # a person's name, for individual awards
    ExportColumn(gettext_lazy("Recipient name"), lambda a: a.recipient_name, 40, personal=True),
    ExportColumn(gettext_lazy("Area"), lambda a: a.area.name, 22),
]
# The drill-down list's export: the record sheet's columns, with dates and numbers typed.
INITIATIVE_COLUMNS = [
    *[c for c in RECORD_COLUMNS if c.header is not RECORD_COLUMNS[7].header],
    ExportColumn(gettext_lazy("Registration date"), lambda i: i.registered_on, 14, "date"),
    ExportColumn(gettext_lazy("People reached"), lambda i: i.people_reached, 14, "number"),
    ExportColumn(gettext_lazy("Money mobilised (đồng)"), lambda i: i.money_mobilised, 18, "number"),
    ExportColumn(gettext_lazy("Land donated (m²)"), lambda i: i.land_donated_m2, 14, "number"),
    ExportColumn(gettext_lazy("Works completed"), lambda i: i.works_completed, 14, "number"),
]


def awards_sheet(book: Workbook, awards: list) -> None:
    ws = book.create_sheet(_("Awards")[:31])
    heads = [_("No."), *[str(c.header) for c in AWARD_COLUMNS]]
    _set_widths(ws, [6, *[c.width for c in AWARD_COLUMNS]])
    for index, text in enumerate(heads, start=1):
        head_cell(ws, 1, index, 1, index, text)
    for number, award in enumerate(awards, start=1):
        values = [number, *[c.value(award) for c in AWARD_COLUMNS]]
        values[1] = short_date(values[1])
        for index, value in enumerate(values, start=1):
            body_cell(ws, number + 1, index, value)
    fit_row_heights(ws, 1, len(awards) + 1)
    ws.freeze_panes = "A2"
    print_setup(ws, (1, 1))


# ----------------------------------------------------------------------------- the three workbooks


def registry_workbook(report: registry.Report, period, *, office, user, scope) -> Workbook:
    """The registry figures of a scope for a period: the document, a sheet a table, the records."""
    book = Workbook()
    subject = registry_subject(period)
    sheet, doc = document_sheet(
        book, office, timezone.localdate(), title=_("REPORT"), subject=subject, lines=[_window_line(report, report.scope_name)]
    )
    names = figures_sheets(book, report, subject)
    section(sheet, _("I. REGISTRY FIGURES"))
    figures_in_brief(sheet, report, names)
    comparison_table(sheet, report)
    write_closing(sheet, doc)
    print_setup(sheet.ws)
    records_sheets(book, registry.record_sheet(scope, period, predecessors=maps.predecessors_seen_by(user, scope)))
    return book


def period_report_workbook(report, frozen: registry.Report | None, values: list, *, user) -> Workbook:
    """An office's period report: frozen registry figures, typed activity figures, narrative, records."""
    period = report.period
    frozen = frozen or registry.build(report.office.area, period)
    book = Workbook()
    day = timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
    subject = report_subject(period)
    sheet, doc = document_sheet(
        book, report.office, day, title=_("REPORT"), subject=subject, lines=[_window_line(frozen, report.office.area.name)]
    )
    names = figures_sheets(book, frozen, subject)
    section(sheet, _("I. REGISTRY FIGURES"))
    figures_in_brief(sheet, frozen, names)
    activity_table(sheet, activity_rows([(v.indicator, v.value) for v in values], frozen), _("II. ACTIVITY FIGURES"))
    narrative(sheet, report)
    write_closing(sheet, doc)
    print_setup(sheet.ws)
    records_sheets(book, registry.record_sheet(report.office.area, period))
    return book


def consolidated_workbook(consolidation, period, *, office, user, scope) -> Workbook:
    """The province report: own registry figures, the accepted offices' activity figures, and who is missing."""
    report = consolidation.registry
    book = Workbook()
    subject = report_subject(period)
    sheet, doc = document_sheet(
        book, office, timezone.localdate(), title=_("REPORT"), subject=subject, lines=[_window_line(report, report.scope_name)]
    )
    names = figures_sheets(book, report, subject)
    offices_sheet = offices_activity_sheet(book, consolidation, subject, len(names) + 1)
    section(sheet, _("I. REGISTRY FIGURES"))
    figures_in_brief(sheet, report, names)
    rows = activity_rows([(i, consolidation.totals.get(i.pk, 0)) for i in consolidation.indicators], report)
    activity_table(
        sheet,
        rows,
        _("II. ACTIVITY FIGURES OF THE OFFICES (accepted reports; by office: sheet %(sheet)s)") % {"sheet": offices_sheet},
    )
    section(sheet, _("Offices without an accepted report"))
    for missing_office, status in consolidation.missing or [(None, None)]:
        text = (
            f"– {missing_office.name}: {ReportStatus(status).label}" if missing_office else _("None: every office has reported.")
        )
        sheet.merged(text, align=LEFT)
        sheet.skip()
    write_closing(sheet, doc)
    print_setup(sheet.ws)
    records_sheets(book, registry.record_sheet(scope, period, predecessors=maps.predecessors_seen_by(user, scope)))
    return book


def offices_activity_sheet(book: Workbook, consolidation, subject: str, number: int) -> str:
    """The accepted offices' activity figures, one row an office, with the totals."""
    name = _("Table %(number)s") % {"number": number}
    ws = book.create_sheet(name[:31])
    sheet = Sheet(ws, width=1 + len(consolidation.indicators))
    _set_widths(ws, [40, *[16] * len(consolidation.indicators)])
    title = _("ACTIVITY FIGURES BY OFFICE")
    sheet.merged(f"{name.upper()}. {title}", style=font(bold=True, size=13))
    sheet.skip()
    sheet.merged(subject, style=font(bold=True))
    sheet.skip(2)
    heads = [_("Office"), *[f"{i.name} ({i.unit_of_measure})" for i in consolidation.indicators]]
    for index, text in enumerate(heads, start=1):
        head_cell(ws, sheet.row, index, sheet.row, index, text)
    header = sheet.row
    fit_row_heights(ws, header, header, size=12.5)
    sheet.skip()
    for accepted in consolidation.accepted:
        body_cell(ws, sheet.row, 1, accepted.office.name)
        for index, indicator in enumerate(consolidation.indicators, start=2):
            body_cell(ws, sheet.row, index, accepted.value_of.get(indicator.pk, 0))
        sheet.skip()
    body_cell(ws, sheet.row, 1, pgettext("sum", "Total"), bold=True)
    for index, indicator in enumerate(consolidation.indicators, start=2):
        body_cell(ws, sheet.row, index, consolidation.totals.get(indicator.pk, 0), bold=True)
    fit_row_heights(ws, header + 1, sheet.row)
    ws.freeze_panes = ws.cell(header + 1, 2)
    print_setup(ws, (header, header))
    return name


# ----------------------------------------------------------------------------- responses


def _record_personal(book: Workbook, *, user, filename: str, filters: dict | None = None) -> None:
    """The awards sheet names the recipients (people, for individual awards): the export goes in the audit trail."""
    title = _("Awards")[:31]
    if title in book.sheetnames:
        used = ", ".join(f"{key}={value}" for key, value in (filters or {}).items() if value)
        record_export(by=user, what=filename, filters=used, count=book[title].max_row - 1)


def _response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _scope_slug(scope) -> str:
    return scope.name if scope is not None else "toan-quoc"


def _period_slug(period) -> str:
    return f"{period.kind}-{period.year}"


def registry_response(report, period, *, scope, user) -> HttpResponse:
    book = registry_workbook(report, period, office=office_of(scope, user), user=user, scope=scope)
    filename = export_filename(_scope_slug(scope), "so-lieu", _period_slug(period))
    _record_personal(book, user=user, filename=filename, filters=report.filters)
    return _response(book, filename)


def period_report_response(report, frozen, values, *, user) -> HttpResponse:
    book = period_report_workbook(report, frozen, values, user=user)
    filename = export_filename(report.office.area.name, "bao-cao", _period_slug(period=report.period))
    _record_personal(book, user=user, filename=filename)
    return _response(book, filename)


def consolidated_response(consolidation, period, *, scope, user) -> HttpResponse:
    book = consolidated_workbook(consolidation, period, office=office_of(scope, user), user=user, scope=scope)
    filename = export_filename(_scope_slug(scope), "tong-hop", _period_slug(period))
    _record_personal(book, user=user, filename=filename)
    return _response(book, filename)


def records_filename(scope, figure) -> str:
    return export_filename(_scope_slug(scope), slugify(figure.key))
