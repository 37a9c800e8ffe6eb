"""The registry pages: list (scope, search, filters, export), detail, create and edit, replicate, showcase."""

import datetime
import io
import unicodedata

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.audit.models import AuditEntry
from models_registry.awards.models import Recognition, RecognitionLevel
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.initiatives.models import Field, Initiative, Phase, StatusChange
from models_registry.units.enums import UnitKind
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_initiatives import EvidenceFileFactory, StatusChangeFactory, pdf_upload
from tests.pages import NOT_FOUND, seen


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed(response):
    return [row.record.name for row in response.context["table"].page.object_list]


def form_data(unit, **overrides):
    """What the registration form posts for a complete model."""
    data = {
        "kind": "model",
        "name": "Dân vận khéo trong hiến đất mở rộng đường giao thông",
        "unit": unit.pk,
        "field": Field.objects.get(code="kinh-te").pk,
        "phase": Phase.objects.get(name="2021–2025").pk,
        "registered_on": "15/03/2025",
        "started_on": "",
        "situation": "Đường thôn hẹp, xe cứu thương không vào được.",
        "goals": "Mở rộng 2 km đường lên 5 m trong năm 2025.",
        "content_method": "Chi bộ họp dân, đảng viên hiến đất trước.",
        "action": "save",
    }
    data.update(overrides)
    return data


def recognise(initiative):
    Recognition.objects.create(
        initiative=initiative,
        level=RecognitionLevel.objects.order_by("order").first(),
        decision_no="45/QĐ-BDV",
        decided_on=datetime.date(2025, 5, 20),
        signer="Trần Thị B",
    )


# --- list --------------------------------------------------------------------------------------------


def test_list_officer_sees_only_own_district(client_for, officer_a, unit_a, unit_b):
    own = InitiativeFactory(unit=unit_a, name="Mô hình ở Gia Lâm")
    InitiativeFactory(unit=unit_b, name="Mô hình ở Long Biên")

    response = client_for(officer_a).get(reverse("initiatives:list"))

    assert listed(response) == ["Mô hình ở Gia Lâm"]
    assert response.context["table"].paginator.count == 1
    html = response.content.decode()
    assert f'<a href="{own.get_absolute_url()}">Mô hình ở Gia Lâm</a>' in html
    assert "Mô hình ở Long Biên" not in html


def test_list_search_without_diacritics_finds_the_model(client_for, province_staff, unit_a, unit_b):
    InitiativeFactory(unit=unit_a, name="Dân vận khéo trong xây dựng nông thôn mới")
    InitiativeFactory(unit=unit_b, name="Tuyến phố văn minh", content_method="Vận động hộ kinh doanh")

    by_name = client_for(province_staff).get(reverse("initiatives:list"), {"q": "dan van kheo"})
    by_content = client_for(province_staff).get(reverse("initiatives:list"), {"q": "HO KINH DOANH"})

    assert (listed(by_name), listed(by_content)) == (["Dân vận khéo trong xây dựng nông thôn mới"], ["Tuyến phố văn minh"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "exemplar"}, ["Điển hình B"]),
        ({"unit_kind": "enterprise"}, ["Điển hình B"]),
        ({"field": "quoc-phong-an-ninh"}, ["Điển hình B"]),
        ({"phase": "2016–2020"}, ["Mô hình A"]),
        ({"status": ["in_progress", "recognised"]}, ["Mô hình A", "Điển hình B"]),
        ({"status": ["draft"]}, ["Nháp C"]),
        ({"year": "2019"}, ["Mô hình A"]),
        ({"recognised": "yes"}, ["Mô hình A"]),
        ({"recognised": "no"}, ["Nháp C", "Điển hình B"]),
        ({"area": "district_b"}, ["Điển hình B"]),
        ({"unit": "unit_a"}, ["Mô hình A", "Nháp C"]),
    ],
)
def test_list_filters(client_for, province_staff, unit_a, commune_b, district_b, params, expected):
    enterprise = UnitFactory(area=commune_b, kind=UnitKind.ENTERPRISE, name="Công ty May 10")
    model = InitiativeFactory(
        unit=unit_a,
        name="Mô hình A",
        status=Status.RECOGNISED,
        registered_on=datetime.date(2019, 4, 1),
        phase=Phase.objects.get(name="2016–2020"),
    )
    recognise(model)
    InitiativeFactory(
        unit=enterprise,
        name="Điển hình B",
        kind=InitiativeKind.EXEMPLAR,
        status=Status.IN_PROGRESS,
        field=Field.objects.get(code="quoc-phong-an-ninh"),
        registered_on=datetime.date(2022, 1, 5),
    )
    InitiativeFactory(unit=unit_a, name="Nháp C", registered_on=datetime.date(2024, 2, 2))
    lookups = {
        "field": lambda v: Field.objects.get(code=v).pk,
        "phase": lambda v: Phase.objects.get(name=v).pk,
        "area": lambda v: district_b.pk,
        "unit": lambda v: unit_a.pk,
    }
    query = {key: lookups[key](value) if key in lookups else value for key, value in params.items()}

    response = client_for(province_staff).get(reverse("initiatives:list"), query)

    assert sorted(listed(response)) == expected


def test_list_sorts_by_name(client_for, province_staff, unit_a):
    for name in ["Bảo vệ môi trường", "An toàn giao thông", "Chung tay vì người nghèo"]:
        InitiativeFactory(unit=unit_a, name=name)

    response = client_for(province_staff).get(reverse("initiatives:list"), {"sort": "-name"})

    assert listed(response) == ["Chung tay vì người nghèo", "Bảo vệ môi trường", "An toàn giao thông"]


def test_list_paginates_with_total_count(client_for, province_staff, unit_a):
    InitiativeFactory.create_batch(27, unit=unit_a)

    response = client_for(province_staff).get(reverse("initiatives:list"), {"page": 2})

    assert (len(listed(response)), response.context["table"].paginator.count) == (2, 27)
    assert "27 bản ghi" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_list_query_count_is_flat(client_for, province_staff, unit_a, django_assert_num_queries, rows):
    InitiativeFactory.create_batch(rows, unit=unit_a)
    client = client_for(province_staff)
    client.get(reverse("initiatives:list"))  # warm the session and the cached filter panel and badge

    with django_assert_num_queries(4):
        client.get(reverse("initiatives:list"))


# --- export ------------------------------------------------------------------------------------------


def exported(response):
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))  # under the title and the scope line
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_export_is_the_filtered_list_of_the_scope(client_for, officer_a, unit_a, unit_b):
    InitiativeFactory(unit=unit_a, name="Dân vận khéo ở Đặng Xá", money_mobilised=1_250_000_000)
    InitiativeFactory(unit=unit_a, name="Mô hình khác")
    InitiativeFactory(unit=unit_b, name="Dân vận khéo ở Bồ Đề")

    response = client_for(officer_a).get(reverse("initiatives:list"), {"q": "dan van kheo", "export": "xlsx"})

    rows = exported(response)
    assert [(r["Tên mô hình"], r["Đơn vị"], r["Kinh phí huy động (đồng)"]) for r in rows] == [
        ("Dân vận khéo ở Đặng Xá", "UBND xã Đặng Xá", 1_250_000_000)
    ]
    assert response["Content-Disposition"].startswith('attachment; filename="gia-lam-mo-hinh-')


def test_export_person_data_only_for_exemplars(client_for, province_staff, unit_a):
    InitiativeFactory(
        unit=unit_a, kind=InitiativeKind.EXEMPLAR, name="Điển hình", person_name="Lê Văn C", person_position="Bí thư chi bộ"
    )

    rows = exported(client_for(province_staff).get(reverse("initiatives:list"), {"export": "xlsx"}))

    assert [(r["Họ và tên"], r["Chức vụ"]) for r in rows] == [("Lê Văn C", "Bí thư chi bộ")]


def test_export_hides_source_outside_scope(client_for, officer_b, unit_a, unit_b):
    source = InitiativeFactory(unit=unit_a, name="Nguồn ở Gia Lâm", status=Status.IN_PROGRESS)
    InitiativeFactory(unit=unit_b, name="Bản nhân rộng", replicated_from=source)

    rows = exported(client_for(officer_b).get(reverse("initiatives:list"), {"export": "xlsx"}))

    assert [(r["Tên mô hình"], r["Nhân rộng từ"]) for r in rows] == [("Bản nhân rộng", None)]


# --- scope ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["initiatives:detail", "initiatives:edit"])
def test_pages_of_other_districts_model_are_404(client_for, officer_b, unit_a, url_name):
    initiative = InitiativeFactory(unit=unit_a)

    response = client_for(officer_b).get(reverse(url_name, args=[initiative.pk]))

    assert seen(response, initiative.name) == (404, NOT_FOUND, [])


def test_edit_post_on_other_districts_model_is_404_and_unchanged(client_for, officer_b, unit_a, unit_b):
    initiative = InitiativeFactory(unit=unit_a, name="Giữ nguyên")

    response = client_for(officer_b).post(reverse("initiatives:edit", args=[initiative.pk]), form_data(unit_b, name="Đổi"))

    initiative.refresh_from_db()
    assert (response.status_code, initiative.name, initiative.unit) == (404, "Giữ nguyên", unit_a)


def test_replicate_other_districts_model_is_404(client_for, officer_b, unit_a, unit_b):
    source = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)

    response = client_for(officer_b).post(reverse("initiatives:replicate", args=[source.pk]), {"unit": unit_b.pk})

    assert response.status_code == 404
    assert not Initiative.objects.filter(replicated_from=source).exists()


def test_anonymous_is_sent_to_login(client, unit_a):
    initiative = InitiativeFactory(unit=unit_a)

    response = client.get(initiative.get_absolute_url())

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


# --- detail --------------------------------------------------------------------------------------------


def test_detail_shows_content_history_and_replications(client_for, province_staff, officer_a, unit_a, unit_b):
    source = InitiativeFactory(unit=unit_a, name="Nguồn", status=Status.IN_PROGRESS, created_by=officer_a)
    StatusChangeFactory(initiative=source, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=officer_a)
    StatusChangeFactory(initiative=source, from_status=Status.SUBMITTED, to_status=Status.IN_PROGRESS, by=province_staff)
    InitiativeFactory(unit=unit_b, name="Bản ở Bồ Đề", replicated_from=source)

    response = client_for(province_staff).get(source.get_absolute_url())

    context = response.context
    assert [label for _, label in context["timeline"]] == ["Gửi duyệt", "Phê duyệt"]
    assert [copy.name for copy in context["replications"]] == ["Bản ở Bồ Đề"]
    assert "Đường thôn" not in response.content.decode()
    assert "Thực trạng địa phương còn nhiều khó khăn." in response.content.decode()


def test_detail_hides_a_source_outside_scope(client_for, officer_b, unit_a, unit_b):
    source = InitiativeFactory(unit=unit_a, name="Nguồn ở Gia Lâm", status=Status.IN_PROGRESS)
    copy = InitiativeFactory(unit=unit_b, replicated_from=source)

    response = client_for(officer_b).get(copy.get_absolute_url())

    assert (response.context["source"], response.context["source_hidden"]) == (None, True)
    assert "Nguồn ở Gia Lâm" not in response.content.decode()


def test_detail_query_count_does_not_grow_with_history_or_files(client_for, province_staff, unit_a):
    def count_for(size):
        initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
        StatusChangeFactory.create_batch(size, initiative=initiative, by=province_staff)
        EvidenceFileFactory.create_batch(size, initiative=initiative, uploaded_by=province_staff)
        InitiativeFactory.create_batch(size, unit=unit_a, replicated_from=initiative)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    content_type=ContentType.objects.get_for_model(Initiative),
                    object_id=initiative.pk,
                    object_repr="x",
                    action="update",
                    actor=province_staff,
                    changes={"name": ["a", "b"]},
                )
                for _ in range(size)
            ]
        )
        client = client_for(province_staff)
        client.get(initiative.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(initiative.get_absolute_url())
        assert len(response.context["files"]) == size
        return len(queries)

    assert count_for(1) == count_for(5)


# --- create and edit -------------------------------------------------------------------------------------


def test_create_stores_nfc_trimmed_and_records_history_and_audit(client_for, officer_a, unit_a):
    nfd_name = unicodedata.normalize("NFD", "  Dân vận khéo trong hiến đất mở đường  ")

    response = client_for(officer_a).post(reverse("initiatives:create"), form_data(unit_a, name=nfd_name))

    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.name == unicodedata.normalize("NFC", "Dân vận khéo trong hiến đất mở đường")
    assert (initiative.status, initiative.created_by) == (Status.DRAFT, officer_a)
    assert list(StatusChange.objects.values_list("from_status", "to_status", "by")) == [("", "draft", officer_a.pk)]
    entry = AuditEntry.objects.get(object_id=initiative.pk)
    assert (entry.action, entry.changes["name"], entry.changes["unit"]) == (
        "create",
        [None, initiative.name],
        [None, "UBND xã Đặng Xá"],
    )


def test_create_draft_needs_only_kind_name_and_unit(client_for, officer_a, unit_a):
    data = {"kind": "model", "name": "Mô hình mới", "unit": unit_a.pk, "action": "save"}

    client_for(officer_a).post(reverse("initiatives:create"), data)

    initiative = Initiative.objects.get()
    assert (initiative.name, initiative.field, initiative.goals, initiative.status) == ("Mô hình mới", None, "", Status.DRAFT)


def test_create_and_submit_with_missing_fields_marks_each_and_saves_nothing(client_for, officer_a, unit_a):
    data = {"kind": "exemplar", "name": "Điển hình mới", "unit": unit_a.pk, "action": "submit"}

    response = client_for(officer_a).post(reverse("initiatives:create"), data)

    errors = response.context["form"].errors
    assert sorted(errors) == sorted(
        ["field", "phase", "registered_on", "situation", "goals", "content_method", "person_name", "person_position"]
    )
    assert errors["goals"] == ["Cần nhập trước khi gửi duyệt."]
    assert not Initiative.objects.exists()


def test_create_and_submit_complete_model(client_for, officer_a, unit_a):
    client_for(officer_a).post(reverse("initiatives:create"), form_data(unit_a, action="submit"))

    initiative = Initiative.objects.get()
    assert initiative.status == Status.SUBMITTED
    assert list(StatusChange.objects.values_list("from_status", "to_status")) == [("", "draft"), ("draft", "submitted")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people_reached", "-5", "Không được là số âm."),
        ("money_mobilised", "nhiều", "Nhập một số nguyên, ví dụ 1.250.000."),
        ("registered_on", "31/02/2025", "Nhập một ngày hợp lệ."),
        ("name", "   ", "Trường này là bắt buộc."),
    ],
)
def test_create_invalid_field_has_a_vietnamese_message(client_for, officer_a, unit_a, field, value, message):
    response = client_for(officer_a).post(reverse("initiatives:create"), form_data(unit_a, **{field: value}))

    assert response.context["form"].errors[field] == [message]
    assert not Initiative.objects.exists()


def test_create_reads_vietnamese_thousands(client_for, officer_a, unit_a):
    client_for(officer_a).post(
        reverse("initiatives:create"), form_data(unit_a, money_mobilised="1.250.000.000", land_donated_m2="446")
    )

    initiative = Initiative.objects.get()
    assert (initiative.money_mobilised, initiative.land_donated_m2) == (1_250_000_000, 446)


def test_create_in_other_districts_unit_is_refused(client_for, officer_a, unit_b):
    response = client_for(officer_a).post(reverse("initiatives:create"), form_data(unit_b))

    assert "unit" in response.context["form"].errors
    assert not Initiative.objects.exists()


def test_leader_cannot_create(client_for, leader, unit_a):
    response = client_for(leader).post(reverse("initiatives:create"), form_data(unit_a))

    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_create_with_similar_name_warns_then_saves_when_confirmed(client_for, officer_a, unit_a):
    existing = InitiativeFactory(unit=unit_a, name="Dân vận khéo trong xây dựng nông thôn mới")
    client = client_for(officer_a)
    data = form_data(unit_a, name="Dan van kheo xay dung nong thon moi")

    warned = client.post(reverse("initiatives:create"), data)
    confirmed = client.post(reverse("initiatives:create"), {**data, "confirm_similar": "on"})

    assert [other.pk for other in warned.context["similar"]] == [existing.pk]
    assert existing.get_absolute_url() in warned.content.decode()
    assert confirmed.status_code == 302
    assert Initiative.objects.count() == 2


def test_similar_name_in_another_unit_does_not_warn(client_for, officer_a, unit_a, commune_a):
    InitiativeFactory(unit=UnitFactory(area=commune_a), name="Dân vận khéo trong xây dựng nông thôn mới")

    response = client_for(officer_a).post(
        reverse("initiatives:create"), form_data(unit_a, name="Dân vận khéo xây dựng nông thôn mới"), follow=True
    )

    created = Initiative.objects.get(unit=unit_a)
    assert (response.redirect_chain, response.context["initiative"].name) == (
        [(created.get_absolute_url(), 302)],
        "Dân vận khéo xây dựng nông thôn mới",
    )


def test_similar_names_live_check_shows_warning(client_for, officer_a, unit_a):
    InitiativeFactory(unit=unit_a, name="Tổ tự quản tuyến đường hoa")

    response = client_for(officer_a).get(reverse("initiatives:similar"), {"name": "to tu quan duong hoa", "unit": unit_a.pk})

    assert [other.name for other in response.context["similar"]] == ["Tổ tự quản tuyến đường hoa"]


def test_similar_names_live_check_ignores_units_outside_scope(client_for, officer_b, unit_a):
    InitiativeFactory(unit=unit_a, name="Tổ tự quản tuyến đường hoa")

    response = client_for(officer_b).get(
        reverse("initiatives:similar"), {"name": "Tổ tự quản tuyến đường hoa", "unit": unit_a.pk}
    )

    assert response.context["similar"] == []


def test_edit_draft_records_changed_fields(client_for, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, name="Tên cũ", goals="Mục tiêu cũ")
    data = form_data(
        unit_a, name="Tên mới", goals="Mục tiêu cũ", situation=initiative.situation, content_method=initiative.content_method
    )
    data.update(field=initiative.field_id, phase=initiative.phase_id, registered_on=initiative.registered_on.isoformat())

    client_for(officer_a).post(reverse("initiatives:edit", args=[initiative.pk]), data)

    entry = AuditEntry.objects.get(object_id=initiative.pk, action="update")
    assert entry.changes == {"name": ["Tên cũ", "Tên mới"]}


def test_edit_of_submitted_model_is_refused_with_message(client_for, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, name="Đã gửi", status=Status.SUBMITTED)

    response = client_for(officer_a).post(reverse("initiatives:edit", args=[initiative.pk]), form_data(unit_a), follow=True)

    initiative.refresh_from_db()
    assert initiative.name == "Đã gửi"
    assert [str(m) for m in response.context["messages"]] == [
        "Chỉ bản nháp mới sửa được; mô hình này đang ở trạng thái “Chờ duyệt”."
    ]


def test_edit_cannot_move_model_to_another_district(client_for, officer_a, unit_a, unit_b):
    initiative = InitiativeFactory(unit=unit_a)

    response = client_for(officer_a).post(reverse("initiatives:edit", args=[initiative.pk]), form_data(unit_b))

    initiative.refresh_from_db()
    assert "unit" in response.context["form"].errors
    assert initiative.unit == unit_a


def test_returned_model_shows_reason_to_officer(client_for, officer_a, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.RETURNED)
    StatusChangeFactory(
        initiative=initiative, from_status=Status.SUBMITTED, to_status=Status.RETURNED, by=province_staff, note="Bổ sung ảnh"
    )

    response = client_for(officer_a).get(initiative.get_absolute_url())

    assert response.context["return_note"].note == "Bổ sung ảnh"
    assert "Bổ sung ảnh" in response.content.decode()


# --- replicate -----------------------------------------------------------------------------------------------


def test_replicate_creates_linked_draft_with_content(client_for, province_staff, officer_a, unit_a, unit_b):
    source = InitiativeFactory(
        unit=unit_a, name="Hiến đất mở đường", status=Status.RECOGNISED, goals="Mở 2 km đường", people_reached=500
    )

    response = client_for(province_staff).post(reverse("initiatives:replicate", args=[source.pk]), {"unit": unit_b.pk})

    copy = Initiative.objects.get(replicated_from=source)
    assert response["Location"] == reverse("initiatives:edit", args=[copy.pk])
    assert (copy.unit, copy.status, copy.name, copy.goals, copy.people_reached, copy.created_by) == (
        unit_b,
        Status.DRAFT,
        "Hiến đất mở đường",
        "Mở 2 km đường",
        None,
        province_staff,
    )
    assert list(copy.status_changes.values_list("from_status", "to_status")) == [("", "draft")]
    assert AuditEntry.objects.get(object_id=copy.pk).note == "Nhân rộng từ “Hiến đất mở đường” (UBND xã Đặng Xá)"


def test_replicate_into_unit_outside_scope_is_refused(client_for, officer_a, unit_a, unit_b):
    source = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)

    client_for(officer_a).post(reverse("initiatives:replicate", args=[source.pk]), {"unit": unit_b.pk})

    assert not Initiative.objects.filter(replicated_from=source).exists()


def test_replicate_draft_is_refused(client_for, officer_a, unit_a):
    source = InitiativeFactory(unit=unit_a, status=Status.DRAFT)

    response = client_for(officer_a).post(reverse("initiatives:replicate", args=[source.pk]), {"unit": unit_a.pk})

    assert response.status_code == 403
    assert not Initiative.objects.filter(replicated_from=source).exists()


# --- public showcase -----------------------------------------------------------------------------------------


def test_showcase_lists_recognised_models_without_personal_data(client, unit_a, unit_b):
    shown = InitiativeFactory(unit=unit_a, name="Mô hình được công nhận", status=Status.RECOGNISED)
    recognise(shown)
    InitiativeFactory(unit=unit_b, name="Mô hình đang thực hiện", status=Status.IN_PROGRESS)
    InitiativeFactory(
        unit=unit_b, name="Điển hình", kind=InitiativeKind.EXEMPLAR, status=Status.RECOGNISED, person_name="Lê Văn C"
    )

    listing = client.get(reverse("initiatives:showcase"))
    detail = client.get(reverse("initiatives:showcase_detail", args=[shown.pk]))

    assert [i.name for i in listing.context["page"]] == ["Mô hình được công nhận"]
    assert "Lê Văn C" not in listing.content.decode()
    assert detail.status_code == 200
    assert shown.created_by is None or shown.created_by.username not in detail.content.decode()


def test_showcase_detail_of_unrecognised_model_is_404(client, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)

    response = client.get(reverse("initiatives:showcase_detail", args=[initiative.pk]))

    assert seen(response, initiative.name) == (404, NOT_FOUND, [])


def test_create_with_pdf_stores_evidence(client_for, officer_a, unit_a):
    client_for(officer_a).post(
        reverse("initiatives:create"), {**form_data(unit_a), "files": [pdf_upload("Biên bản họp dân.pdf")]}
    )

    evidence = Initiative.objects.get().evidence_files.get()
    assert (evidence.original_name, evidence.content_type) == ("Biên bản họp dân.pdf", "application/pdf")


def test_export_says_which_models_are_recognised(client_for, province_staff, unit_a):
    recognised = InitiativeFactory(unit=unit_a, name="Được công nhận", status=Status.RECOGNISED)
    recognise(recognised)
    InitiativeFactory(unit=unit_a, name="Đang thực hiện", status=Status.IN_PROGRESS)

    rows = exported(client_for(province_staff).get(reverse("initiatives:list"), {"export": "xlsx", "sort": "name"}))

    assert sorted((r["Tên mô hình"], r["Đã công nhận"], r["Trạng thái"]) for r in rows) == [
        ("Đang thực hiện", "Không", "Đang thực hiện"),
        ("Được công nhận", "Có", "Đã công nhận"),
    ]
