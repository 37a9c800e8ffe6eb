"""A return is a state of its own, "Bị trả lại" (issue 12, item 3): the reason is pinned on the edit form and the
detail page, the officer edits the model as a draft and resubmits it, and the reviewer sees what changed."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse

from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.initiatives.workflow import change_status
from tests.factories import InitiativeFactory

REASON = "Bổ sung biên bản họp dân và ảnh minh chứng."


@pytest.fixture
def returned(officer_a, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED, name="Hiến đất mở đường", created_by=officer_a)
    change_status(initiative, Status.RETURNED, by=province_staff, note=REASON)
    return initiative


def edit_data(initiative, **changes):
    data = {
        "kind": "model",
        "name": initiative.name,
        "unit": initiative.unit_id,
        "field": initiative.field_id,
        "phase": initiative.phase_id,
        "registered_on": initiative.registered_on.strftime("%d/%m/%Y"),
        "situation": initiative.situation,
        "goals": initiative.goals,
        "content_method": initiative.content_method,
        "action": "save",
    }
    return {**data, **changes}


def test_return_moves_the_model_to_returned_with_its_reason(returned, province_staff):
    returned.refresh_from_db()

    last = StatusChange.objects.filter(initiative=returned).last()
    assert (returned.status, returned.get_status_display()) == ("returned", "Bị trả lại")
    assert (last.from_status, last.to_status, last.by, last.note) == ("submitted", "returned", province_staff, REASON)


def test_returned_reason_is_pinned_on_the_detail_page_and_the_edit_form(client_for, officer_a, returned):
    client = client_for(officer_a)

    detail = client.get(returned.get_absolute_url()).content.decode()
    form = client.get(reverse("initiatives:edit", args=[returned.pk])).content.decode()

    assert REASON in detail and REASON in form
    assert detail.index('id="return-reason"') < detail.index("Thông tin chung")  # above the content
    assert form.index('id="return-reason"') < form.index('class="initiative-form')  # above the form
    assert "Lưu và gửi duyệt lại" in form


def test_officer_edits_a_returned_model_and_it_stays_returned(client_for, officer_a, returned):
    response = client_for(officer_a).post(
        reverse("initiatives:edit", args=[returned.pk]), edit_data(returned, goals="Mở rộng 2 km đường thôn."), follow=True
    )

    returned.refresh_from_db()
    assert (returned.status, returned.goals) == (Status.RETURNED, "Mở rộng 2 km đường thôn.")
    assert [str(m) for m in response.context["messages"]] == [
        "Đã lưu “Hiến đất mở đường”. Mô hình vẫn ở trạng thái bị trả lại cho đến khi bạn gửi duyệt lại."
    ]


def test_resubmission_checks_required_fields(client_for, officer_a, returned):
    response = client_for(officer_a).post(
        reverse("initiatives:edit", args=[returned.pk]), edit_data(returned, goals="", action="submit")
    )

    returned.refresh_from_db()
    assert returned.status == Status.RETURNED
    assert response.context["form"].errors["goals"] == ["Cần nhập trước khi gửi duyệt."]


def test_reviewer_sees_what_changed_since_the_return(client_for, officer_a, province_staff, returned):
    client_for(officer_a).post(
        reverse("initiatives:edit", args=[returned.pk]),
        edit_data(returned, goals="Mở rộng 2 km đường thôn.", action="submit"),
    )

    response = client_for(province_staff).get(returned.get_absolute_url())

    returned.refresh_from_db()
    assert returned.status == Status.SUBMITTED
    assert [(str(label), old, new) for label, old, new in response.context["changes_since_return"]] == [
        ("Mục tiêu và chỉ tiêu đo được", "Vận động nhân dân cùng làm.", "Mở rộng 2 km đường thôn.")
    ]
    assert "Đã gửi duyệt lại: những gì đã sửa từ khi bị trả lại" in response.content.decode()


def test_a_first_submission_shows_no_changes_table(client_for, province_staff, unit_a):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)

    response = client_for(province_staff).get(initiative.get_absolute_url())

    assert response.context["changes_since_return"] == []
    assert 'id="changes-since-return"' not in response.content.decode()


def test_list_filters_returned_models(client_for, officer_a, returned, unit_a):
    InitiativeFactory(unit=unit_a, status=Status.DRAFT, name="Nháp khác")

    response = client_for(officer_a).get(reverse("initiatives:list"), {"status": "returned"})

    assert [row.record.name for row in response.context["table"].page.object_list] == ["Hiến đất mở đường"]


def test_officer_sees_the_returned_count_in_the_navigation_and_the_dashboard(client_for, officer_a, officer_b, returned):
    mine = client_for(officer_a).get(reverse("home"))
    badge = next(item for item in mine.context["nav_items"] if item["badge"] == "nav_returned_count")

    assert (badge["count"], mine.context["returned_count"]) == (1, 1)
    assert "bị trả lại, cần sửa" in mine.content.decode()
    other = client_for(officer_b).get(reverse("home"))
    assert next(i["count"] for i in other.context["nav_items"] if i["badge"] == "nav_returned_count") == 0


def test_a_returned_model_is_not_registered_in_reports(returned):
    from models_registry.initiatives.enums import REGISTERED_STATUSES

    assert Status.RETURNED not in REGISTERED_STATUSES


def test_migration_turns_past_returns_into_the_returned_state(officer_a, province_staff, unit_a):
    migration = importlib.import_module("models_registry.initiatives.migrations.0005_returned_status")
    still_back = InitiativeFactory(unit=unit_a, status=Status.DRAFT)
    resubmitted = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    plain_draft = InitiativeFactory(unit=unit_a, status=Status.DRAFT)
    for initiative, moves in (
        (still_back, [("", "draft"), ("draft", "submitted"), ("submitted", "draft")]),
        (resubmitted, [("", "draft"), ("draft", "submitted"), ("submitted", "draft"), ("draft", "submitted")]),
        (plain_draft, [("", "draft")]),
    ):
        for number, (frm, to) in enumerate(moves):
            StatusChange.objects.create(
                initiative=initiative, from_status=frm, to_status=to, at=f"2024-0{number + 1}-01T09:00:00+07:00"
            )

    with connection.cursor() as cursor:
        cursor.execute(migration.RENAME_RETURNS)

    statuses = dict(Initiative.objects.values_list("pk", "status"))
    history = {
        i.pk: list(StatusChange.objects.filter(initiative=i).values_list("from_status", "to_status"))
        for i in (still_back, resubmitted)
    }
    assert (statuses[still_back.pk], statuses[resubmitted.pk], statuses[plain_draft.pk]) == ("returned", "submitted", "draft")
    assert history[still_back.pk] == [("", "draft"), ("draft", "submitted"), ("submitted", "returned")]
    assert history[resubmitted.pk] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]
