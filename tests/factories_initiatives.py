"""Factories and helpers for the registry tests: evidence files, history rows, reference data, sample files."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import EvidenceFile, Field, Phase, StatusChange
from tests.factories import InitiativeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


def ooxml_bytes(main_part: str) -> bytes:
    """A minimal Office Open XML package whose main part is `word/document.xml` or `xl/workbook.xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr(main_part, '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


def doc_bytes() -> bytes:
    """An OLE2 compound file whose directory names a WordDocument stream, as Word 97-2003 writes it."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\x00") + "WordDocument".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 256


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return upload(name, PDF_BYTES, "application/pdf")


def ensure_reference_data() -> None:
    """Fields and phases as migration 0002 loads them; transactional tests flush them away."""
    fields = [
        ("kinh-te", "Kinh tế", 1),
        ("van-hoa-xa-hoi", "Văn hóa – xã hội", 2),
        ("quoc-phong-an-ninh", "Quốc phòng – an ninh", 3),
        ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", 4),
    ]
    for code, name, order in fields:
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for name, start, end in [("2016–2020", 2016, 2020), ("2021–2025", 2021, 2025), ("2026–2030", 2026, 2030)]:
        Phase.objects.update_or_create(name=name, defaults={"start_year": start, "end_year": end})


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceFile

    initiative = factory.SubFactory(InitiativeFactory)
    file = factory.django.FileField(filename="bien-ban.pdf", data=PDF_BYTES)
    original_name = "Biên bản họp dân.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    initiative = factory.SubFactory(InitiativeFactory)
    from_status = Status.DRAFT
    to_status = Status.SUBMITTED
