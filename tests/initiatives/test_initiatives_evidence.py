"""Evidence files: checked by their bytes, at most 10 MB, stored under fresh names, downloaded only within scope."""

import re

import pytest
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.initiatives import domain
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import EvidenceFile
from tests.factories import InitiativeFactory
from tests.factories_initiatives import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    EvidenceFileFactory,
    doc_bytes,
    ooxml_bytes,
    pdf_upload,
    upload,
)
from tests.pages import NOT_FOUND, seen


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bien-ban.pdf", PDF_BYTES, "application/pdf"),
        (
            "bao-cao.docx",
            ooxml_bytes("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("bao-cao-cu.doc", doc_bytes(), "application/msword"),
        ("so-lieu.xlsx", ooxml_bytes("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("anh.JPG", JPEG_BYTES, "image/jpeg"),
        ("anh.png", PNG_BYTES, "image/png"),
    ],
)
def test_evidence_allowed_types_are_recognised_by_content(name, content, expected):
    assert domain.detect_evidence_type(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bien-ban.pdf",
            EXE_BYTES,
            "“bien-ban.pdf” không thực sự là tệp PDF (nội dung không khớp với tên tệp); tệp đã bị từ chối.",
        ),
        ("anh.pdf", PNG_BYTES, "“anh.pdf” không thực sự là tệp PDF (nội dung không khớp với tên tệp); tệp đã bị từ chối."),
        (
            "nen.docx",
            ooxml_bytes("other/part.xml"),
            "“nen.docx” không thực sự là tệp DOCX (nội dung không khớp với tên tệp); tệp đã bị từ chối.",
        ),
        (
            "bang.xlsx",
            ooxml_bytes("word/document.xml"),
            "“bang.xlsx” không thực sự là tệp XLSX (nội dung không khớp với tên tệp); tệp đã bị từ chối.",
        ),
        ("chay.exe", EXE_BYTES, "“chay.exe”: chỉ nhận tệp PDF, Word (.doc, .docx), Excel (.xlsx), JPEG và PNG."),
        ("ghi-chu.txt", b"xin chao", "“ghi-chu.txt”: chỉ nhận tệp PDF, Word (.doc, .docx), Excel (.xlsx), JPEG và PNG."),
    ],
)
def test_evidence_with_wrong_content_is_refused(name, content, message):
    with pytest.raises(DomainError) as error:
        domain.detect_evidence_type(upload(name, content))

    assert error.value.message == message


def test_evidence_of_11_mb_is_refused_in_vietnamese():
    big = upload("ho-so.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024 - len(PDF_BYTES)))

    with pytest.raises(DomainError) as error:
        domain.detect_evidence_type(big)

    assert error.value.message == "“ho-so.pdf” nặng 11,0 MB; mỗi tệp tối đa 10 MB."


def test_executable_renamed_pdf_is_refused_by_the_form_and_nothing_saved(client_for, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    data = {"kind": "model", "name": initiative.name, "unit": unit_a.pk, "action": "save"}

    response = client_for(officer_a).post(
        reverse("initiatives:edit", args=[initiative.pk]), {**data, "files": [upload("bien-ban.pdf", EXE_BYTES)]}
    )

    assert response.context["form"].errors["files"] == [
        "“bien-ban.pdf” không thực sự là tệp PDF (nội dung không khớp với tên tệp); tệp đã bị từ chối."
    ]
    assert not EvidenceFile.objects.exists()


def test_evidence_is_stored_under_a_fresh_name_that_cannot_escape(officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a)

    evidence = domain.add_evidence(initiative, pdf_upload("../../etc/Biên bản.pdf"), by=officer_a)

    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", evidence.file.name)
    assert (evidence.original_name, evidence.size, evidence.uploaded_by) == ("Biên bản.pdf", len(PDF_BYTES), officer_a)
    entry = AuditEntry.objects.get(object_id=initiative.pk, action="file")
    assert entry.changes == {"evidence": [None, "Biên bản.pdf"]}


def test_evidence_cannot_be_added_to_a_submitted_model(officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    with pytest.raises(DomainError):
        domain.add_evidence(initiative, pdf_upload(), by=officer_a)

    assert not EvidenceFile.objects.exists()


def test_edit_removes_chosen_evidence(client_for, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    kept = EvidenceFileFactory(initiative=initiative, original_name="Giữ lại.pdf")
    removed = EvidenceFileFactory(initiative=initiative, original_name="Bỏ đi.pdf")
    data = {"kind": "model", "name": initiative.name, "unit": unit_a.pk, "action": "save", "remove_files": [removed.pk]}

    client_for(officer_a).post(reverse("initiatives:edit", args=[initiative.pk]), data)

    assert list(initiative.evidence_files.values_list("original_name", flat=True)) == ["Giữ lại.pdf"]
    assert kept.file.storage.exists(kept.file.name)
    assert AuditEntry.objects.get(object_id=initiative.pk, action="file").changes == {"evidence": ["Bỏ đi.pdf", None]}


def test_download_is_an_attachment_with_original_name_and_nosniff(client_for, officer_a, unit_a):
    evidence = EvidenceFileFactory(initiative=InitiativeFactory(unit=unit_a), original_name="Biên bản họp dân.pdf")

    response = client_for(officer_a).get(reverse("initiatives:evidence", args=[evidence.initiative_id, evidence.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20d%C3%A2n.pdf"
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")


def test_download_of_other_districts_file_is_404(client_for, officer_b, unit_a):
    evidence = EvidenceFileFactory(initiative=InitiativeFactory(unit=unit_a))

    response = client_for(officer_b).get(reverse("initiatives:evidence", args=[evidence.initiative_id, evidence.pk]))

    assert (response.get("Content-Disposition"), seen(response, evidence.original_name)) == (None, (404, NOT_FOUND, []))


def test_download_through_another_models_url_is_404(client_for, officer_b, unit_a, unit_b):
    evidence = EvidenceFileFactory(initiative=InitiativeFactory(unit=unit_a))
    own = InitiativeFactory(unit=unit_b)

    response = client_for(officer_b).get(reverse("initiatives:evidence", args=[own.pk, evidence.pk]))

    assert (response.get("Content-Disposition"), seen(response, evidence.original_name)) == (None, (404, NOT_FOUND, []))


def test_download_needs_login(client, unit_a):
    evidence = EvidenceFileFactory(initiative=InitiativeFactory(unit=unit_a))

    response = client.get(reverse("initiatives:evidence", args=[evidence.initiative_id, evidence.pk]))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
