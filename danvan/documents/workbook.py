"""The document layout written into an openpyxl worksheet: heading, title, closing (Nơi nhận and signature),
and the helpers report workbooks share (fonts, borders, wrapped text with row heights, A4 print set-up)."""

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from danvan.documents import Layout, Text
from danvan.xlsx import safe_cell

FONT = "Times New Roman"
# Numbers stay numbers (they sum); the Vietnamese locale tag makes LibreOffice show 1.234.567 whatever its
# own locale, and Excel shows its regional separators (1.234.567 under vi-VN).
NUMBER_FORMAT = "[$-42A]#,##0"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
JUSTIFY = Alignment(horizontal="justify", vertical="top", wrap_text=True)
LINE_HEIGHT = 15.75  # points a line of 12-point text takes


def font(**kwargs) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 12), **kwargs)


def text_font(text: Text, scale: float = 1.0) -> Font:
    return font(bold=text.bold, italic=text.italic, underline="single" if text.underline else None, size=text.size * scale)


def lines_needed(text: str, width: float, size: float = 12) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide, words wrapped whole as Excel and
    LibreOffice wrap them (Times is narrower than the width's unit, a character of the default font)."""
    per_line = max(width * 1.35 * 12 / size, 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines, filled = lines + 1, 0
        for word in paragraph.split():
            if filled and filled + 1 + len(word) > per_line:
                lines, filled = lines + 1, 0
            filled += (1 if filled else 0) + len(word)
            while filled > per_line:  # a word longer than the line breaks inside it
                lines, filled = lines + 1, filled - per_line
    return max(lines, 1)


@dataclass
class Sheet:
    """A worksheet written top to bottom, `width` columns wide."""

    ws: Worksheet
    width: int
    row: int = 1

    def span_width(self, first: int, last: int) -> float:
        return sum(self.ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(first, last + 1))

    def merged(self, text, first_col=1, last_col=None, *, style=None, align=CENTER, height=None, grow=True, raw=False):
        """Text in merged cells; the row grows to show every wrapped line (unless a height is given).
        Text is neutralised as a formula would be, except `raw` text the layout itself composed."""
        last_col = last_col or self.width
        value = (str(text) if raw else safe_cell(str(text))) if text not in (None, "") else None
        cell = self.ws.cell(self.row, first_col, value)
        cell.font = style or font()
        cell.alignment = align
        if last_col > first_col:
            self.ws.merge_cells(start_row=self.row, start_column=first_col, end_row=self.row, end_column=last_col)
        size = cell.font.sz or 12
        needed = height or (lines_needed(text or "", self.span_width(first_col, last_col), size) * LINE_HEIGHT * size / 12)
        current = self.ws.row_dimensions[self.row].height or 0
        if grow or height:
            self.ws.row_dimensions[self.row].height = max(current, needed)
        return cell

    def text(self, line: Text, first_col=1, last_col=None, *, align=CENTER):
        # "- recipient," lines start with the rules' dash; what follows it cannot start a formula.
        raw = line.text.startswith("- ")
        return self.merged(line.text, first_col, last_col, style=text_font(line), align=align, raw=raw)

    def skip(self, rows=1):
        self.row += rows


def columns_of_halves(width: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The heading's left and right column spans across a sheet `width` columns wide."""
    side = max(1, min(width // 2, 6))
    return (1, side), (width - side + 1 if width > 2 * side else side + 1, width)


def write_heading(sheet: Sheet, layout: Layout) -> None:
    """Issuer and number on the left; the system heading, place and date on the right."""
    (l1, l2), (r1, r2) = columns_of_halves(sheet.width)
    for left, right in zip(layout.left, layout.right, strict=True):
        sheet.text(left, l1, l2)
        sheet.text(right, r1, r2)
        sheet.skip()
    sheet.skip()


def write_title(sheet: Sheet, layout: Layout, *lines: str) -> None:
    """The document's kind and subject, a short rule under them (Party), then any further lines in italics."""
    sheet.text(layout.title)
    sheet.skip()
    for line in layout.subject:
        sheet.text(line)
        sheet.skip()
    if layout.rule_under_subject:
        sheet.merged("-----", style=font(bold=True), raw=True)
        sheet.skip()
    for line in lines:
        sheet.merged(line, style=font(italic=True))
        sheet.skip()
    sheet.skip()


def write_closing(sheet: Sheet, layout: Layout) -> None:
    """'Nơi nhận' on the left; the signer's authority, title, room to sign and seal, and name on the right."""
    (l1, l2), (r1, r2) = columns_of_halves(sheet.width)
    sheet.skip()
    start = sheet.row
    for offset, line in enumerate(layout.recipients):
        sheet.row = start + offset
        sheet.text(line, l1, l2, align=LEFT)
    right = [*layout.authority, *([Text("")] * layout.sign_room_lines), layout.signer]
    for offset, line in enumerate(right):
        sheet.row = start + offset
        sheet.text(line, r1, r2)
    sheet.row = start + max(len(layout.recipients), len(right))
    sheet.skip()


def head_cell(ws, r1, c1, r2, c2, text) -> None:
    """A table header cell (bordered, shaded, wrapped), merged over r1..r2 × c1..c2."""
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            cell = ws.cell(r, c)
            cell.border, cell.fill, cell.alignment, cell.font = BORDER, HEAD_FILL, CENTER, font(bold=True, size=11)
    ws.cell(r1, c1).value = str(text)
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def body_cell(ws, r, c, value, *, bold=False, align=None):
    """A table body cell: numbers right-aligned with the Vietnamese format, text wrapped."""
    cell = ws.cell(r, c, safe_cell(value) if isinstance(value, str) else value)
    cell.border = BORDER
    cell.font = font(bold=bold, size=11)
    if isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = NUMBER_FORMAT
        cell.alignment = Alignment(horizontal="right", vertical="center")
    else:
        cell.alignment = align or LEFT
    return cell


def fit_row_heights(ws, first_row: int, last_row: int, size: float = 11) -> None:
    """Rows tall enough for their wrapped text (openpyxl cannot measure; LibreOffice and Excel keep what we set)."""
    widths = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, ws.max_column + 1)}
    merged = {rng.min_row: rng for rng in ws.merged_cells.ranges}
    for row in range(first_row, last_row + 1):
        lines = 1
        for cell in ws[row]:
            if cell.value is None or isinstance(cell.value, int | float):
                continue
            width = widths.get(cell.column, 8.43)
            span = merged.get(row)
            if span is not None and span.min_col == cell.column and span.max_row == row:
                width = sum(widths.get(c, 8.43) for c in range(span.min_col, span.max_col + 1))
            lines = max(lines, lines_needed(str(cell.value), width - 1, size))
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, lines * LINE_HEIGHT * size / 12 + 2)


def print_setup(ws, title_rows: tuple[int, int] | None = None, *, landscape: bool = True) -> None:
    """A4, fit to the page's width, centred, page numbers in the footer; header rows repeated on every page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
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
