"""Excel files laid out as official reports (openpyxl): heading block, title, merged two-row headers,
borders, totals, number format, frozen header, A4 landscape with repeated header rows, signature.
A second sheet lists the records behind the figures.
"""

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from danvan.accounts.models import Office
from danvan.audit.domain import record_export
from danvan.xlsx import XLSX_TYPE, Column, export_filename, safe_cell
from reports import registry
from reports.enums import HALF_KINDS, ReportStatus

PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"  # fixed by the Party's rules on document layout, whatever the UI language
STATE_HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# Numbers stay numbers (they sum); the Vietnamese locale tag makes LibreOffice show 1.234.567 whatever its
# own locale, and Excel shows its regional separators (1.234.567 under vi-VN).
NUMBER_FORMAT = "[$-42A]#,##0"
FONT = "Times New Roman"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def font(**kwargs) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 12), **kwargs)


def vietnamese_date(place: str, day) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026': days under 10 and months 1–2 take a leading zero (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("day %(day)s month %(month)s year %(year)s") % {"day": f"{day.day:02d}", "month": month, "year": day.year}
    return f"{place}, {text}" if place else text


def report_title(period) -> str:
    """Sơ kết for a half-year, tổng kết for a year or a phase."""
    return _("INTERIM REPORT") if period.kind in HALF_KINDS else _("SUMMARY REPORT")


@dataclass
class Sheet:
    """A worksheet being written top to bottom."""

    ws: Worksheet
    width: int  # number of columns the layout spans
    row: int = 1

    def merged(self, text, first_col=1, last_col=None, *, style=None, align=CENTER, height=None):
        last_col = last_col or self.width
        cell = self.ws.cell(self.row, first_col, safe_cell(str(text)) if text is not None else None)
        cell.font = style or font()
        cell.alignment = align
        if last_col > first_col:
            self.ws.merge_cells(start_row=self.row, start_column=first_col, end_row=self.row, end_column=last_col)
        if height:
            self.ws.row_dimensions[self.row].height = height
        return cell

    def skip(self, rows=1):
        self.row += rows


def heading_block(sheet: Sheet, office: Office | None, today) -> None:
    """Superior body and office on the left; the national or Party heading, place and date on the right."""
    side = max(3, min(6, sheet.width // 2))
    right = sheet.width - side + 1
    superior = office.superior_name if office else ""
    name = office.name if office else ""
    sheet.merged(superior.upper(), 1, side)
    if office is None or office.is_party_body:
        sheet.merged(PARTY_HEADING, right, sheet.width, style=font(bold=True, underline="single"))
    else:
        sheet.merged(STATE_HEADING[0], right, sheet.width, style=font(bold=True))
    sheet.skip()
    sheet.merged(name.upper(), 1, side, style=font(bold=True))
    if office is not None and not office.is_party_body:
        sheet.merged(STATE_HEADING[1], right, sheet.width, style=font(bold=True, underline="single"))
    sheet.skip()
    sheet.merged("*", 1, side)
    place = office.place_name if office else ""
    sheet.merged(vietnamese_date(place, today), right, sheet.width, style=font(italic=True))
    sheet.skip(2)


def title_block(sheet: Sheet, title: str, subtitle: str, window_line: str) -> None:
    sheet.merged(title, style=font(bold=True, size=14), height=22)
    sheet.skip()
    sheet.merged(subtitle, style=font(bold=True))
    sheet.skip()
    sheet.merged(window_line, style=font(italic=True))
    sheet.skip(2)


def _window_line(report: registry.Report, scope_name: str) -> str:
    start, end = (f"{d[8:10]}/{d[5:7]}/{d[:4]}" for d in (report.start, report.end))
    return _("(From %(start)s to %(end)s — area: %(area)s)") % {"start": start, "end": end, "area": scope_name}


def figures_table(sheet: Sheet, table: registry.Table, report: registry.Report) -> tuple[int, int]:
    """One figures table with its two-row merged header and totals row; returns its header rows."""
    ws = sheet.ws
    sheet.merged(table.title, 1, sheet.width, style=font(bold=True), align=LEFT)
    sheet.skip()
    head1, head2 = sheet.row, sheet.row + 1
    _head(ws, head1, 1, head2, 1, table.first_header)
    col = 2
    for group, span in report.groups:
        columns = report.columns[col - 2 : col - 2 + span]
        if span == 1 and str(columns[0]["label"]) == str(group):
            _head(ws, head1, col, head2, col, group)
        else:
            _head(ws, head1, col, head1, col + span - 1, group)
            for offset, column in enumerate(columns):
                _head(ws, head2, col + offset, head2, col + offset, column["label"])
        col += span
    ws.row_dimensions[head1].height = 30
    ws.row_dimensions[head2].height = 48
    sheet.row = head2 + 1
    for row in [*table.rows, table.total]:
        is_total = row is table.total
        label = f"{row.label} ({row.note})" if row.note else row.label
        _body(ws, sheet.row, 1, label, bold=is_total, align=LEFT)
        for index, column in enumerate(report.columns, start=2):
            _body(ws, sheet.row, index, row.values.get(column["key"], 0), bold=is_total)
        sheet.row += 1
    sheet.skip()
    return head1, head2


def _head(ws, r1, c1, r2, c2, text) -> None:
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            cell = ws.cell(r, c)
            cell.border, cell.fill, cell.alignment, cell.font = BORDER, HEAD_FILL, CENTER, font(bold=True, size=11)
    ws.cell(r1, c1).value = str(text)
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _body(ws, r, c, value, *, bold=False, align=None):
    cell = ws.cell(r, c, safe_cell(value) if isinstance(value, str) else value)
    cell.border = BORDER
    cell.font = font(bold=bold, size=11)
    if isinstance(value, int):
        cell.number_format = NUMBER_FORMAT
        cell.alignment = Alignment(horizontal="right", vertical="center")
    else:
        cell.alignment = align or LEFT
    return cell


def signature_block(sheet: Sheet, user) -> None:
    """Prepared by (left) and the head of the office (right), with room to sign."""
    sheet.skip()
    side = max(3, min(6, sheet.width // 2))
    right = sheet.width - side + 1
    sheet.merged(_("PREPARED BY"), 1, side, style=font(bold=True))
    sheet.merged(_("HEAD OF THE OFFICE"), right, sheet.width, style=font(bold=True))
    sheet.skip()
    sheet.merged(_("(Signature, full name)"), 1, side, style=font(italic=True))
    sheet.merged(_("(Signature, full name, seal)"), right, sheet.width, style=font(italic=True))
    sheet.skip(4)
    sheet.merged(str(user) if user else "", 1, side, style=font(bold=True))


def fit_columns(ws, first_width: int | None = None, widths: dict | None = None) -> None:
    """Column widths that fit the values; header cells wrap, so only their longest word counts."""
    lengths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.coordinate in ws.merged_cells:
                continue
            if cell.fill.fill_type == "solid":  # a header: it wraps
                length = max(len(word) for word in str(cell.value).split() or [""])
            else:
                length = len(f"{cell.value:,}" if isinstance(cell.value, int) else str(cell.value))
            lengths[cell.column] = max(lengths.get(cell.column, 0), length)
    for column, length in lengths.items():
        width = (widths or {}).get(column) or min(max(length + 2, 8), 60)
        ws.column_dimensions[get_column_letter(column)].width = width
    if first_width:
        ws.column_dimensions["A"].width = first_width


def print_setup(ws, title_rows: tuple[int, int] | None) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P/&N"
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"


def _label_width(report: registry.Report) -> int:
    labels = [f"{r.label} ({r.note})" if r.note else r.label for t in report.tables for r in t.rows]
    return min(max([len(label) for label in labels] + [18]) + 2, 45)


def write_figures(sheet: Sheet, report: registry.Report) -> tuple[int, int] | None:
    """All figures tables of a report; returns the header rows of the first (repeated when printed)."""
    first = None
    for table in report.tables:
        rows = figures_table(sheet, table, report)
        first = first or rows
    return first


def _freeze(ws, header_rows) -> None:
    if header_rows:
        ws.freeze_panes = ws.cell(header_rows[1] + 1, 2)


def office_of(scope, user) -> Office | None:
    """The office whose report this is: the one of the scope area, else the user's."""
    if scope is not None:
        office = Office.objects.filter(area=scope, is_active=True).first()
        if office:
            return office
    return user.office if user.office_id else None


def registry_workbook(report: registry.Report, period, *, office, user, scope) -> Workbook:
    """The registry figures of a scope for a period, with the records sheet."""
    book = Workbook()
    ws = book.active
    ws.title = _("Report")[:31]
    sheet = Sheet(ws, width=1 + len(report.columns))
    heading_block(sheet, office, timezone.localdate())
    title_block(
        sheet,
        _("REPORT"),
        _("Results of the “Skilful mass mobilisation” movement — %(period)s") % {"period": period},
        _window_line(report, report.scope_name),
    )
    header_rows = write_figures(sheet, report)
    comparison_table(sheet, report)
    signature_block(sheet, user)
    fit_columns(ws, first_width=_label_width(report))
    _freeze(ws, header_rows)
    print_setup(ws, header_rows)
    records_sheets(book, registry.record_sheet(scope, period))
    return book


def comparison_table(sheet: Sheet, report: registry.Report) -> None:
    """This period beside the same period a year earlier, with the difference."""
    ws = sheet.ws
    sheet.merged(_("Compared with the same period of the year before"), 1, sheet.width, style=font(bold=True), align=LEFT)
    sheet.skip()
    heads = [_("Figure"), _("This period"), _("Same period last year"), _("Difference")]
    for index, text in enumerate(heads, start=1):
        _head(ws, sheet.row, index, sheet.row, index, text)
    ws.row_dimensions[sheet.row].height = 30
    sheet.skip()
    label_width = _label_width(report)
    for line in report.comparison:
        _body(ws, sheet.row, 1, line["label"])
        lines = -(-len(line["label"]) // int(label_width * 1.15))  # Times 11pt fits a little more than the width
        ws.row_dimensions[sheet.row].height = 15 * max(lines, 1)
        for index, key in enumerate(("current", "previous", "difference"), start=2):
            _body(ws, sheet.row, index, line[key])
        sheet.skip()
    sheet.skip()


RECORD_COLUMNS = [
    Column(gettext_lazy("Code"), lambda i: i.code or "", 14),
    Column(gettext_lazy("Name"), lambda i: i.name, 50),
    Column(gettext_lazy("Model or exemplar"), lambda i: i.get_kind_display(), 14),
    Column(gettext_lazy("Unit"), lambda i: i.unit.name, 32),
    Column(gettext_lazy("Unit kind"), lambda i: i.unit.get_kind_display(), 20),
    Column(gettext_lazy("Area"), lambda i: i.unit.area.name, 22),
    Column(gettext_lazy("Field"), lambda i: i.field.name if i.field else "", 22),
    Column(gettext_lazy("Registration date"), lambda i: i.registered_on.strftime("%d/%m/%Y") if i.registered_on else "", 14),
    Column(gettext_lazy("Status today"), lambda i: i.get_status_display(), 16),
]
FLAG_LABELS = {
    "new": gettext_lazy("New in the period"),
    "active": gettext_lazy("Active at the end"),
    "effective": gettext_lazy("Effective"),
    "recognised_period": gettext_lazy("Recognised in the period"),
    "outstanding": gettext_lazy("Outstanding"),
    "replicated": gettext_lazy("Replicated in the period"),
    "discontinued": gettext_lazy("Discontinued in the period"),
}
RESULT_FIELDS = ("people_reached", "money_mobilised", "land_donated_m2", "works_completed")


def records_sheets(book: Workbook, data: registry.RecordSheet) -> None:
    """The models behind the figures (with a mark for each figure they count in), and the awards of the period."""
    from models_registry.initiatives.models import Initiative

    ws = book.create_sheet(_("Models")[:31])
    heads = [_("No."), *[str(c.header) for c in RECORD_COLUMNS], *[str(v) for v in FLAG_LABELS.values()], _("Recognition level")]
    heads += [str(Initiative._meta.get_field(f).verbose_name) for f in RESULT_FIELDS]
    for index, text in enumerate(heads, start=1):
        _head(ws, 1, index, 1, index, text[:1].upper() + text[1:])
    ws.row_dimensions[1].height = 48
    for number, initiative in enumerate(data.initiatives, start=1):
        values = [number, *[c.value(initiative) for c in RECORD_COLUMNS]]
        values += ["x" if initiative.pk in data.flags[key] else "" for key in FLAG_LABELS]
        values.append(data.levels.get(initiative.pk, ""))
        values += [getattr(initiative, f) or 0 for f in RESULT_FIELDS]
        for index, value in enumerate(values, start=1):
            cell = _body(ws, number + 1, index, value)
            if isinstance(value, str) and value == "x":
                cell.alignment = CENTER
    fit_columns(ws, widths={2: 14, 3: 50, 5: 32})
    ws.freeze_panes = "D2"
    print_setup(ws, (1, 1))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(len(data.initiatives) + 1, 2)}"
    awards_sheet(book, data.awards)


AWARD_COLUMNS = [
    Column(gettext_lazy("Decision date"), lambda a: a.decided_on, 14, "date"),
    Column(gettext_lazy("Decision number"), lambda a: a.decision_no, 16),
    Column(gettext_lazy("Award form"), lambda a: a.award_form.name, 20),
    Column(gettext_lazy("Issuing level"), lambda a: a.award_form.issuing_level, 28),
    Column(gettext_lazy("Recipient"), lambda a: a.award_form.get_recipient_kind_display(), 14),
    Column(gettext_lazy("Recipient name"), lambda a: a.recipient_name, 40, personal=True),  # a person's, for individual awards
    Column(gettext_lazy("Area"), lambda a: a.area.name, 22),
]
# The drill-down list's export: the record sheet's columns, with dates and numbers typed.
INITIATIVE_COLUMNS = [
    *[c for c in RECORD_COLUMNS if c.header is not RECORD_COLUMNS[7].header],
    Column(gettext_lazy("Registration date"), lambda i: i.registered_on, 14, "date"),
    Column(gettext_lazy("People reached"), lambda i: i.people_reached, 14, "number"),
    Column(gettext_lazy("Money mobilised (đồng)"), lambda i: i.money_mobilised, 18, "number"),
    Column(gettext_lazy("Land donated (m²)"), lambda i: i.land_donated_m2, 14, "number"),
    Column(gettext_lazy("Works completed"), lambda i: i.works_completed, 14, "number"),
]


def awards_sheet(book: Workbook, awards: list) -> None:
    ws = book.create_sheet(_("Awards")[:31])
    heads = [_("No."), *[str(c.header) for c in AWARD_COLUMNS]]
    for index, text in enumerate(heads, start=1):
        _head(ws, 1, index, 1, index, text)
    for number, award in enumerate(awards, start=1):
        values = [number, *[c.value(award) for c in AWARD_COLUMNS]]
        values[1] = values[1].strftime("%d/%m/%Y")
        for index, value in enumerate(values, start=1):
            _body(ws, number + 1, index, value)
    fit_columns(ws, widths={7: 40})
    ws.freeze_panes = "A2"
    print_setup(ws, (1, 1))


def period_report_workbook(report, frozen: registry.Report | None, values: list, *, user) -> Workbook:
    """An office's period report: frozen registry figures, typed activity figures, narrative, records."""
    period = report.period
    frozen = frozen or registry.build(report.office.area, period)
    book = Workbook()
    ws = book.active
    ws.title = _("Report")[:31]
    sheet = Sheet(ws, width=1 + len(frozen.columns))
    heading_block(sheet, report.office, timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate())
    title_block(
        sheet,
        report_title(period),
        _("Results of the “Skilful mass mobilisation” movement — %(period)s") % {"period": period},
        _window_line(frozen, report.office.area.name),
    )
    sheet.merged(_("I. REGISTRY FIGURES"), style=font(bold=True), align=LEFT)
    sheet.skip()
    header_rows = write_figures(sheet, frozen)
    activity_table(sheet, values)
    narrative(sheet, report)
    signature_block(sheet, user)
    fit_columns(ws, first_width=_label_width(frozen))
    _freeze(ws, header_rows)
    print_setup(ws, header_rows)
    records_sheets(book, registry.record_sheet(report.office.area, period))
    return book


def activity_table(sheet: Sheet, values: list) -> None:
    """The typed activity figures: indicator (in the wide label column), unit of measure, value."""
    ws = sheet.ws
    sheet.merged(_("II. ACTIVITY FIGURES"), style=font(bold=True), align=LEFT)
    sheet.skip()
    for index, text in enumerate([_("Indicator"), _("Unit of measure"), _("Value")], start=1):
        _head(ws, sheet.row, index, sheet.row, index, text)
    sheet.skip()
    for value in values:
        for index, cell in enumerate([value.indicator.name, value.indicator.unit_of_measure, value.value], start=1):
            _body(ws, sheet.row, index, cell)
        sheet.skip()
    sheet.skip()


def narrative(sheet: Sheet, report) -> None:
    parts = [
        (_("III. RESULTS"), report.results),
        (_("IV. SHORTCOMINGS AND CAUSES"), report.shortcomings),
        (_("V. DIRECTIONS FOR THE NEXT PERIOD"), report.directions),
    ]
    for title, text in parts:
        sheet.merged(title, style=font(bold=True), align=LEFT)
        sheet.skip()
        lines = max(2, len(text) // 150 + text.count("\n") + 1)
        sheet.merged(text, style=font(), align=Alignment(horizontal="justify", vertical="top", wrap_text=True), height=16 * lines)
        sheet.skip(2)


def consolidated_workbook(consolidation, period, *, office, user, scope) -> Workbook:
    """The province report: own registry figures, the accepted offices' activity figures, and who is missing."""
    report = consolidation.registry
    book = Workbook()
    ws = book.active
    ws.title = _("Report")[:31]
    sheet = Sheet(ws, width=max(1 + len(report.columns), 2 + len(consolidation.indicators)))
    heading_block(sheet, office, timezone.localdate())
    title_block(
        sheet,
        report_title(period),
        _("Results of the “Skilful mass mobilisation” movement — %(period)s") % {"period": period},
        _window_line(report, report.scope_name),
    )
    sheet.merged(_("I. REGISTRY FIGURES"), style=font(bold=True), align=LEFT)
    sheet.skip()
    header_rows = write_figures(sheet, report)
    sheet.merged(_("II. ACTIVITY FIGURES OF THE OFFICES (accepted reports)"), style=font(bold=True), align=LEFT)
    sheet.skip()
    heads = [_("Office"), *[f"{i.name} ({i.unit_of_measure})" for i in consolidation.indicators]]
    for index, text in enumerate(heads, start=1):
        _head(ws, sheet.row, index, sheet.row, index, text)
    ws.row_dimensions[sheet.row].height = 15 * max(3, max(len(h) for h in heads[1:]) // 8 + 1) if heads[1:] else 30
    sheet.skip()
    for accepted in consolidation.accepted:
        _body(ws, sheet.row, 1, accepted.office.name)
        for index, indicator in enumerate(consolidation.indicators, start=2):
            _body(ws, sheet.row, index, accepted.value_of.get(indicator.pk, 0))
        sheet.skip()
    _body(ws, sheet.row, 1, pgettext("sum", "Total"), bold=True)
    for index, indicator in enumerate(consolidation.indicators, start=2):
        _body(ws, sheet.row, index, consolidation.totals.get(indicator.pk, 0), bold=True)
    sheet.skip(2)
    sheet.merged(_("Offices without an accepted report"), style=font(bold=True), align=LEFT)
    sheet.skip()
    for missing_office, status in consolidation.missing or [(None, None)]:
        text = (
            f"– {missing_office.name}: {ReportStatus(status).label}" if missing_office else _("None: every office has reported.")
        )
        sheet.merged(text, align=LEFT)
        sheet.skip()
    signature_block(sheet, user)
    fit_columns(ws, first_width=max(_label_width(report), 30))
    _freeze(ws, header_rows)
    print_setup(ws, header_rows)
    records_sheets(book, registry.record_sheet(scope, period))
    return book


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
