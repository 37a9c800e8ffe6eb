"""Recognition (who, which level, required fields), revoke and replace, outstanding, the certificate, lists and scope."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.awards import domain
from models_registry.awards.models import Outstanding, Recognition
from models_registry.initiatives.models import StatusChange
from tests.factories import InitiativeFactory, as_request_user
from tests.factories_awards import OutstandingFactory, RecognitionFactory, level
from tests.pages import NOT_FOUND, seen

DECIDED = datetime.date(2025, 5, 15)


@pytest.fixture
def model_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="in_progress", name="Dân vận khéo trong hiến đất làm đường")


@pytest.fixture
def model_b(unit_b):
    return InitiativeFactory(unit=unit_b, status="in_progress", name="Phường Bồ Đề văn minh")


def _recognise(initiative, by, code="tinh", **overrides):
    fields = {"level": level(code), "decision_no": "125-QĐ/BDVTU", "decided_on": DECIDED, "signer": "Nguyễn Văn Bình"}
    return domain.recognise(initiative, by=by, **{**fields, **overrides})


# ---------------------------------------------------------------- recognise


def test_recognise_records_the_decision_and_moves_the_model_to_recognised(province_staff, office_province, model_a):
    recognition = _recognise(model_a, province_staff)

    model_a.refresh_from_db()
    assert model_a.status == "recognised"
    assert (recognition.level.code, recognition.decision_no, recognition.office, recognition.recorded_by) == (
        "tinh",
        "125-QĐ/BDVTU",
        office_province,
        province_staff,
    )
    change = StatusChange.objects.get(initiative=model_a)
    assert (change.from_status, change.to_status, change.note) == (
        "in_progress",
        "recognised",
        "Quyết định 125-QĐ/BDVTU ngày 15/05/2025, Cấp tỉnh",
    )
    assert AuditEntry.objects.filter(content_type__model="recognition", object_id=recognition.pk, action="create").exists()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"decision_no": " "}, "Vui lòng nhập số quyết định."),
        ({"decided_on": None}, "Vui lòng nhập ngày quyết định."),
        ({"signer": ""}, "Vui lòng nhập người ký."),
        ({"decision_no": "", "signer": ""}, "Vui lòng nhập số quyết định, người ký."),
        ({"level": None}, "Vui lòng chọn cấp công nhận."),
    ],
)
def test_recognise_requires_its_fields(province_staff, model_a, missing, message):
    with pytest.raises(DomainError) as error:
        _recognise(model_a, province_staff, **missing)

    assert error.value.message == message
    model_a.refresh_from_db()
    assert (model_a.status, Recognition.objects.count()) == ("in_progress", 0)


def test_recognise_refuses_a_future_decision_date(province_staff, model_a):
    with pytest.raises(DomainError) as error:
        _recognise(model_a, province_staff, decided_on=datetime.date.today() + datetime.timedelta(days=2))

    assert error.value.message == "Ngày quyết định không thể ở tương lai."


def test_district_office_recognises_at_district_level_only(officer_a, model_a, unit_a):
    with pytest.raises(DomainError):
        _recognise(model_a, officer_a, code="tinh")
    assert Recognition.objects.count() == 0

    recognition = _recognise(model_a, officer_a, code="huyen")

    model_a.refresh_from_db()
    assert (model_a.status, recognition.level.code) == ("recognised", "huyen")


def test_officer_cannot_recognise_in_another_district(officer_a, model_b):
    with pytest.raises(DomainError):
        _recognise(model_b, officer_a, code="huyen")

    model_b.refresh_from_db()
    assert (model_b.status, Recognition.objects.count()) == ("in_progress", 0)


@pytest.mark.parametrize("status", ["draft", "submitted", "recognised", "discontinued"])
def test_recognise_only_a_model_in_progress(province_staff, unit_a, status):
    initiative = InitiativeFactory(unit=unit_a, status=status)

    with pytest.raises(DomainError):
        _recognise(initiative, province_staff)

    assert Recognition.objects.count() == 0


def test_leader_cannot_recognise(leader, model_a):
    with pytest.raises(DomainError):
        _recognise(model_a, leader)


def test_recognise_page_posts_the_form_with_a_file(client_for, province_staff, model_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = {
        "level": level("tinh").pk,
        "decision_no": "130-QĐ/BDVTU",
        "decided_on": "20/06/2025",
        "signer": "Nguyễn Văn Bình",
        "file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    }

    response = client_for(province_staff).post(reverse("awards:recognise", args=[model_a.pk]), data)

    recognition = Recognition.objects.get()
    assert response.url == f"/models/{model_a.pk}/#awards"
    assert (recognition.decided_on, recognition.file.name.endswith(".pdf")) == (datetime.date(2025, 6, 20), True)
    download = client_for(province_staff).get(reverse("awards:recognition_file", args=[recognition.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_recognise_page_shows_missing_fields(client_for, province_staff, model_a):
    response = client_for(province_staff).post(reverse("awards:recognise", args=[model_a.pk]), {"level": level("tinh").pk})

    assert sorted(response.context["form"].errors) == ["decided_on", "decision_no", "signer"]
    assert Recognition.objects.count() == 0


def test_recognise_page_level_choices_for_a_district_officer(client_for, officer_a, model_a):
    response = client_for(officer_a).get(reverse("awards:recognise", args=[model_a.pk]))

    assert [str(c) for c in response.context["form"].fields["level"].queryset] == ["Cấp huyện"]


@pytest.mark.parametrize("url_name", ["awards:recognise", "awards:outstanding_mark"])
def test_recognition_pages_out_of_scope_are_404(client_for, officer_a, model_b, url_name):
    response = client_for(officer_a).post(reverse(url_name, args=[model_b.pk]), {"year": 2025})

    assert seen(response, model_b.name) == (404, NOT_FOUND, [])


# ---------------------------------------------------------------- revoke and replace


def test_revoke_keeps_the_decision_in_the_history_and_moves_back_to_in_progress(province_staff, model_a):
    recognition = _recognise(model_a, province_staff)

    domain.revoke_recognition(recognition, by=province_staff, reason="Quyết định ban hành sai thẩm quyền")

    model_a.refresh_from_db()
    recognition.refresh_from_db()
    assert model_a.status == "in_progress"
    assert (recognition.in_force, recognition.revoke_reason, recognition.revoked_by) == (
        False,
        "Quyết định ban hành sai thẩm quyền",
        province_staff,
    )
    assert list(StatusChange.objects.filter(initiative=model_a).values_list("to_status", flat=True)) == [
        "recognised",
        "in_progress",
    ]


def test_revoke_requires_a_reason(province_staff, model_a):
    recognition = _recognise(model_a, province_staff)

    with pytest.raises(DomainError) as error:
        domain.revoke_recognition(recognition, by=province_staff, reason="  ")

    assert error.value.message == "Vui lòng nêu lý do thu hồi."
    recognition.refresh_from_db()
    assert recognition.in_force is True


def test_revoke_and_replace_keeps_both_decisions_and_the_model_recognised(province_staff, model_a):
    old = _recognise(model_a, province_staff, code="huyen")

    new = domain.replace_recognition(
        old,
        by=province_staff,
        reason="Nâng cấp công nhận",
        level=level("tinh"),
        decision_no="200-QĐ/BDVTU",
        decided_on=datetime.date(2025, 8, 1),
        signer="Trần Văn Cường",
    )

    model_a.refresh_from_db()
    assert model_a.status == "recognised"
    history = list(Recognition.objects.filter(initiative=model_a).order_by("pk"))
    assert [(r.decision_no, r.level.code, r.in_force) for r in history] == [
        ("125-QĐ/BDVTU", "huyen", False),
        ("200-QĐ/BDVTU", "tinh", True),
    ]
    assert new.replaces == old
    assert StatusChange.objects.filter(initiative=model_a).count() == 1  # no status move for a replacement


def test_officer_replaces_own_level_but_cannot_revoke_without_replacement(officer_a, model_a):
    old = _recognise(model_a, officer_a, code="huyen")

    with pytest.raises(DomainError):
        domain.revoke_recognition(old, by=officer_a, reason="Sai sót")
    new = domain.replace_recognition(
        old,
        by=officer_a,
        reason="Sai số quyết định",
        level=level("huyen"),
        decision_no="126-QĐ/HU",
        decided_on=DECIDED,
        signer="B",
    )

    assert (new.in_force, Recognition.objects.get(pk=old.pk).in_force) == (True, False)


def test_revoke_page_posts_a_revoke_without_replacement(client_for, province_staff, model_a):
    recognition = _recognise(model_a, province_staff)

    response = client_for(province_staff).post(reverse("awards:revoke", args=[recognition.pk]), {"reason": "Sai thẩm quyền"})

    recognition.refresh_from_db()
    assert (response.status_code, recognition.in_force, recognition.revoke_reason) == (302, False, "Sai thẩm quyền")


def test_revoke_page_with_replace_requires_the_new_decision(client_for, province_staff, model_a):
    recognition = _recognise(model_a, province_staff)

    response = client_for(province_staff).post(
        reverse("awards:revoke", args=[recognition.pk]), {"reason": "Sai", "replace": "on", "level": level("tinh").pk}
    )

    assert sorted(response.context["form"].errors) == ["decided_on", "decision_no", "signer"]
    recognition.refresh_from_db()
    assert recognition.in_force is True


def test_revoke_out_of_scope_is_404(client_for, officer_a, unit_b):
    recognition = RecognitionFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised"))

    response = client_for(officer_a).post(reverse("awards:revoke", args=[recognition.pk]), {"reason": "x"})

    recognition.refresh_from_db()
    assert (response.status_code, recognition.in_force) == (404, True)


# ---------------------------------------------------------------- outstanding


def test_mark_outstanding_once_a_year(province_staff, model_a):
    _recognise(model_a, province_staff)
    model_a.refresh_from_db()
    domain.mark_outstanding(model_a, by=province_staff, year=2025, note="Tiêu biểu toàn tỉnh")

    with pytest.raises(DomainError) as error:
        domain.mark_outstanding(model_a, by=province_staff, year=2025)

    assert error.value.message == "Mô hình này đã được đánh dấu tiêu biểu năm 2025."
    assert list(Outstanding.objects.values_list("year", "note")) == [(2025, "Tiêu biểu toàn tỉnh")]


def test_mark_outstanding_refused_for_a_model_not_recognised(province_staff, model_a):
    with pytest.raises(DomainError):
        domain.mark_outstanding(model_a, by=province_staff, year=2025)

    assert Outstanding.objects.count() == 0


def test_outstanding_unmark_out_of_scope_is_404(client_for, officer_a, unit_b):
    mark = OutstandingFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised"))

    response = client_for(officer_a).post(reverse("awards:outstanding_unmark", args=[mark.pk]))

    assert (response.status_code, Outstanding.objects.count()) == (404, 1)


# ---------------------------------------------------------------- certificate


def test_certificate_of_a_party_office_has_the_party_heading(client_for, province_staff, office_province, model_a):
    office_province.place_name = "Hà Nội"
    office_province.signing_mode, office_province.signing_for = "deputy", "TRƯỞNG BAN"
    office_province.signer_title = "PHÓ TRƯỞNG BAN"
    office_province.save()
    recognition = _recognise(model_a, province_staff)

    html = client_for(province_staff).get(reverse("awards:certificate", args=[recognition.pk])).content.decode()

    for text in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "GIẤY CÔNG NHẬN",
        "Căn cứ Quyết định số",
        "125-QĐ/BDVTU",
        "ngày 15/05/2025",
        "Dân vận khéo trong hiến đất làm đường",
        "của UBND xã Đặng Xá — Đặng Xá",
        "Hà Nội, ngày\u00a015 tháng\u00a05 năm\u00a02025",
        '<div class="cert-authority">K/T TRƯỞNG BAN</div>',
        '<div class="cert-authority">PHÓ TRƯỞNG BAN</div>',
        '<div class="cert-signer">Nguyễn Văn Bình</div>',
    ]:
        assert text in html, text
    assert html.count("THÀNH ỦY HÀ NỘI") == 1  # the superior once, then the office under it
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN</div>" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in html and "Độc lập - Tự do - Hạnh phúc" not in html
    assert "Đã thu hồi" not in html


def test_certificate_of_a_state_body_has_the_national_heading(client_for, province_staff, office_province, model_a):
    office_province.is_party_body = False
    office_province.superior_name, office_province.heading_name = "UBND THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ"
    office_province.signing_mode, office_province.signing_for = "deputy", "GIÁM ĐỐC"
    office_province.signer_title = "PHÓ GIÁM ĐỐC"
    office_province.save()
    recognition = _recognise(model_a, province_staff)

    html = client_for(province_staff).get(reverse("awards:certificate", args=[recognition.pk])).content.decode()

    for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND THÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ"]:
        assert text in html, text
    assert '<div class="cert-authority">KT. GIÁM ĐỐC</div>' in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in html


def test_certificate_keeps_the_phase_and_the_date_parts_whole(client_for, province_staff, office_province, model_a):
    recognition = _recognise(model_a, province_staff)

    html = client_for(province_staff).get(reverse("awards:certificate", args=[recognition.pk])).content.decode()

    assert f'<span class="nowrap">{model_a.phase}</span>' in html
    assert "tháng\u00a05 năm\u00a02025" in html


def test_certificate_of_a_revoked_decision_says_so(client_for, province_staff, model_a):
    recognition = _recognise(model_a, province_staff)
    domain.revoke_recognition(recognition, by=province_staff, reason="Sai")

    html = client_for(province_staff).get(reverse("awards:certificate", args=[recognition.pk])).content.decode()

    assert "Đã thu hồi ngày" in html


def test_certificate_out_of_scope_is_404(client_for, officer_a, unit_b):
    recognition = RecognitionFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised"))

    response = client_for(officer_a).get(reverse("awards:certificate", args=[recognition.pk]))

    assert seen(response, recognition.initiative.name, recognition.decision_no) == (404, NOT_FOUND, [])


def test_official_date_pads_days_and_the_first_two_months():
    from models_registry.awards.templatetags.award_panel import official_date

    assert [official_date(datetime.date(2025, m, d)) for m, d in [(2, 5), (3, 5), (12, 31)]] == [
        "ngày 05 tháng 02 năm 2025",
        "ngày 05 tháng 3 năm 2025",
        "ngày 31 tháng 12 năm 2025",
    ]


# ---------------------------------------------------------------- list, export, scope, query counts


def test_recognition_list_shows_scope_only_with_revoked_ones(client_for, officer_a, unit_a, unit_b):
    RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised", name="A1"), decision_no="1-QĐ")
    revoked = RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="in_progress", name="A2"), decision_no="2-QĐ")
    Recognition.objects.filter(pk=revoked.pk).update(revoked_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC))
    RecognitionFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised", name="B1"), decision_no="3-QĐ")

    response = client_for(officer_a).get(reverse("awards:recognitions"))

    assert sorted(row.record.decision_no for row in response.context["table"].page.object_list) == ["1-QĐ", "2-QĐ"]
    in_force = client_for(officer_a).get(reverse("awards:recognitions"), {"state": "in_force"})
    assert [row.record.decision_no for row in in_force.context["table"].page.object_list] == ["1-QĐ"]


def test_recognition_export_contains_only_scope(client_for, officer_a, unit_a, unit_b):
    RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised", name="A1"), decision_no="1-QĐ")
    RecognitionFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised", name="B1"), decision_no="3-QĐ")

    response = client_for(officer_a).get(reverse("awards:recognitions"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[2], r[3], r[10], r[13]) for r in rows] == [
        ("1-QĐ", datetime.datetime(2025, 5, 15), "A1", "Cấp tỉnh", "Còn hiệu lực")
    ]


def test_recognition_list_filter_outstanding_year(client_for, province_staff, unit_a):
    marked = RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised"), decision_no="1-QĐ")
    RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised"), decision_no="2-QĐ")
    OutstandingFactory(initiative=marked.initiative, year=2025)

    response = client_for(province_staff).get(reverse("awards:recognitions"), {"outstanding": 2025})

    assert [row.record.decision_no for row in response.context["table"].page.object_list] == ["1-QĐ"]


@pytest.mark.parametrize("rows", [1, 5])
def test_recognition_list_query_count_is_flat(client_for, province_staff, unit_a, django_assert_num_queries, rows):
    for _ in range(rows):
        RecognitionFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised"))
    client = client_for(province_staff)
    client.get(reverse("awards:recognitions"))

    with django_assert_num_queries(4):
        client.get(reverse("awards:recognitions"))


@pytest.mark.parametrize("rows", [1, 5])
def test_awards_panel_query_count_is_flat(province_staff, unit_a, django_assert_num_queries, rows):
    initiative = InitiativeFactory(unit=unit_a, status="recognised")
    for index in range(rows):
        recognition = RecognitionFactory(initiative=initiative, decision_no=f"{index}-QĐ")
        if index < rows - 1:
            Recognition.objects.filter(pk=recognition.pk).update(revoked_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
        OutstandingFactory(initiative=initiative, year=2020 + index)

    user = as_request_user(province_staff)
    with django_assert_num_queries(3):
        html = render_to_string("awards/_initiative_panel.html", {"initiative": initiative, "user": user})

    assert html.count("Đã thu hồi") == rows - 1
    assert html.count(reverse("awards:certificate", args=[recognition.pk])) == 1


def test_recognition_file_out_of_scope_is_404(client_for, officer_a, unit_b):
    recognition = RecognitionFactory(initiative=InitiativeFactory(unit=unit_b, status="recognised"), file="evidence/x.pdf")

    response = client_for(officer_a).get(reverse("awards:recognition_file", args=[recognition.pk]))

    assert (response.get("Content-Disposition"), seen(response)) == (None, (404, NOT_FOUND, []))


def test_nav_marks_only_recognitions_current_on_the_recognitions_page(client_for, officer_a):
    response = client_for(officer_a).get(reverse("awards:recognitions"))

    assert [item["label"] for item in response.context["nav_items"] if item["active"]] == ["Công nhận"]


def test_recognise_refuses_a_decision_file_whose_content_is_not_its_name(client_for, province_staff, model_a):
    data = {
        "level": level("tinh").pk,
        "decision_no": "130-QĐ/BDVTU",
        "decided_on": "20/06/2025",
        "signer": "Nguyễn Văn Bình",
        "file": SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"),
    }

    response = client_for(province_staff).post(reverse("awards:recognise", args=[model_a.pk]), data)

    model_a.refresh_from_db()
    assert response.context["form"].errors["file"] == [
        "“qd.pdf” không thực sự là tệp PDF (nội dung không khớp với tên tệp); tệp đã bị từ chối."
    ]
    assert (Recognition.objects.count(), model_a.status) == (0, "in_progress")


def test_award_decision_file_is_checked_by_content_in_the_domain_too(province_staff, unit_a):
    decision = domain.Decision(
        "12-QĐ/UBND", datetime.date(2024, 5, 2), "Trần Văn Cường", file=SimpleUploadedFile("qd.pdf", b"<html></html>")
    )

    with pytest.raises(DomainError):
        decision.check()


@pytest.mark.parametrize("value", ["abc", "1.5", "NaN", "\x00", "１２", "-1", "99999999999999999999999"])
def test_new_award_with_a_malformed_initiative_number_is_404_not_500(client_for, province_staff, value):
    response = client_for(province_staff).get(reverse("awards:create"), {"initiative": value})

    assert response.status_code == 404
    assert "Không tìm thấy" in response.text
