"""The workflow of a model: the whole move matrix, reasons and requirements, stale moves, e-mail, the pages' buttons."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.awards.models import Recognition, RecognitionLevel
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.initiatives.workflow import StaleTransition, TransitionNotAllowed, change_status
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_initiatives import ensure_reference_data
from tests.pages import NOT_ALLOWED, seen

ROLES = ["officer_a", "officer_b", "province_staff", "leader", "admin_user"]
PAIRS = [(frm, to) for frm in Status.values for to in Status.values if frm != to]
# Who may make each move on a model of district A; every other (from, to, role) is refused.
ALLOWED = {
    (Status.DRAFT, Status.SUBMITTED): {"officer_a", "province_staff"},
    (Status.SUBMITTED, Status.RETURNED): {"province_staff"},
    (Status.RETURNED, Status.SUBMITTED): {"officer_a", "province_staff"},
    (Status.SUBMITTED, Status.IN_PROGRESS): {"province_staff"},
    (Status.SUBMITTED, Status.REJECTED): {"province_staff"},
    # an office may recognise at its own level: awards.domain.recognise checks the level before this move
    (Status.IN_PROGRESS, Status.RECOGNISED): {"officer_a", "province_staff"},
    (Status.RECOGNISED, Status.IN_PROGRESS): {"province_staff"},
    (Status.IN_PROGRESS, Status.DISCONTINUED): {"officer_a", "province_staff"},
    (Status.RECOGNISED, Status.DISCONTINUED): {"officer_a", "province_staff"},
}


def recognise_on_paper(initiative):
    """The recognition row the awards engineer writes before the recognise move."""
    return Recognition.objects.create(
        initiative=initiative,
        level=RecognitionLevel.objects.order_by("order").first(),
        decision_no="123/QĐ-BDV",
        decided_on=datetime.date(2025, 6, 30),
        signer="Nguyễn Văn A",
    )


def history(initiative):
    return list(StatusChange.objects.filter(initiative=initiative).values_list("from_status", "to_status", "by", "note"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("frm", "to"), PAIRS)
def test_transition_matrix_allows_exactly_the_table(request, unit_a, officer_a, role, frm, to):
    user = request.getfixturevalue(role)
    initiative = InitiativeFactory(unit=unit_a, status=frm, created_by=officer_a)
    if (frm, to) == (Status.IN_PROGRESS, Status.RECOGNISED):
        recognise_on_paper(initiative)

    if role in ALLOWED.get((frm, to), set()):
        change = change_status(initiative, to, by=user, note="Lý do ghi rõ")

        initiative.refresh_from_db()
        assert initiative.status == to
        assert history(initiative) == [(frm, to, user.pk, "Lý do ghi rõ")]
        assert (change.from_status, change.to_status, change.by) == (frm, to, user)
    else:
        with pytest.raises(TransitionNotAllowed):
            change_status(initiative, to, by=user, note="Lý do ghi rõ")

        initiative.refresh_from_db()
        assert (initiative.status, history(initiative)) == (frm, [])


def test_recognise_without_recognition_in_force_is_refused(province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)

    with pytest.raises(TransitionNotAllowed):
        change_status(initiative, Status.RECOGNISED, by=province_staff)

    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("frm", "to"),
    [
        (Status.SUBMITTED, Status.RETURNED),
        (Status.SUBMITTED, Status.REJECTED),
        (Status.IN_PROGRESS, Status.DISCONTINUED),
    ],
)
def test_move_needing_a_reason_without_one_is_refused(province_staff, unit_a, frm, to):
    initiative = InitiativeFactory(unit=unit_a, status=frm)

    with pytest.raises(DomainError) as error:
        change_status(initiative, to, by=province_staff, note="   ")

    initiative.refresh_from_db()
    assert (error.value.message, initiative.status, history(initiative)) == ("Vui lòng nêu lý do.", frm, [])


def test_submit_with_missing_fields_names_them_in_vietnamese(officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, field=None, goals="", registered_on=None)

    with pytest.raises(DomainError) as error:
        change_status(initiative, Status.SUBMITTED, by=officer_a)

    initiative.refresh_from_db()
    assert error.value.message == "Chưa thể gửi duyệt. Còn thiếu: lĩnh vực, ngày đăng ký, mục tiêu và chỉ tiêu đo được."
    assert (initiative.status, history(initiative)) == (Status.DRAFT, [])


def test_submit_exemplar_needs_person_name_and_position(officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, kind=InitiativeKind.EXEMPLAR, person_name="", person_position="")

    with pytest.raises(DomainError) as error:
        change_status(initiative, Status.SUBMITTED, by=officer_a)

    assert error.value.message == "Chưa thể gửi duyệt. Còn thiếu: họ và tên, chức vụ."


def test_change_status_records_audit_row(province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    change_status(initiative, Status.RETURNED, by=province_staff, note="Bổ sung minh chứng")

    entry = AuditEntry.objects.get(object_id=initiative.pk, action="status")
    assert (entry.actor, entry.changes, entry.note) == (
        province_staff,
        {"status": ["submitted", "returned"]},
        "Bổ sung minh chứng",
    )


def test_stale_move_raises_and_keeps_the_first(province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    seen_by_other = Initiative.objects.get(pk=initiative.pk)
    change_status(initiative, Status.IN_PROGRESS, by=province_staff)

    with pytest.raises(StaleTransition):
        change_status(seen_by_other, Status.REJECTED, by=province_staff, note="Không phù hợp")

    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PROGRESS
    assert history(initiative) == [(Status.SUBMITTED, Status.IN_PROGRESS, province_staff.pk, "")]


@pytest.mark.django_db(transaction=True)
def test_two_connections_approving_at_once_exactly_one_wins(django_db_blocker):
    ensure_reference_data()
    from tests.factories import AreaFactory, OfficeFactory, UserFactory

    province = AreaFactory(code="P01", name="Hà Nội", level="province")
    staff = [UserFactory(username=f"staff{n}", role="province_staff", office=OfficeFactory(area=province)) for n in (1, 2)]
    unit = UnitFactory(area=AreaFactory(code="LC1", name="Đặng Xá", parent=province))
    pk = InitiativeFactory(unit=unit, status=Status.SUBMITTED).pk
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            initiative = Initiative.objects.select_related("unit__area").get(pk=pk)
            barrier.wait(timeout=10)
            change_status(initiative, Status.IN_PROGRESS, by=user)
            outcomes.append("won")
        except StaleTransition:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["stale", "won"]
    assert StatusChange.objects.filter(initiative_id=pk).count() == 1
    assert Initiative.objects.get(pk=pk).status == Status.IN_PROGRESS


# --- e-mail -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frm", "to", "subject"),
    [
        (Status.SUBMITTED, Status.RETURNED, "[DVK] “Hiến đất mở đường” đã bị trả lại để bổ sung"),
        (Status.SUBMITTED, Status.IN_PROGRESS, "[DVK] “Hiến đất mở đường” đã được phê duyệt"),
        (Status.SUBMITTED, Status.REJECTED, "[DVK] “Hiến đất mở đường” không được phê duyệt"),
    ],
)
def test_registering_officer_gets_email_after_commit(
    django_capture_on_commit_callbacks, officer_a, province_staff, unit_a, frm, to, subject
):
    initiative = InitiativeFactory(unit=unit_a, status=frm, name="Hiến đất mở đường", created_by=officer_a)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(initiative, to, by=province_staff, note="Cần bổ sung biên bản họp dân")
        assert mail.outbox == []  # nothing leaves before the commit

    assert [(m.subject, m.to) for m in mail.outbox] == [(subject, ["officer_a@example.vn"])]
    assert "Cần bổ sung biên bản họp dân" in mail.outbox[0].body
    assert "Mô hình “Hiến đất mở đường” (UBND xã Đặng Xá)" in mail.outbox[0].body


def test_submit_sends_no_email(django_capture_on_commit_callbacks, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, created_by=officer_a)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(initiative, Status.SUBMITTED, by=officer_a)

    assert mail.outbox == []


# --- the pages ------------------------------------------------------------------------------------


def test_detail_offers_only_this_users_moves(client_for, province_staff, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    staff_moves = [m.name for _, m in client_for(province_staff).get(initiative.get_absolute_url()).context["moves"]]
    officer_moves = [m.name for _, m in client_for(officer_a).get(initiative.get_absolute_url()).context["moves"]]

    assert (staff_moves, officer_moves) == (["return", "approve", "reject"], [])


def test_move_by_post_changes_status_and_says_so(client_for, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    response = client_for(province_staff).post(
        reverse("initiatives:move", args=[initiative.pk, "return"]), {"note": "Thiếu ảnh minh chứng"}, follow=True
    )

    initiative.refresh_from_db()
    assert initiative.status == Status.RETURNED
    assert [str(m) for m in response.context["messages"]] == ["Mô hình đã chuyển sang “Bị trả lại”."]
    assert response.context["return_note"].note == "Thiếu ảnh minh chứng"


def test_move_by_get_is_refused(client_for, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    response = client_for(province_staff).get(reverse("initiatives:move", args=[initiative.pk, "approve"]))

    initiative.refresh_from_db()
    assert (response.status_code, initiative.status) == (405, Status.SUBMITTED)


def test_move_without_reason_shows_message_and_changes_nothing(client_for, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    response = client_for(province_staff).post(
        reverse("initiatives:move", args=[initiative.pk, "reject"]), {"note": ""}, follow=True
    )

    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert [str(m) for m in response.context["messages"]] == ["Vui lòng nêu lý do."]


def test_stale_move_from_page_says_someone_else_was_first(client_for, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)  # approved meanwhile by a colleague

    response = client_for(province_staff).post(reverse("initiatives:move", args=[initiative.pk, "approve"]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Người khác đã thay đổi mô hình này trước bạn. Trang đang hiển thị mô hình như hiện tại."
    ]
    assert StatusChange.objects.filter(initiative=initiative).count() == 0


@pytest.mark.parametrize("move", ["submit", "return", "approve", "reject", "discontinue"])
def test_move_on_other_districts_model_is_404(client_for, officer_b, unit_a, move):
    frm = {"submit": Status.DRAFT, "discontinue": Status.IN_PROGRESS}.get(move, Status.SUBMITTED)
    initiative = InitiativeFactory(unit=unit_a, status=frm)

    response = client_for(officer_b).post(reverse("initiatives:move", args=[initiative.pk, move]), {"note": "x"})

    initiative.refresh_from_db()
    assert (response.status_code, initiative.status) == (404, frm)


def test_review_queue_lists_submitted_oldest_first_with_nav_count(client_for, province_staff, unit_a, unit_b):
    older = InitiativeFactory(unit=unit_b, status=Status.SUBMITTED, name="Cũ hơn")
    newer = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED, name="Mới hơn")
    Initiative.objects.filter(pk=older.pk).update(status_changed_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC))
    InitiativeFactory(unit=unit_a, status=Status.DRAFT)

    response = client_for(province_staff).get(reverse("initiatives:review_queue"))

    names = [row.record.name for row in response.context["table"].page.object_list]
    badge = next(item["count"] for item in response.context["nav_items"] if item["badge"] == "nav_review_count")
    assert (names, badge) == (["Cũ hơn", "Mới hơn"], 2)
    assert newer.pk


def test_review_queue_is_for_province_staff_only(client_for, officer_a):
    response = client_for(officer_a).get(reverse("initiatives:review_queue"))

    assert seen(response) == (403, NOT_ALLOWED, [])


def test_review_badge_stops_counting_at_99(client_for, province_staff, unit_a, monkeypatch):
    from danvan import context_processors

    monkeypatch.setattr(context_processors, "BADGE_CAP", 2)
    InitiativeFactory.create_batch(3, unit=unit_a, status="submitted")

    response = client_for(province_staff).get(reverse("units:list"))

    badge = next(item for item in response.context["nav_items"] if item["badge"] == "nav_review_count")
    assert badge["count"] == "2+"


def test_edit_of_a_model_moved_on_meanwhile_raises_stale(officer_a, province_staff, unit_a):
    from models_registry.initiatives.domain import update_initiative

    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED, name="Trước")

    with pytest.raises(StaleTransition):
        update_initiative(initiative, by=officer_a, values={"name": "Sau"})

    initiative.refresh_from_db()
    assert initiative.name == "Trước"


def test_refused_move_answers_403_with_the_reason_and_changes_nothing(client_for, officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    response = client_for(officer_a).post(reverse("initiatives:move", args=[initiative.pk, "approve"]))

    initiative.refresh_from_db()
    assert (response.status_code, initiative.status) == (403, Status.SUBMITTED)
    assert "Thao tác này hiện không được phép đối với bạn." in response.text
