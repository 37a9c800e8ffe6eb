"""The import's fast path (issue 14, item 8): the confirm in the process that checked the file takes the records the
check built, and still refuses a row the registry no longer lets in; new rows are written with COPY, their history
first-rows still set approved_at through the triggers; the .xlsx reader gives what openpyxl gives."""

import datetime
import io

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from danvan.accounts.enums import Role
from danvan.audit.models import AuditEntry
from models_registry.imports import domain as imports
from models_registry.imports import parsing
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from tests.factories import InitiativeFactory
from tests.factories_imports import xlsx_bytes

HEADER = ["Mã mô hình", "Tên mô hình", "Đơn vị", "Trạng thái", "Ngày đăng ký", "Nội dung"]


def _check(user, *rows):
    return imports.start_import(by=user, kind="initiatives", name="mo-hinh.xlsx", data=xlsx_bytes([HEADER, *rows]))


def test_confirm_takes_the_checked_records_and_writes_them_with_history_and_dates(province_staff, unit_a):
    job = _check(province_staff, ["VD-1", "Hiến đất làm đường", "GL-DANGXA", "Đang triển khai", "15/03/2023", ""])
    assert imports.CHECKED_ROWS  # the check kept its records for this confirm

    job = imports.confirm_import(job, by=province_staff)

    model = Initiative.objects.get(code="VD-1")
    change = model.status_changes.get()
    assert (job.status, model.status, model.registered_on) == ("done", Status.IN_PROGRESS, datetime.date(2023, 3, 15))
    assert (change.from_status, change.to_status) == ("", Status.IN_PROGRESS)
    assert model.approved_at == change.at  # the trigger on the history rows still keeps the date
    assert AuditEntry.objects.filter(object_id=model.pk, action="create").count() == 1
    assert list(job.rows.values_list("row_number", "status")) == [(2, "new")]


def test_confirm_refuses_a_code_taken_after_the_check(officer_a, unit_a, unit_b):
    job = _check(officer_a, ["VD-1", "Hiến đất làm đường", "GL-DANGXA", "", "15/03/2024", ""])
    InitiativeFactory(code="VD-1", unit=unit_b, name="Một mô hình khác")  # another district's

    job = imports.confirm_import(job, by=officer_a)

    assert job.status == "ready"
    assert job.message.startswith("Một số dòng không còn hợp lệ")
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Một mô hình khác"]
    assert [error["message"] for error in job.rows.get().errors] == ["Mã VD-1 đã thuộc về một mô hình khác."]


def test_confirm_refuses_a_unit_moved_out_of_the_area_after_the_check(officer_a, unit_a, commune_b):
    job = _check(officer_a, ["", "Hiến đất làm đường", "GL-DANGXA", "", "15/03/2024", ""])
    unit_a.area = commune_b  # another district: outside officer_a's area
    unit_a.save()

    job = imports.confirm_import(job, by=officer_a)

    assert (job.status, Initiative.objects.count()) == ("ready", 0)
    assert [(error["column"], error["message"]) for error in job.rows.get().errors] == [
        ("Đơn vị", "Không tìm thấy đơn vị “GL-DANGXA” trong địa bàn của bạn (theo mã hoặc tên).")
    ]


def test_confirm_refuses_a_registered_status_the_user_may_no_longer_record(province_staff, unit_a):
    job = _check(province_staff, ["VD-1", "Hiến đất làm đường", "GL-DANGXA", "Đang triển khai", "15/03/2023", ""])
    province_staff.role = Role.OFFICER  # moved to a district office's work: the form would refuse it now
    province_staff.save()

    job = imports.confirm_import(job, by=province_staff)

    assert (job.status, Initiative.objects.count()) == ("ready", 0)
    assert [error["column"] for error in job.rows.get().errors] == ["Trạng thái"]


def test_copy_keeps_text_exactly(officer_a, unit_a):
    content = "Dòng 1\twith a tab\nDòng 2 \\ gạch chéo ngược\r\nDòng 3 ‘nháy’ “kép” NULL \\N"
    job = _check(officer_a, ["VD-2", "Mô hình \\N", "GL-DANGXA", "", "15/03/2024", content])

    imports.confirm_import(job, by=officer_a)

    model = Initiative.objects.get(code="VD-2")
    assert (model.name, model.content_method) == ("Mô hình \\N", parsing.clean_text(content))


def _values(data: bytes) -> list[tuple[list, list]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [(list(sheet.iter_rows(values_only=True)), list(parsing.sheet_values(book, sheet))) for sheet in book.worksheets]


def test_reader_gives_what_openpyxl_gives_for_shared_strings_numbers_dates_and_gaps():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên", "Số", "Ngày", "Có", "Giờ"])
    sheet.append(["Mô hình", 1234567, datetime.date(2023, 3, 15), True, datetime.datetime(2024, 1, 2, 3, 4, 5)])
    sheet.append([None, 1.5, None, False, "=1+1"])
    sheet["G7"] = "xa bên phải"
    sheet["B9"] = CellRichText(["đậm ", TextBlock(InlineFont(b=True), "vừa"), " thường"])
    sheet["C9"] = datetime.date(1999, 12, 31)
    sheet["C9"].number_format = "dd/mm/yyyy"
    output = io.BytesIO()
    book.save(output)

    [(expected, read)] = _values(output.getvalue())

    assert read == expected
    assert read[8][1] == "đậm vừa thường"


def test_reader_gives_what_openpyxl_gives_for_inline_and_rich_strings():
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Tên", "Số", "Ngày"])
    sheet.write_row(1, 0, ["Mô hình “A”", 12, None])
    sheet.write_datetime(1, 2, datetime.datetime(2023, 3, 15), day)
    sheet.write_rich_string(4, 0, "thường ", bold, "đậm", " cuối")
    sheet.write_number(4, 3, 0.25)
    book.close()

    [(expected, read)] = _values(output.getvalue())

    assert read == expected
    assert read[4][0] == "thường đậm cuối"


def test_reader_keeps_every_sheet_row_number(officer_a, unit_a):
    rows = [HEADER, ["", "Mô hình một", "GL-DANGXA", "", "15/03/2024", ""], [], [], ["", "Mô hình hai", "GL-DANGXA", "", "", ""]]

    job = imports.start_import(by=officer_a, kind="initiatives", name="x.xlsx", data=xlsx_bytes(rows, above=[["DANH SÁCH"]]))

    assert list(job.rows.values_list("row_number", "status")) == [(3, "new"), (6, "new")]
