"""Issue 14 item 7: a large upload is stored at once and read, counted and checked by the worker."""

import io
import uuid

import pytest
import xlsxwriter
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from models_registry.imports.models import ImportJob
from tests.factories_imports import last_job, office_xlsx, preview, upload
from tests.foundation.test_serve import PASSWORD, Browser, serve  # noqa: F401 -- serve is the fixture that starts make run

HEADER = ("STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Ngày đăng ký")


@pytest.fixture
def stored_unread(settings):
    settings.IMPORT_INLINE_BYTES = 0  # every upload takes the large files' way


def test_a_large_upload_is_read_and_checked_by_the_worker(client_for, officer_a, unit_a, stored_unread):
    rows = [(n, f"Mô hình số {n}", "GL-DANGXA", "KT", "15/03/2024") for n in range(1, 4)]

    upload(client_for(officer_a), "initiatives", "lon.xlsx", office_xlsx([HEADER], rows))

    job = last_job()
    assert (job.status, job.total_rows, job.header_row, job.counts["new"], job.counts["ignored"]) == ("ready", 3, 6, 3, 7)
    assert [status for _n, status, _e in preview(job)][:3] == ["new", "new", "new"]


def test_a_large_upload_with_a_wrong_column_fails_on_its_page(client_for, officer_a, unit_a, stored_unread):
    client = client_for(officer_a)

    upload(
        client, "initiatives", "lon.xlsx", office_xlsx([(*HEADER, "Cột lạ")], [(1, "Mô hình", "GL-DANGXA", "KT", "2024", "x")])
    )

    job = last_job()
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.status == "failed"
    assert "Cột không nhận ra: “Cột lạ”" in page
    assert not job.stored_name  # the file is deleted with the failure


def fifty_thousand_rows() -> bytes:
    """A 50.000-row models file as an office would send it, written fast (constant memory)."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"])
    sheet.write_row(2, 0, HEADER)
    for n in range(1, 50_001):
        sheet.write_row(2 + n, 0, (n, f"Mô hình dân vận khéo số {n}", "GL-DANGXA", "Kinh tế", "15/03/2024"))
    book.close()
    return output.getvalue()


def multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_thousand_rows_upload_under_gunicorn_answers_with_a_job(serve, officer_a, unit_a):  # noqa: F811
    officer_a.password = PBKDF2PasswordHasher().encode(PASSWORD, "muoi-cu")
    officer_a.save(update_fields=["password"])
    data = fifty_thousand_rows()
    _process, port, _marker = serve()  # gunicorn with its default 30 s timeout, and the task worker
    browser = Browser(port)
    browser.request("GET", "/accounts/login/")
    browser.request("POST", "/accounts/login/", {"username": officer_a.username, "password": PASSWORD})
    browser.request("GET", "/import/")

    body, content_type = multipart(
        {"kind": "initiatives", "csrfmiddlewaretoken": browser.cookies["csrftoken"].value}, "lon.xlsx", data
    )
    response, _text = browser.send("POST", "/import/", body, content_type)

    job = ImportJob.objects.get()
    assert (response.status, response.getheader("Location")) == (302, f"/import/{job.pk}/")
    assert (job.original_name, job.size, job.status) == ("lon.xlsx", len(data), "checking")
    page, text = browser.request("GET", f"/import/{job.pk}/")
    assert "hệ thống đang đọc và đếm các dòng" in text or "dòng dữ liệu" in text
    status, _json = browser.request("GET", f"/import/progress/import/{job.pk}/")
    assert (page.status, status.status) == (200, 200)
