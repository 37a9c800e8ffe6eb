"""No path around the workflow through an import (issue 12, items 1 and 2).

An officer's file creates drafts or submitted models only; a registered status (in progress, recognised,
discontinued) only province staff may import, for a past period, with what the status requires in the same row
(a recognition's level, number and date, which creates the Recognition record; a reason). A row updates an
existing model only when the same user could edit it in the web form at that moment. The permission matrix below
covers role × target status × record state."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from models_registry.awards.models import Recognition
from models_registry.imports import domain as imports
from models_registry.initiatives.enums import REGISTERED_STATUSES, Status
from models_registry.initiatives.models import Initiative
from tests.factories import InitiativeFactory
from tests.factories_awards import RecognitionFactory
from tests.factories_imports import confirm, last_job, preview, upload, xlsx_bytes

HEADER = [
    "Mã mô hình",
    "Tên mô hình",
    "Đơn vị",
    "Trạng thái",
    "Lĩnh vực",
    "Giai đoạn",
    "Ngày đăng ký",
    "Thực trạng",
    "Mục tiêu",
    "Nội dung",
    "Cấp công nhận",
    "Số quyết định công nhận",
    "Ngày quyết định công nhận",
    "Lý do dừng",
    "Số tiền huy động",
]
PAST = "15/03/2023"


def row(status, *, code="GL-01", name="Hiến đất làm đường", registered=PAST, level="Cấp huyện", number="125-QĐ/HU",
        decided="20/11/2023", reason="Rà soát: không còn hiệu quả", money=""):  # fmt: skip
    needs_decision = status == Status.RECOGNISED
    return [
        code,
        name,
        "GL-DANGXA",
        status,
        "Kinh tế",
        "2021–2025",
        registered,
        "Đường thôn hẹp, xuống cấp.",
        "Mở rộng 2 km đường thôn.",
        "Họp dân, vận động hiến đất.",
        level if needs_decision else "",
        number if needs_decision else "",
        decided if needs_decision else "",
        reason if status == Status.DISCONTINUED else "",
        money,
    ]


def check(user, *rows):
    job = imports.start_import(by=user, kind="initiatives", name="mo-hinh.xlsx", data=xlsx_bytes([HEADER, *rows]))
    return preview(job)


# --- the matrix: role × target status × record state -------------------------------------------------

IMPORTERS = ["officer_a", "province_staff"]
NEW_ALLOWED = {
    "officer_a": {Status.DRAFT, Status.SUBMITTED},
    "province_staff": {Status.DRAFT, Status.SUBMITTED, *REGISTERED_STATUSES},
}


@pytest.mark.parametrize("role", IMPORTERS)
@pytest.mark.parametrize("status", Status.values)
def test_import_matrix_new_record(request, unit_a, role, status):
    user = request.getfixturevalue(role)

    [(number, outcome, errors)] = check(user, row(status))

    expected = "new" if status in NEW_ALLOWED[role] else "error"
    assert (number, outcome) == (2, expected), errors


@pytest.mark.parametrize("role", IMPORTERS)
@pytest.mark.parametrize("state", Status.values)
def test_import_matrix_update_of_an_existing_record(request, unit_a, officer_a, role, state):
    user = request.getfixturevalue(role)
    existing = InitiativeFactory(code="GL-01", name="Hiến đất làm đường", unit=unit_a, status=state, created_by=officer_a)
    if state == Status.RECOGNISED:
        RecognitionFactory(initiative=existing)

    [(_number, outcome, errors)] = check(user, [existing.code, existing.name, "GL-DANGXA", state] + [""] * 10 + ["5.000.000"])

    if state in (Status.DRAFT, Status.RETURNED):
        assert (outcome, errors) == ("update", [])
    else:
        label = Status(state).label
        assert (outcome, errors) == (
            "error",
            [
                (
                    "",
                    f"Mô hình này đang ở trạng thái “{label}”: "
                    "chỉ sửa được qua tệp khi là nháp hoặc bị trả lại, như trên biểu mẫu.",
                )
            ],
        )


@pytest.mark.parametrize("role", ["leader", "admin_user"])
def test_import_matrix_readers_cannot_import_at_all(client_for, request, role):
    response = client_for(request.getfixturevalue(role)).get(reverse("imports:index"))

    assert response.status_code == 403
    assert "Không được phép" in response.text


# --- what each refusal says, and what an allowed row writes --------------------------------------------


def test_officer_cannot_import_a_recognised_model_the_probe_found(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([HEADER, row(Status.RECOGNISED)]))

    confirm(client, last_job())

    assert preview(last_job()) == [
        (
            2,
            "error",
            [
                (
                    "Trạng thái",
                    "Chỉ chuyên viên cấp tỉnh mới được ghi mô hình ở trạng thái “Đã công nhận” (cho một kỳ đã qua); "
                    "bạn có thể tạo mô hình nháp hoặc gửi duyệt.",
                )
            ],
        )
    ]
    assert (Initiative.objects.count(), Recognition.objects.count()) == (0, 0)


@pytest.mark.status_rule
def test_province_staff_imports_a_past_recognised_model_with_its_recognition_record(client_for, province_staff, unit_a):
    client = client_for(province_staff)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([HEADER, row(Status.RECOGNISED)]))

    confirm(client, last_job())

    initiative = Initiative.objects.get()
    recognition = initiative.recognitions.get()
    assert (last_job().status, initiative.status) == ("done", Status.RECOGNISED)
    assert (recognition.level.name, recognition.decision_no, recognition.decided_on, recognition.in_force) == (
        "Cấp huyện",
        "125-QĐ/HU",
        datetime.date(2023, 11, 20),
        True,
    )
    assert recognition.recorded_by == province_staff
    page = client.get(reverse("initiatives:showcase")).content.decode()
    assert "Hiến đất làm đường" in page


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"level": ""}, "Cấp công nhận", "Mô hình đã công nhận cần có cấp công nhận."),
        ({"number": ""}, "Số quyết định công nhận", "Mô hình đã công nhận cần có số quyết định công nhận."),
        ({"decided": ""}, "Ngày quyết định công nhận", "Mô hình đã công nhận cần có ngày quyết định công nhận."),
        ({"level": "Cấp vũ trụ"}, "Cấp công nhận", None),
        ({"decided": "01/01/2020"}, "Ngày quyết định công nhận", None),
    ],
)
def test_recognised_row_needs_its_decision(province_staff, unit_a, changes, column, message):
    [(_number, outcome, errors)] = check(province_staff, row(Status.RECOGNISED, **changes))

    assert outcome == "error"
    assert [c for c, _m in errors] == [column]
    if message:
        assert errors[0][1] == message


def test_registered_status_only_for_a_past_period(province_staff, unit_a):
    this_half = datetime.date.today().replace(day=1).strftime("%d/%m/%Y")

    [(_number, outcome, errors)] = check(province_staff, row(Status.IN_PROGRESS, registered=this_half))

    assert outcome == "error"
    assert errors[0][0] == "Ngày đăng ký"
    assert "chỉ được ghi cho một kỳ đã qua" in errors[0][1]


def test_discontinued_row_needs_its_reason_and_keeps_it_in_the_history(client_for, province_staff, unit_a):
    [(_n, refused, errors)] = check(province_staff, row(Status.DISCONTINUED, reason=""))
    client = client_for(province_staff)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([HEADER, row(Status.DISCONTINUED)]))
    confirm(client, last_job())

    assert (refused, errors) == ("error", [("Lý do dừng", "Mô hình đã dừng cần có lý do dừng.")])
    change = Initiative.objects.get().status_changes.get()
    assert (change.from_status, change.to_status) == ("", Status.DISCONTINUED)
    assert change.note.endswith("Rà soát: không còn hiệu quả")


def test_submitted_row_needs_what_a_submission_needs(officer_a, unit_a):
    bare = ["", "Chợ văn minh", "GL-DANGXA", Status.SUBMITTED] + [""] * 11

    [(_number, outcome, errors)] = check(officer_a, bare)

    assert outcome == "error"
    assert errors[0][0] == "Trạng thái"
    assert errors[0][1].startswith("Chưa thể gửi duyệt. Còn thiếu: lĩnh vực, giai đoạn, ngày đăng ký")


def test_import_of_a_recognised_model_changes_no_money_and_no_date(client_for, officer_a, unit_a):
    """The probe's second finding: a file matched a recognised model by name and unit and moved report totals."""
    existing = InitiativeFactory(name="Hiến đất làm đường", unit=unit_a, status=Status.RECOGNISED, money_mobilised=None)
    RecognitionFactory(initiative=existing)
    client = client_for(officer_a)
    upload(client, "initiatives", "x.xlsx", xlsx_bytes([["Tên mô hình", "Đơn vị", "Số tiền huy động", "Ngày đăng ký"], [
        "Hiến đất làm đường", "GL-DANGXA", "9.000.000.000", "01/01/2020"]]))  # fmt: skip

    confirm(client, last_job())

    existing.refresh_from_db()
    assert (existing.money_mobilised, last_job().status) == (None, "ready")
    assert preview(last_job())[0][1] == "error"


def test_an_exported_recognised_model_reimports_unchanged(client_for, province_staff, unit_a):
    existing = InitiativeFactory(code="GL-09", name="Hiến đất", unit=unit_a, status=Status.RECOGNISED)
    RecognitionFactory(initiative=existing)

    data = xlsx_bytes([HEADER[:4], ["GL-09", "Hiến đất", "GL-DANGXA", "Đã công nhận"]])

    job = imports.start_import(by=province_staff, kind="initiatives", name="xuat.xlsx", data=data)

    assert preview(job) == [(2, "unchanged", [])]


def test_a_code_outside_the_area_reads_like_any_taken_code(officer_a, unit_a, unit_b):
    InitiativeFactory(code="LB-01", unit=unit_b)

    outside = check(officer_a, row(Status.DRAFT, code="LB-01"))[0][2]

    assert outside == [("Mã mô hình", "Mã LB-01 đã thuộc về một mô hình khác.")]  # nothing says where


# --- the rule in the database: status and recognition records never disagree ----------------------------


def immediately():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.status_rule
def test_database_refuses_a_recognised_model_without_a_decision(unit_a):
    from django.db import IntegrityError, transaction

    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)
    immediately()

    with pytest.raises(IntegrityError, match="recognised without a recognition decision"), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(status=Status.RECOGNISED)


@pytest.mark.status_rule
def test_database_refuses_a_decision_in_force_on_a_model_in_progress(unit_a):
    from django.db import IntegrityError, transaction

    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)
    immediately()

    with pytest.raises(IntegrityError, match="has a recognition decision in force"), transaction.atomic():
        RecognitionFactory(initiative=initiative)


@pytest.mark.status_rule
def test_database_accepts_the_workflows_recognition_and_discontinuation(province_staff, unit_a):
    from models_registry.awards.domain import recognise
    from models_registry.initiatives.workflow import change_status
    from tests.factories_awards import level

    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)
    recognise(
        initiative, by=province_staff, level=level("tinh"), decision_no="1-QĐ", decided_on=datetime.date(2025, 1, 2), signer="A"
    )
    change_status(initiative, Status.DISCONTINUED, by=province_staff, note="Dừng")
    immediately()  # the deferred check runs now, as at a commit: no error

    initiative.refresh_from_db()
    assert initiative.status == Status.DISCONTINUED
