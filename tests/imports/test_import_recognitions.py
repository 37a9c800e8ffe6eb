"""Issue 14 item 6: recognition decisions from Excel. A row recognises a model exactly as the recognise form does
(awards.domain.recognise: the decision, the status move, its history and audit rows, the showcase's version), replaces
the decision in force with a reason (both kept), or re-reads a decision already in the registry as "unchanged";
only province staff import them, and only for models of their area."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.awards import domain as awards
from models_registry.awards.models import Recognition
from models_registry.imports import domain
from models_registry.imports.models import ImportJob
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.initiatives.showcase import current_version
from models_registry.units.enums import AreaLevel
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import RecognitionFactory, level
from tests.factories_imports import OFFICE_TITLE, SIGNATURE, confirm, last_job, office_xlsx, preview, upload, xlsx_bytes

# An office's list: titles above, "Mô hình" and "Quyết định công nhận" merged over two header rows, a signature below.
GROUPS = ("STT", "Mô hình", None, "Đơn vị", "Quyết định công nhận", None, None, None)
HEADER = ("STT", "Mã mô hình", "Tên mô hình", "Đơn vị", "Số quyết định", "Ngày quyết định", "Cấp công nhận", "Người ký")
TOP = len(OFFICE_TITLE) + 1  # the sheet row of the first header row
MERGES = (f"A{TOP}:A{TOP + 1}", f"B{TOP}:C{TOP}", f"D{TOP}:D{TOP + 1}", f"E{TOP}:H{TOP}")
FLAT = ("Mã mô hình", "Tên mô hình", "Số quyết định", "Ngày quyết định", "Cấp công nhận", "Người ký", "Lý do thu hồi")
FLAT_STATE = (*FLAT, "Tình trạng")


def office_file(*rows) -> bytes:
    numbered = [(number, *row) for number, row in enumerate(rows, start=1)]
    return office_xlsx([GROUPS, HEADER], numbered, merges=MERGES, footer=SIGNATURE)


def row(model, number="125-QĐ/BDVTU", decided="15/05/2025", at="Cấp tỉnh", signer="Nguyễn Văn Bình"):
    return (model.code, model.name, model.unit.code, number, decided, at, signer)


def flat(model, number="125-QĐ/BDVTU", decided="15/05/2025", at="Cấp tỉnh", signer="Nguyễn Văn Bình", reason="", state=""):
    cells = (model.code, model.name, number, decided, at, signer, reason)
    return (*cells, state) if state else cells


def check(user, *rows, header=FLAT) -> ImportJob:
    width = max(len(r) for r in rows)
    return domain.start_import(by=user, kind="recognitions", name="cong-nhan.xlsx", data=xlsx_bytes([header[:width], *rows]))


def _import(client, data: bytes) -> ImportJob:
    upload(client, "recognitions", "cong-nhan.xlsx", data)
    job = last_job()
    if job.status == "ready" and not job.error_count:
        confirm(client, job)
    job.refresh_from_db()
    return job


@pytest.fixture
def model_a(unit_a):
    return InitiativeFactory(code="GL-01", unit=unit_a, status="in_progress", name="Dân vận khéo trong hiến đất làm đường")


def _trail(model) -> list[tuple]:
    """What recognising wrote about a model, without ids and times: its history rows, and the audit rows of the model
    and of its decisions."""
    history = [(c.from_status, c.to_status, c.by_id, c.note) for c in StatusChange.objects.filter(initiative=model)]
    decisions = list(model.recognitions.values_list("pk", flat=True))
    audit = AuditEntry.objects.filter(object_id__in=[model.pk, *decisions]).order_by("pk")
    entries = [
        (entry.content_type.model, entry.action, entry.actor_id, entry.changes, entry.note)
        for entry in audit
        if entry.content_type.model in ("initiative", "recognition")
        and (entry.content_type.model == "recognition") == (entry.object_id in decisions)
    ]
    return [*history, *entries]


# --- the template and the page ------------------------------------------------------------------------------


def test_recognition_template_has_vietnamese_headers_levels_and_instructions(client_for, province_staff):
    response = client_for(province_staff).get(reverse("imports:template", args=["recognitions"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book["Dữ liệu"][1] if cell.value] == [
        "Số quyết định",
        "Ngày quyết định",
        "Mô hình",
        "Mã mô hình",
        "Đơn vị",
        "Mã đơn vị",
        "Cấp công nhận",
        "Người ký",
        "Tình trạng",
        "Lý do thu hồi",
    ]
    lists = book["Danh mục"]
    assert [cell.value for cell in lists["G"] if cell.value] == [
        "Cấp công nhận",
        "Cấp xã",
        "Cấp huyện",
        "Cấp tỉnh",
        "Cấp Trung ương",
    ]
    guide = list(book["Hướng dẫn"].iter_rows(values_only=True))
    assert guide[0][0] == "Tệp nhập: Công nhận mô hình"
    assert ("Mã mô hình", "Có", "Mã của mô hình trong sổ (tệp xuất có sẵn): mã này xác định mô hình.") in guide
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-recognitions.xlsx"'


def test_import_page_offers_recognitions_to_province_staff_in_vietnamese(client_for, province_staff):
    page = client_for(province_staff).get(reverse("imports:index"))

    assert ("recognitions", "Công nhận mô hình") in [(value, str(label)) for value, label in page.context["kinds"]]
    assert "Tệp mẫu: Công nhận mô hình" in page.text


def test_the_template_itself_imports_nothing_its_example_is_left_out(client_for, province_staff):
    client = client_for(province_staff)
    blank = client.get(reverse("imports:template", args=["recognitions"])).content

    response = upload(client, "recognitions", "mau.xlsx", blank)

    assert response.context["form"].errors["file"] == ["Bảng dưới dòng tiêu đề không có dữ liệu."]
    assert ImportJob.objects.count() == 0


# --- a new decision: exactly the recognise form's rows ------------------------------------------------------


@pytest.mark.status_rule
def test_a_new_row_recognises_the_model_exactly_as_the_recognise_form_does(client_for, province_staff, office_province, unit_a):
    by_file = InitiativeFactory(code="GL-01", unit=unit_a, status="in_progress", name="Hiến đất làm đường")
    by_form = InitiativeFactory(code="GL-02", unit=unit_a, status="in_progress", name="Chợ văn minh")
    client = client_for(province_staff)
    version = current_version()

    client.post(
        reverse("awards:recognise", args=[by_form.pk]),
        {"level": level("tinh").pk, "decision_no": "125-QĐ/BDVTU", "decided_on": "15/05/2025", "signer": "Nguyễn Văn Bình"},
    )
    job = _import(client, office_file(row(by_file)))

    assert (job.status, job.counts["new"]) == ("done", 1)
    assert preview(job) == [(TOP + 2, "new", []), *[(n, "ignored", []) for n, _s, _e in preview(job)[1:]]]
    by_file.refresh_from_db()
    assert by_file.status == "recognised"
    decision = by_file.recognitions.get()
    assert (decision.level.code, decision.decision_no, decision.decided_on, decision.signer) == (
        "tinh",
        "125-QĐ/BDVTU",
        datetime.date(2025, 5, 15),
        "Nguyễn Văn Bình",
    )
    assert (decision.office, decision.recorded_by, decision.in_force) == (office_province, province_staff, True)
    assert _trail(by_file) == _trail(by_form)
    assert _trail(by_file) == [
        ("in_progress", "recognised", province_staff.pk, "Quyết định 125-QĐ/BDVTU ngày 15/05/2025, Cấp tỉnh"),
        (
            "recognition",
            "create",
            province_staff.pk,
            {
                "level": [None, "Cấp tỉnh"],
                "decision_no": [None, "125-QĐ/BDVTU"],
                "decided_on": [None, "2025-05-15"],
                "signer": [None, "Nguyễn Văn Bình"],
            },
            "",
        ),
        (
            "initiative",
            "status",
            province_staff.pk,
            {"status": ["in_progress", "recognised"]},
            "Quyết định 125-QĐ/BDVTU ngày 15/05/2025, Cấp tỉnh",
        ),
    ]
    assert current_version() > version + 2  # the showcase shows both newly recognised models
    confirmation = AuditEntry.objects.get(content_type__model="importjob", object_id=job.pk)
    assert confirmation.changes["new"] == [None, 1]


def test_preview_shows_the_decision_as_read_before_anything_is_written(client_for, province_staff, model_a):
    upload(client_for(province_staff), "recognitions", "cong-nhan.xlsx", office_file(row(model_a, decided="15/5/2025")))

    [values] = [r.values for r in last_job().rows.filter(status="new")]
    assert values == [
        ["Tên mô hình", None, "Dân vận khéo trong hiến đất làm đường"],
        ["Cấp công nhận", None, "Cấp tỉnh"],
        ["Số quyết định", None, "125-QĐ/BDVTU"],
        ["Ngày quyết định", None, "15/05/2025"],
        ["Người ký", None, "Nguyễn Văn Bình"],
    ]
    assert last_job().rows.get(status="new").label == "GL-01 · 125-QĐ/BDVTU"
    model_a.refresh_from_db()
    assert (model_a.status, Recognition.objects.count(), StatusChange.objects.count()) == ("in_progress", 0, 0)


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "rejected", "discontinued"])
def test_a_model_that_cannot_be_recognised_is_refused_with_the_workflows_message(province_staff, unit_a, status):
    model = InitiativeFactory(code="GL-09", unit=unit_a, status=status)
    with pytest.raises(DomainError) as web:
        awards.recognise(
            model, by=province_staff, level=level("tinh"), decision_no="1-QĐ", decided_on=datetime.date(2025, 5, 15), signer="A"
        )

    job = check(province_staff, flat(model, number="1-QĐ", signer="A"))

    label = Status(status).label
    assert web.value.message == f"Chỉ mô hình đang thực hiện mới được công nhận; mô hình này đang ở trạng thái “{label}”."
    assert preview(job) == [(2, "error", [("", web.value.message)])]
    assert Recognition.objects.count() == 0


def test_the_decisions_own_rules_are_the_forms(province_staff, model_a):
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")

    job = check(province_staff, flat(model_a, decided=future), flat(model_a, number="2-QĐ", signer="", decided="01/02/2025"))

    assert preview(job) == [
        (2, "error", [("", "Ngày quyết định không thể ở tương lai.")]),
        (3, "error", [("", "Trùng với dòng 2 của tệp này (GL-01); hãy giữ một dòng.")]),
    ]


def test_province_staff_record_a_decision_at_any_level(province_staff, model_a):
    job = check(province_staff, flat(model_a, at="Cấp huyện"))

    assert preview(job) == [(2, "new", [])]


# --- scope and who may import -----------------------------------------------------------------------------


def test_a_row_for_a_model_outside_the_area_is_refused_naming_it_and_nothing_leaks(province_staff, model_a):
    elsewhere = AreaFactory(code="P79", name="Hồ Chí Minh", level=AreaLevel.PROVINCE)
    other = InitiativeFactory(
        code="HCM-01", name="Chợ văn minh", status="in_progress", unit=UnitFactory(code="HCM-U", area=elsewhere)
    )

    job = check(province_staff, flat(model_a), flat(other))

    assert preview(job) == [
        (2, "new", []),
        (3, "error", [("Tên mô hình", "Không có mô hình mã “HCM-01” trong địa bàn của bạn.")]),
    ]
    other.refresh_from_db()
    assert (other.status, Recognition.objects.count()) == ("in_progress", 0)
    assert "Hồ Chí Minh" not in str(list(job.rows.values_list("errors", flat=True)))


def test_the_models_name_confirms_its_code_and_suggests_the_code_it_may_mean(province_staff, model_a):
    job = check(
        province_staff,
        ("GL-01", "Chợ văn minh", "1-QĐ", "01/02/2025", "Cấp tỉnh", "B", ""),
        ("GL-1", "Dân vận khéo trong hiến đất làm đường", "2-QĐ", "01/02/2025", "Cấp tỉnh", "B", ""),
    )

    assert preview(job) == [
        (
            2,
            "error",
            [
                (
                    "Tên mô hình",
                    "Mã mô hình GL-01 là mô hình “Dân vận khéo trong hiến đất làm đường” (UBND xã Đặng Xá), "
                    "không phải “Chợ văn minh”: hãy kiểm tra lại mã hoặc tên.",
                )
            ],
        ),
        (
            3,
            "error",
            [
                (
                    "Tên mô hình",
                    "Không có mô hình mã “GL-1” trong địa bàn của bạn. Có phải “Dân vận khéo trong hiến đất làm đường (GL-01)”?",
                )
            ],
        ),
    ]


@pytest.mark.parametrize("who", ["successor_officer", "officer_a", "leader"])
def test_officers_and_leaders_cannot_import_recognitions(client_for, request, model_a, who):
    """Province staff import past records (DESIGN §3); an office recognises at its own level on the model's page."""
    user = request.getfixturevalue(who)
    client = client_for(user)

    page = client.get(reverse("imports:index"))
    template = client.get(reverse("imports:template", args=["recognitions"]))
    with pytest.raises(DomainError) as error:
        domain.start_import(by=user, kind="recognitions", name="x.xlsx", data=office_file(row(model_a)))

    if page.status_code == 200:
        assert "recognitions" not in [value for value, _label in page.context["kinds"]]
    assert template.status_code == 403
    assert error.value.message == "Bạn không được nhập loại dữ liệu này."
    assert (ImportJob.objects.count(), Recognition.objects.count()) == (0, 0)


def test_a_commune_officers_upload_of_recognitions_is_refused_by_the_form(client_for, successor_officer, unit_a):
    model = InitiativeFactory(code="GL-05", unit=unit_a, status="in_progress")

    response = upload(client_for(successor_officer), "recognitions", "x.xlsx", office_file(row(model, at="Cấp xã")))

    assert response.context["form"].errors["kind"] == [
        "Hãy chọn một lựa chọn hợp lệ. recognitions không phải là một trong các lựa chọn khả thi."
    ]
    model.refresh_from_db()
    assert (model.status, ImportJob.objects.count()) == ("in_progress", 0)


# --- decisions already in the registry ----------------------------------------------------------------------


@pytest.fixture
def recognised_a(model_a):
    Initiative.objects.filter(pk=model_a.pk).update(status="recognised")
    model_a.refresh_from_db()
    return RecognitionFactory(initiative=model_a, decision_no="125-QĐ/BDVTU", decided_on=datetime.date(2025, 5, 15))


@pytest.mark.parametrize("state", ["", "Còn hiệu lực", "còn hieu luc"])
def test_the_same_decision_again_is_unchanged(province_staff, recognised_a, state):
    job = check(province_staff, (*flat(recognised_a.initiative), state), header=FLAT_STATE)

    assert preview(job) == [(2, "unchanged", [])]


def test_another_decision_replaces_the_one_in_force_only_with_a_reason(client_for, province_staff, recognised_a):
    model = recognised_a.initiative
    client = client_for(province_staff)
    new_decision = flat(model, number="130-QĐ/BDVTU", decided="01/06/2025", at="Cấp Trung ương")

    refused = check(province_staff, new_decision)
    job = _import(client, xlsx_bytes([FLAT, (*new_decision[:-1], "Ghi nhầm cấp công nhận")]))

    assert preview(refused) == [
        (
            2,
            "error",
            [
                (
                    "Lý do thu hồi",
                    "Quyết định đang có hiệu lực của mô hình là 125-QĐ/BDVTU (15/05/2025), Cấp tỉnh, người ký Nguyễn Văn "
                    "Bình. Để thay bằng quyết định ở dòng này, hãy ghi lý do thu hồi quyết định cũ vào cột “Lý do thu "
                    "hồi” (cả hai quyết định đều được lưu).",
                )
            ],
        )
    ]
    assert (job.status, job.counts["update"]) == ("done", 1)
    assert job.rows.get().values == [
        ["Cấp công nhận", "Cấp tỉnh", "Cấp Trung ương"],
        ["Số quyết định", "125-QĐ/BDVTU", "130-QĐ/BDVTU"],
        ["Ngày quyết định", "15/05/2025", "01/06/2025"],
    ]
    recognised_a.refresh_from_db()
    model.refresh_from_db()
    new = model.recognitions.get(revoked_at__isnull=True)
    assert (recognised_a.in_force, recognised_a.revoke_reason, new.replaces, new.level.code) == (
        False,
        "Ghi nhầm cấp công nhận",
        recognised_a,
        "trung-uong",
    )
    assert model.status == "recognised"
    assert AuditEntry.objects.get(content_type__model="initiative", object_id=model.pk).changes == {
        "recognition": ["125-QĐ/BDVTU (15/05/2025)", "130-QĐ/BDVTU (01/06/2025)"]
    }


def test_a_file_neither_revokes_a_decision_nor_brings_one_back(province_staff, recognised_a, unit_a):
    model = recognised_a.initiative
    revoked = RecognitionFactory(
        initiative=InitiativeFactory(code="GL-03", unit=unit_a, status="in_progress", name="Chợ văn minh"),
        decision_no="9-QĐ/BDVTU",
        revoked_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
        revoke_reason="Sai đối tượng",
    )

    job = check(
        province_staff,
        flat(model, state="Đã thu hồi"),
        flat(revoked.initiative, number="9-QĐ/BDVTU", state="Còn hiệu lực"),
        flat(revoked.initiative, number="10-QĐ/BDVTU", decided="01/02/2025", state="Đã thu hồi"),
        header=FLAT_STATE,
    )

    assert preview(job) == [
        (
            2,
            "error",
            [
                (
                    "Tình trạng",
                    "Quyết định 125-QĐ/BDVTU (15/05/2025) đang có hiệu lực: hãy thu hồi trên trang của mô hình, kèm lý do.",
                )
            ],
        ),
        (
            3,
            "error",
            [
                (
                    "",
                    "Quyết định 9-QĐ/BDVTU (15/05/2025) đã bị thu hồi (Sai đối tượng); "
                    "quyết định đã thu hồi không được sửa hay cho hiệu lực lại.",
                )
            ],
        ),
        (4, "error", [("Tình trạng", "Tệp chỉ ghi quyết định còn hiệu lực; quyết định được thu hồi trên trang của mô hình.")]),
    ]


def test_a_revoked_decision_as_exported_is_unchanged(province_staff, recognised_a, unit_a):
    revoked = RecognitionFactory(
        initiative=recognised_a.initiative,
        decision_no="9-QĐ/BDVTU",
        decided_on=datetime.date(2024, 1, 5),
        revoked_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        revoke_reason="Thay bằng quyết định cấp tỉnh",
    )

    job = check(
        province_staff,
        flat(
            revoked.initiative,
            number="9-QĐ/BDVTU",
            decided="05/01/2024",
            reason="Thay bằng quyết định cấp tỉnh",
            state="Đã thu hồi",
        ),
        flat(recognised_a.initiative, state="Còn hiệu lực"),
        header=FLAT_STATE,
    )

    assert preview(job) == [(2, "unchanged", []), (3, "unchanged", [])]


def test_the_checks_queries_do_not_grow_with_the_rows(province_staff, unit_a):
    """The models named by code and their decisions are read once per file, not once per row (an exported file of
    recognitions re-read as unchanged); a new row adds only the recognise rules' own questions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    models = [InitiativeFactory(code=f"GL-{n}", unit=unit_a, status="recognised") for n in range(5)]
    for model in models:
        RecognitionFactory(initiative=model, decision_no=f"{model.code}-QĐ", decided_on=datetime.date(2025, 5, 15))
    check(province_staff, flat(models[0], number="GL-0-QĐ"))  # the user's scope is computed once, here
    counts = []
    for rows in (models[:1], models):
        with CaptureQueriesContext(connection) as queries:
            job = check(province_staff, *[flat(m, number=f"{m.code}-QĐ") for m in rows])
        counts.append(len(queries.captured_queries))
        assert {status for _n, status, _e in preview(job)} == {"unchanged"}

    assert counts[0] == counts[1]
