"""People's names in Vietnamese order (family, middle, given) in greetings, e-mails, audit rows and the admin."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from danvan.accounts.models import User
from models_registry.initiatives.enums import Status
from models_registry.initiatives.workflow import change_status
from tests.factories import InitiativeFactory, UserFactory


def test_home_greets_a_comrade_by_full_name_in_vietnamese_order(client_for, office_a):
    user = UserFactory(full_name="Phạm Thị Lan", office=office_a)

    page = client_for(user).get(reverse("home")).content.decode()

    assert "Xin chào, đồng chí Phạm Thị Lan" in page
    assert "Thị Lan Phạm" not in page


def test_home_greets_a_user_without_a_name_by_username(client_for, office_a):
    user = UserFactory(username="canbo.moi", full_name="", office=office_a)

    page = client_for(user).get(reverse("home")).content.decode()

    assert "Xin chào, canbo.moi" in page


def test_status_email_addresses_the_officer_in_vietnamese_order(django_capture_on_commit_callbacks, province_staff, unit_a):
    officer = UserFactory(full_name="Phạm Thị Lan", email="lan@example.vn", office=None)
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED, created_by=officer)
    province_staff.full_name = "Nguyễn Thu Hà"
    province_staff.save()

    with django_capture_on_commit_callbacks(execute=True):
        change_status(initiative, Status.IN_PROGRESS, by=province_staff)

    assert mail.outbox[0].body.startswith("Kính gửi đồng chí Phạm Thị Lan,")
    assert "Người thực hiện: Nguyễn Thu Hà," in mail.outbox[0].body


def test_audit_row_names_the_actor_in_vietnamese_order(client_for, officer_a, unit_a):
    officer_a.full_name = "Phạm Thị Lan"
    officer_a.save()
    initiative = InitiativeFactory(unit=unit_a, created_by=officer_a)

    client_for(officer_a).post(reverse("initiatives:move", args=[initiative.pk, "submit"]))
    page = client_for(officer_a).get(initiative.get_absolute_url()).content.decode()

    assert "Phạm Thị Lan" in page
    assert "Thị Lan Phạm" not in page


def test_admin_lists_users_by_given_name(client_for, admin_user, office_a):
    for name in ["Trần Văn Bình", "Nguyễn Thị An", "Lê Minh Châu"]:
        UserFactory(full_name=name, office=office_a)

    page = client_for(admin_user).get(reverse("admin:accounts_user_changelist")).content.decode()

    positions = [page.index(name) for name in ["Nguyễn Thị An", "Trần Văn Bình", "Lê Minh Châu"]]
    assert positions == sorted(positions)


@pytest.mark.django_db(transaction=True)
def test_migration_joins_family_name_before_given_names():
    executor = MigrationExecutor(connection)
    before, after = [("accounts", "0002_initial")], executor.loader.graph.leaf_nodes("accounts")
    executor.migrate(before)
    OldUser = executor.loader.project_state(before).apps.get_model("accounts", "User")
    OldUser.objects.create(username="lan", first_name="Thị Lan", last_name="Phạm")
    OldUser.objects.create(username="noname", first_name="", last_name="")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    assert dict(User.objects.values_list("username", "full_name")) == {"lan": "Phạm Thị Lan", "noname": ""}


def test_password_reset_email_addresses_the_user_in_vietnamese_order(client, office_a):
    UserFactory(username="lan", full_name="Phạm Thị Lan", email="lan@example.vn", office=office_a)

    client.post(reverse("password_reset"), {"email": "lan@example.vn"})

    assert mail.outbox[0].body.startswith("Kính gửi đồng chí Phạm Thị Lan,")
