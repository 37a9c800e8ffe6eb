"""Spreadsheets built in memory for the import tests, and a helper to upload them."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.imports.models import ImportJob


def xlsx_bytes(rows, *, above=(), merge_above=True, sheet_title="Danh sách", extra_sheets=()) -> bytes:
    """An .xlsx whose first sheet has `above` (titles) then `rows` (header first)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for line in above:
        sheet.append(list(line))
    width = max((len(row) for row in rows), default=1)
    if merge_above:
        for number in range(1, len(above) + 1):
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=max(width, 2))
    for row in rows:
        sheet.append(list(row))
    for title, lines in extra_sheets:
        other = book.create_sheet(title)
        for line in lines:
            other.append(list(line))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def upload(client, kind: str, name: str, data: bytes):
    """POST a file to the import page; returns the response."""
    return client.post(reverse("imports:index"), {"kind": kind, "file": SimpleUploadedFile(name, data)})


def last_job() -> ImportJob:
    return ImportJob.objects.latest("pk")


def preview(job: ImportJob) -> list[tuple]:
    """(row number, status, [(column, message)...]) for every row of a job, in order."""
    return [(row.row_number, row.status, [(error["column"], error["message"]) for error in row.errors]) for row in job.rows.all()]


def confirm(client, job: ImportJob, *, skip_errors=False):
    data = {"skip_errors": "1"} if skip_errors else {}
    return client.post(reverse("imports:confirm", args=[job.pk]), data)


INITIATIVE_HEADER = ["Mã mô hình", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Giai đoạn", "Ngày đăng ký"]
UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"]


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters with their hats precomposed, tone marks as separate combining marks."""
    import unicodedata

    clusters = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out = []
    for base, *marks in clusters:
        hats = "".join(mark for mark in marks if mark not in TONE_MARKS)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base + hats) + tones)
    return "".join(out).encode("cp1258")


OFFICE_TITLE = (
    ("HUYỆN ỦY GIA LÂM", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("BAN DÂN VẬN", None, None, "Gia Lâm, ngày 30 tháng 11 năm 2026"),
    (),
    ("DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2024",),
    ("(Kèm theo Báo cáo số 45-BC/BDVHU)",),
)
SIGNATURE = (
    (),
    ("Nơi nhận:", None, None, "TM. BAN DÂN VẬN"),
    ("- Ban Dân vận Thành ủy;", None, None, "TRƯỞNG BAN"),
    ("- Lưu VP.",),
    (None, None, None, "(đã ký)"),
    (None, "Người lập biểu", None, "Nguyễn Văn An"),
    (None, "Trần Thị Bình"),
    ("Ghi chú: số liệu tính đến 30/11/2026.",),
)

TOTALS_AND_SIGNATURE = ((None, "Tổng cộng", None, None, None, "300 triệu", "3 ha"), *SIGNATURE)


def office_xlsx(
    header_rows,
    rows,
    *,
    title=OFFICE_TITLE,
    footer=SIGNATURE,
    merges=(),
    hidden_rows=(),
    hidden_columns=(),
    sheets_before=(),
    sheet_title="Danh sách",
) -> bytes:
    """A workbook laid out as a district office keeps it: the office and the title above, a one- to three-row
    header (`merges` are sheet ranges such as "F6:G6"), the records, then `footer` (totals, signatures, notes).
    `sheets_before` are (title, rows) sheets placed before the table's sheet; hidden rows and columns are
    sheet row numbers and letters."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for other_title, lines in sheets_before:
        other = book.create_sheet(other_title)
        for line in lines:
            other.append(list(line))
    sheet = book.create_sheet(sheet_title)
    for line in (*title, *header_rows, *rows, *footer):
        sheet.append(list(line))
    for cells in merges:
        sheet.merge_cells(cells)
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    for letter in hidden_columns:
        sheet.column_dimensions[letter].hidden = True
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
