"""The blank import file offered for download: Vietnamese headers, an example row, drop-down lists and a
sheet explaining each column."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from danvan.xlsx import safe_cell
from models_registry.imports.parsing import column_letter

DATA_ROWS = 2000  # drop-down lists cover this many rows


def template_workbook(resource_class, title: str) -> bytes:
    """The .xlsx template of one resource."""
    columns = [column for column in resource_class.columns if not column.ignored]
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#DDE7F0", "text_wrap": True, "valign": "vcenter"})
    required = book.add_format({"bold": True, "border": 1, "bg_color": "#F6D3D3", "text_wrap": True, "valign": "vcenter"})
    example = book.add_format({"italic": True, "font_color": "#555555"})
    data = book.add_worksheet(_("Data"))
    lists = book.add_worksheet(_("Lists"))
    guide = book.add_worksheet(_("Instructions"))
    for index, column in enumerate(columns):
        data.set_column(index, index, column.width)
        data.write_string(0, index, str(column.header), required if column.key in resource_class.required_columns else head)
        if column.example not in ("", None):
            value = column.example if isinstance(column.example, (int, float)) else str(column.example)
            data.write(1, index, safe_cell(value), example)
        if column.choices:
            _add_list(book, data, lists, index, column)
    data.freeze_panes(1, 0)
    lists.hide()
    _write_guide(guide, book, columns, resource_class, title)
    book.close()
    return output.getvalue()


def _add_list(book, data, lists, index: int, column) -> None:
    """A drop-down from a column of the hidden Lists sheet (inline lists are capped at 255 characters)."""
    values = [str(value) for value in column.choices()]
    lists.write_string(0, index, str(column.header))
    for row, value in enumerate(values, start=1):
        lists.write_string(row, index, value)
    letter = column_letter(index)
    name = f"list_{column.key}"
    book.define_name(name, f"='{lists.get_name()}'!${letter}$2:${letter}${len(values) + 1}")
    data.data_validation(
        1,
        index,
        DATA_ROWS,
        index,
        {
            "validate": "list",
            "source": f"={name}",
            "error_type": "warning",
            "error_title": str(column.header),
            "error_message": _("Choose a value from the list."),
        },
    )


GUIDE_LINE = 95  # characters of help text on one line of the 90-wide column


def _write_guide(guide, book, columns, resource_class, title: str) -> None:
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 12)
    guide.set_column(2, 2, 90)
    guide.write_string(0, 0, _("Import file: %(what)s") % {"what": title}, bold)
    notes = [
        _("Fill one row per record in the “Data” sheet, under the header row; delete the example row first."),
        _("Columns can be in any order; columns you do not need can be deleted, but columns not listed here are refused."),
        _("Dates: 30/06/2025, an Excel date, or only the year. Numbers: 1.234.567 (units such as m2 or đồng are allowed)."),
        _("A row whose code (or ID) is already in the registry updates that record; nothing is ever added twice."),
        _("After uploading you see every row as new, update, unchanged or error; nothing is saved until you confirm."),
    ]
    for row, note in enumerate(notes, start=1):
        guide.write_string(row, 0, "• " + note)
    top = len(notes) + 2
    for index, text in enumerate((_("Column"), _("Required"), _("What to write"))):
        guide.write_string(top, index, text, bold)
    for row, column in enumerate(columns, start=top + 1):
        guide.write_string(row, 0, str(column.header), bold)
        guide.write_string(row, 1, _("Yes") if column.key in resource_class.required_columns else "", wrap)
        text = str(column.help)
        if column.choices:
            text = (text + " " if text else "") + _("Choices: %(values)s.") % {"values": "; ".join(map(str, column.choices()))}
        guide.write_string(row, 2, text, wrap)
        # Spreadsheet programs do not grow a row for wrapped text written by a library: give long help its lines.
        guide.set_row(row, 15 * max(1, -(-len(text) // GUIDE_LINE)))
