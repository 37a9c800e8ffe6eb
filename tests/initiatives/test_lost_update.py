"""No lost update (issue 12, item 4): two people edit the same record; the second saver is told that someone changed
it first, sees the other person's changes, keeps their own input in the form, and saves again deliberately.
The edit forms of models, units and period reports carry the version they were drawn from."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from danvan.accounts.enums import Role
from models_registry.initiatives.models import Initiative
from models_registry.units.models import Unit
from reports.enums import PeriodKind
from reports.models import ActivityIndicator, PeriodReport
from tests.factories import InitiativeFactory, UserFactory
from tests.factories_reports import ReportPeriodFactory

STALE = "Người khác đã sửa bản ghi này trong lúc bạn đang sửa."


@pytest.fixture
def colleague(office_a):
    """A second officer of district A: both may edit the same drafts."""
    return UserFactory(username="officer_a2", role=Role.OFFICER, office=office_a)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response) -> dict:
    """What the browser would post back: every field of the page's form as drawn (the hidden version included)."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name in ("files", "remove_files"):
            continue
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = value
    return data


def test_second_saver_of_a_model_is_told_sees_the_change_and_keeps_their_input(officer_a, colleague, unit_a):
    initiative = InitiativeFactory(unit=unit_a, goals="Mục tiêu ban đầu.", name="Hiến đất mở đường")
    url = reverse("initiatives:edit", args=[initiative.pk])
    first, second = signed_in(officer_a), signed_in(colleague)
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))

    first.post(url, {**first_form, "goals": "Mở rộng 2 km đường thôn.", "action": "save"})
    refused = second.post(url, {**second_form, "content_method": "Họp dân từng xóm.", "action": "save"})

    initiative.refresh_from_db()
    page = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in page
    assert "Mở rộng 2 km đường thôn." in page  # the other person's change, shown
    [(entry, changes)] = refused.context["meanwhile"]  # theirs only, not the save the form was drawn after
    assert (entry.actor, [str(label) for label, _old, _new in changes]) == (officer_a, ["Mục tiêu và chỉ tiêu đo được"])
    assert refused.context["form"]["content_method"].value() == "Họp dân từng xóm."  # own input kept
    assert refused.context["form"]["goals"].value() == "Mở rộng 2 km đường thôn."  # the other's change taken in
    assert (initiative.goals, initiative.content_method) == ("Mở rộng 2 km đường thôn.", "Tuyên truyền, vận động, nêu gương.")

    again = second.post(url, {**form_data(refused), "action": "save"})

    initiative.refresh_from_db()
    assert again.status_code == 302
    assert (initiative.goals, initiative.content_method) == ("Mở rộng 2 km đường thôn.", "Họp dân từng xóm.")


def test_second_saver_of_a_unit_is_told_and_nothing_is_overwritten(officer_a, colleague, unit_a):
    url = reverse("units:edit", args=[unit_a.pk])
    first, second = signed_in(officer_a), signed_in(colleague)
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))

    first.post(url, {**first_form, "phone": "0241 234 567"})
    refused = second.post(url, {**second_form, "address": "Thôn Đông, xã Đặng Xá"})

    unit_a.refresh_from_db()
    assert STALE in refused.content.decode() and "0241 234 567" in refused.content.decode()
    assert refused.context["form"]["address"].value() == "Thôn Đông, xã Đặng Xá"
    assert (unit_a.phone, unit_a.address) == ("0241 234 567", "")


def test_second_saver_of_a_period_report_is_told_and_nothing_is_overwritten(officer_a, colleague, province):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025, due_on=datetime.date(2025, 7, 15))
    url = reverse("reports:my_report", args=[period.pk])
    first, second = signed_in(officer_a), signed_in(colleague)
    first_form, second_form = form_data(first.get(url)), form_data(second.get(url))
    indicator = ActivityIndicator.objects.filter(is_active=True).first()

    first.post(url, {**first_form, "results": "Xây dựng 12 mô hình mới.", "action": "save"})
    refused = second.post(url, {**second_form, f"indicator_{indicator.pk}": "40", "action": "save"})

    report = PeriodReport.objects.get()
    assert STALE in refused.content.decode() and "Xây dựng 12 mô hình mới." in refused.content.decode()
    assert refused.context["form"][f"indicator_{indicator.pk}"].value() == "40"
    assert (report.results, report.values.count()) == ("Xây dựng 12 mô hình mới.", 0)


def test_a_forged_version_is_a_message_not_a_500(officer_a, unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    url = reverse("initiatives:edit", args=[initiative.pk])
    client = signed_in(officer_a)
    data = form_data(client.get(url))

    response = client.post(url, {**data, "seen": "'; DROP TABLE x; --", "action": "save"})

    assert response.status_code == 200 and STALE in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).name == initiative.name
    assert Unit.objects.count() == 1
