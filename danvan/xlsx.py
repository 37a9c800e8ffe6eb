"""Excel list exports: streamed with constant memory, formula injection neutralised."""

import datetime
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import xlsxwriter
from django.db.models import QuerySet
from django.db.models.expressions import BaseExpression
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

# A cell starting with one of these is a formula to Excel: exports write it after an apostrophe, imports take it off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 1000
CHUNK = 2000  # rows fetched at a time: memory stays flat whatever the export's size
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value that Excel will show, never evaluate: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    """One column of a list export.

    `value` is either a function of the row's model instance, or what the database reads for the row: a field path
    ("unit__area__name", an annotation's name) or an expression. A list whose columns all read from the database
    is exported from the queryset's values, without building its model instances (a third of the time)."""

    header: str
    value: Callable | str | BaseExpression
    width: int = 18
    kind: str = "text"  # text, number, date
    personal: bool = False  # a person's name or contact: an export holding it is recorded in the audit trail
    choices: list | None = None  # (stored value, label) pairs: the cell shows the label
    printed: bool = True  # False: in the file (to edit and re-import), left out of the printed page

    @property
    def from_database(self) -> bool:
        return not callable(self.value)


def export_filename(scope: str, what: str, period: str = "") -> str:
    """<scope>-<what>-<period>-<date>.xlsx, ASCII-safe."""
    parts = [scope, what, period, timezone.localdate().strftime("%Y%m%d")]
    return "-".join(slugify(p) for p in parts if p) + ".xlsx"


def write_list(
    rows: Iterable,
    columns: list[ExportColumn],
    *,
    title: str,
    file,
    progress: Callable[[int], None] | None = None,
    subtitle: str = "",
) -> int:
    """Write rows (a queryset, or any objects) to an .xlsx file with constant memory; returns the number of rows.

    `subtitle` says what the list holds (scope, filters, date); `progress(count)` is called every PROGRESS_EVERY
    rows (background exports show it)."""
    book = xlsxwriter.Workbook(file, {"constant_memory": True, "remove_timezone": True})
    formats = {
        "number": book.add_format({"num_format": "#,##0", "valign": "top"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
    }
    sheet = book.add_worksheet(str(title)[:31])
    columns = sorted(columns, key=lambda column: not column.printed)  # the printed ones first: the print area
    top = _write_title(book, sheet, columns, title, subtitle)
    # Each column's writer is chosen once: a 100,000-row export writes millions of cells, and the per-cell type
    # tests, conversions and look-ups were a fifth of its time.
    writers = [_writer(sheet, column, formats.get(column.kind)) for column in columns]
    wrapped = [
        (index, _per_line(column.width)) for index, column in enumerate(columns) if column.printed and column.kind == "text"
    ]
    indexes = range(1, len(columns) + 1)
    write_number, row_info, row_sizes = sheet._write_number, sheet.row_info, sheet.row_sizes
    count = 0
    for count, values in enumerate(_values(rows, columns), start=1):
        row = top + count
        height = _row_height(values, wrapped)  # nothing measures wrapped text for us
        if height > LINE_HEIGHT:
            sheet.set_row(row, height)
        write_number(row, 0, count)
        for index, value, write in zip(indexes, values, writers, strict=True):
            if value is not None:
                write(row, index, value)
        row_info.pop(row - 1, None)  # that row is written out: keep memory constant (xlsxwriter keeps
        row_sizes.pop(row - 1, None)  # a row's height, needed only for images, until the end)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    sheet.autofilter(top, 0, top + max(count, 1), len(columns))
    sheet.print_area(0, 0, top + max(count, 1), sum(1 for column in columns if column.printed))
    book.close()
    return count


def _values(rows: Iterable, columns: list[ExportColumn]) -> Iterator[tuple]:
    """Each row's cell values, in the columns' order."""
    reading = [column.from_database for column in columns]
    if all(reading):
        if not isinstance(rows, QuerySet):
            raise TypeError("Columns that read from the database export a queryset.")
        return rows.values_list(*[column.value for column in columns]).iterator(chunk_size=CHUNK)
    if any(reading):
        raise TypeError("A list's columns all read from the database, or none does.")
    functions = [column.value for column in columns]
    objects = rows.iterator(chunk_size=CHUNK) if isinstance(rows, QuerySet) else rows
    return ([value_of(row) for value_of in functions] for row in objects)


FORMULA_FIRST = frozenset(FORMULA_STARTS)  # every start is one character: a set look-up on the first one


def _writer(sheet, column: ExportColumn, fmt) -> Callable:
    """A function writing one cell of this column: the usual type of its kind written straight away, labels of
    stored choices looked up in a table made once, text starting like a formula neutralised; anything else
    through _write."""
    if column.kind == "number":
        write = _number_writer(sheet, fmt)
    elif column.kind == "date":
        write = _date_writer(sheet, fmt)
    else:
        write = _text_writer(sheet, fmt)
    if column.choices is None:
        return write
    labels = {value: str(label) for value, label in column.choices}
    return lambda row, col, value: write(row, col, labels.get(value, value))


# The cell writers call xlsxwriter's undecorated _write_string, _write_number and _write_datetime, which its public
# write_* methods call after turning "A1" notation into a row and a column: a 100,000-row export writes over two
# million cells, always by row and column, and the decorator was a tenth of the writer's time.
def _text_writer(sheet, fmt) -> Callable:
    write_string = sheet._write_string

    def write(row: int, col: int, value) -> None:
        if value.__class__ is str:
            if value:
                write_string(row, col, "'" + value if value[0] in FORMULA_FIRST else value)
        else:
            _write(sheet, row, col, value, fmt)

    return write


def _number_writer(sheet, fmt) -> Callable:
    write_number = sheet._write_number

    def write(row: int, col: int, value) -> None:
        if value.__class__ is int or value.__class__ is float:
            write_number(row, col, value, fmt)
        else:
            _write(sheet, row, col, value, fmt)

    return write


def _date_writer(sheet, fmt) -> Callable:
    write_datetime = sheet._write_datetime

    def write(row: int, col: int, value) -> None:
        if value.__class__ is datetime.date:
            write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), fmt)
        else:
            _write(sheet, row, col, value, fmt)

    return write


LINE_HEIGHT = 15  # points a line of the default 11-point font takes


def _per_line(width: float) -> float:
    """Characters a wrapped line holds in a column `width` units wide."""
    return max(width * 1.1, 1)


def _row_height(values: list, wrapped: list[tuple[int, float]]) -> float:
    """A row tall enough for its longest wrapped text (LibreOffice and Excel keep the row's given height)."""
    lines = max((math.ceil(len(values[i]) / per_line) for i, per_line in wrapped if isinstance(values[i], str)), default=1)
    return LINE_HEIGHT * max(lines, 1)


def _write_title(book, sheet, columns: list[ExportColumn], title: str, subtitle: str) -> int:
    """Title, subtitle and the header row (with STT first); the print set-up; returns the header's row."""
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top_aligned = book.add_format({"valign": "top"})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDE7F0", "text_wrap": True, "valign": "vcenter"})
    sheet.set_column(0, 0, 5, top_aligned)
    for index, column in enumerate(columns, start=1):
        sheet.set_column(index, index, column.width, wrap if column.kind == "text" and column.printed else top_aligned)
    last = sum(1 for column in columns if column.printed)
    sheet.merge_range(0, 0, 0, last, str(title).upper(), book.add_format({"bold": True, "font_size": 14, "align": "center"}))
    sheet.merge_range(1, 0, 1, last, str(subtitle), book.add_format({"italic": True, "align": "center", "text_wrap": True}))
    top = 3
    sheet.set_row(top, LINE_HEIGHT * max(math.ceil(len(str(c.header)) / _per_line(c.width)) for c in columns))
    sheet.write_string(top, 0, str(_("No.")), head)
    for index, column in enumerate(columns, start=1):
        sheet.write_string(top, index, str(column.header), head)
    sheet.freeze_panes(top + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(top)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&C&P/&N")
    return top


def _write(sheet, row: int, col: int, value, fmt) -> None:
    """Any value in any column: the writers' way for what their column does not usually hold."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value, fmt)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), fmt)
    else:
        sheet.write_string(row, col, str(safe_cell(str(value))))


def list_response(rows: Iterable, columns: list[ExportColumn], *, title: str, filename: str, subtitle: str = "") -> FileResponse:
    """An .xlsx download of rows, built in a temporary file and streamed."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after streaming
    write_list(rows, columns, title=title, file=file, subtitle=subtitle)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
