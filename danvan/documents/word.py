"""The document layout written with python-docx: A4 with the rules' margins, Times New Roman, the heading and
the closing as borderless two-column tables, justified body paragraphs, bordered figure tables."""

import io

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from danvan.documents import Layout, Text, format_number

FONT = "Times New Roman"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
HEADING_WIDTHS = (Cm(6.2), Cm(10.3))  # the heading's and the closing's columns on the 16.5 cm wide text


def new_document() -> Document:
    """An empty A4 document: margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    return document


def landscape_section(document: Document):
    """Continue on A4 landscape pages (for wide figure tables)."""
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin = section.right_margin = Mm(15)
    return section


def run(paragraph, text: str, *, bold=False, italic=False, underline=False, size: float = 14):
    piece = paragraph.add_run(text)
    piece.bold, piece.italic, piece.underline = bold, italic, underline
    piece.font.size = Pt(size)
    piece.font.name = FONT
    return piece


def line(container, text: Text, align=CENTER, *, space_after: float = 0):
    """One layout line as a paragraph (in the document or in a table cell)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text.text:
        run(paragraph, text.text, bold=text.bold, italic=text.italic, underline=text.underline, size=text.size)
    return paragraph


def paragraph(document, text: str, *, bold=False, italic=False, size: float = 14, align=JUSTIFY, indent: bool = True):
    """A body paragraph: justified, first line indented 1 cm, 6 pt after, as the rules set the body."""
    para = document.add_paragraph()
    para.alignment = align
    para.paragraph_format.first_line_indent = Cm(1) if indent else None
    para.paragraph_format.space_after = Pt(6)
    run(para, text, bold=bold, italic=italic, size=size)
    return para


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def two_columns(document, widths=HEADING_WIDTHS):
    """A borderless table of one row and two cells (heading, closing)."""
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width  # the grid's width, which LibreOffice reads, and the cell's, which Word reads
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


def write_heading(document, layout: Layout) -> None:
    left, right = two_columns(document)
    for text in layout.left:
        line(left, text)
    for text in layout.right:
        line(right, text)
    document.add_paragraph()


def write_title(document, layout: Layout, *lines: str) -> None:
    line(document, layout.title, space_after=0)
    for text in layout.subject:
        line(document, text)
    if layout.rule_under_subject:
        line(document, Text("-----", bold=True))
    for text in lines:
        line(document, Text(text, italic=True))
    document.add_paragraph()


def write_closing(document, layout: Layout) -> None:
    """'Nơi nhận' on the left, the signature on the right, kept on one page with the text's last paragraph."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    left, right = two_columns(document)
    for text in layout.recipients:
        line(left, text, LEFT)
    if not layout.recipients:
        left.add_paragraph()
    for text in layout.authority:
        line(right, text)
    for _index in range(layout.sign_room_lines):
        line(right, Text(""))
    line(right, layout.signer)
    left.paragraphs[0].paragraph_format.keep_with_next = True


def table(
    document,
    headers: list[str],
    rows: list[list],
    *,
    groups: list[tuple[str, int]] | None = None,
    widths: list | None = None,
    size: float = 11,
    bold_last: bool = False,
):
    """A bordered table whose header rows repeat on every page; numbers right-aligned as 1.234.567.

    With `groups` ((label, span) over the columns after the first), the header has two rows: the groups over
    their columns' labels; a group of one column labelled like it, and the first column, span both rows."""
    head_rows = 2 if groups else 1
    grid = document.add_table(rows=head_rows, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    if size < 9:
        _narrow_cell_margins(grid)
    for row in grid.rows:
        _repeat_header(row)
    _write_head(grid, headers, groups, size)
    for index, values in enumerate(rows):
        cells = grid.add_row().cells
        bold = bold_last and index == len(rows) - 1
        for cell, value in zip(cells, values, strict=True):
            para = cell.paragraphs[0]
            is_number = isinstance(value, int) and not isinstance(value, bool)
            para.alignment = RIGHT if is_number else LEFT
            run(para, format_number(value) if is_number else str(value if value is not None else ""), bold=bold, size=size)
    if widths:
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    return grid


def _write_head(grid, headers, groups, size) -> None:
    def put(cell, text):
        para = cell.paragraphs[0]
        para.alignment = CENTER
        run(para, str(text), bold=True, size=size)

    if not groups:
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            put(cell, text)
        return
    top, bottom = grid.rows[0].cells, grid.rows[1].cells
    put(top[0].merge(bottom[0]), headers[0])
    column = 1
    for label, span in groups:
        if span == 1 and headers[column] == label:
            put(top[column].merge(bottom[column]), label)
        else:
            put(top[column].merge(top[column + span - 1]) if span > 1 else top[column], label)
            for offset in range(span):
                put(bottom[column + offset], headers[column + offset])
        column += span


def _narrow_cell_margins(grid) -> None:
    """Cells 0.05 cm from their borders (Word's 0.19 cm leave a narrow figure column no room)."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "28")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.append(margins)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def response(document, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    document.save(buffer)
    result = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
