"""Excel list exports: streamed with constant memory, formula injection neutralised."""

import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value that Excel will show, never evaluate: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable
    width: int = 18
    kind: str = "text"  # text, number, date
    personal: bool = False  # a person's name or contact: an export holding it is recorded in the audit trail


def export_filename(scope: str, what: str, period: str = "") -> str:
    """<scope>-<what>-<period>-<date>.xlsx, ASCII-safe."""
    parts = [scope, what, period, timezone.localdate().strftime("%Y%m%d")]
    return "-".join(slugify(p) for p in parts if p) + ".xlsx"


def write_list(rows: Iterable, columns: list[Column], *, title: str, file, progress: Callable[[int], None] | None = None) -> int:
    """Write rows to an .xlsx file with constant memory; returns the number of rows written.

    `progress(count)` is called every PROGRESS_EVERY rows (background exports show it)."""
    book = xlsxwriter.Workbook(file, {"constant_memory": True, "remove_timezone": True})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDE7F0", "text_wrap": True, "valign": "vcenter"})
    number = book.add_format({"num_format": "#,##0"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet(str(title)[:31])
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, str(column.header), head)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            _write(
                sheet,
                count,
                index,
                column.value(row),
                number if column.kind == "number" else date if column.kind == "date" else None,
            )
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    book.close()
    return count


def _write(sheet, row: int, col: int, value, fmt) -> None:
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


def list_response(rows: Iterable, columns: list[Column], *, title: str, filename: str) -> FileResponse:
    """An .xlsx download of rows, built in a temporary file and streamed."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after streaming
    write_list(rows, columns, title=title, file=file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
