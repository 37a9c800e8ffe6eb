import json
import logging
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from danvan import settings as production_settings
from danvan.backup import backup, restore
from danvan.logging import JsonFormatter
from models_registry.units.models import Unit

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def fail_login(client, username, times):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})
    return response


def test_login_locks_after_five_failures_with_vietnamese_message(client, officer_a):
    fail_login(client, officer_a.username, 4)
    response = fail_login(client, officer_a.username, 1)

    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in response.text
    right = client.post(reverse("login"), {"username": officer_a.username, "password": "matkhau-123"})
    assert right.status_code == 429


def test_login_upgrades_a_pbkdf2_hash_to_argon2(client, officer_a, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS  # the tests' own hasher is a fast one
    officer_a.password = PBKDF2PasswordHasher().encode("Mật-khẩu-từ-2019", "muoi-cu")  # stored before Argon2
    officer_a.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": officer_a.username, "password": "Mật-khẩu-từ-2019"})

    officer_a.refresh_from_db()
    assert (response.status_code, response.url) == (302, reverse("home"))
    assert officer_a.password.startswith("argon2$argon2id$")
    assert officer_a.check_password("Mật-khẩu-từ-2019")


def test_login_with_a_wrong_password_leaves_the_pbkdf2_hash(client, officer_a, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    officer_a.password = stored = PBKDF2PasswordHasher().encode("Mật-khẩu-từ-2019", "muoi-cu")
    officer_a.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": officer_a.username, "password": "mat-khau-sai"})

    officer_a.refresh_from_db()
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác." in response.text
    assert officer_a.password == stored


def test_new_passwords_are_hashed_with_argon2(officer_a, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS

    officer_a.set_password("Mật-khẩu-mới-2025")

    assert officer_a.password.startswith("argon2$argon2id$")


def test_login_unlocked_by_administrator_reset(client, officer_a):
    fail_login(client, officer_a.username, 5)

    call_command("axes_reset_username", officer_a.username)
    response = client.post(reverse("login"), {"username": officer_a.username, "password": "matkhau-123"})

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert AccessAttempt.objects.count() == 0


def test_admin_can_unlock_in_admin_pages(client_for, admin_user, officer_a, client):
    fail_login(client, officer_a.username, 5)
    attempt = AccessAttempt.objects.get(username=officer_a.username)

    response = client_for(admin_user).get(reverse("admin:axes_accessattempt_change", args=[attempt.pk]))

    assert response.status_code == 200
    assert officer_a.username in response.text


def test_responses_carry_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_templates_have_no_inline_scripts_or_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        inline_scripts = [m for m in re.findall(r"<script\b[^>]*>", text) if "src=" not in m and "application/json" not in m]
        handlers = re.findall(r"\son[a-z]+\s*=", text)
        if inline_scripts or handlers:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_404_page_is_vietnamese_in_site_layout(client_for, officer_a):
    response = client_for(officer_a).get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Dân vận khéo" in response.text


def test_403_page_is_vietnamese(client_for, leader):
    response = client_for(leader).get(reverse("units:create"))

    assert response.status_code == 403
    assert "Không được phép" in response.text


def test_500_page_is_vietnamese(db):
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_session_expires_after_inactivity(client_for, officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("home")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("home"))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))


def test_session_expiry_slides_with_activity_without_a_write_per_request(client_for, officer_a):
    client = client_for(officer_a)
    client.get(reverse("home"))
    Session.objects.update(expire_date=timezone.now() + timezone.timedelta(minutes=30))
    first = Session.objects.get().expire_date

    client.get(reverse("home"))  # seen a moment ago: nothing written
    unchanged = Session.objects.get().expire_date
    session = client.session
    session["_seen"] -= 301  # last refresh more than five minutes ago
    session.save()
    Session.objects.update(expire_date=first)
    client.get(reverse("home"))

    assert unchanged == first
    assert Session.objects.get().expire_date > timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_requests_are_logged_as_json_without_query_string(client_for, officer_a, caplog):
    client = client_for(officer_a)
    with caplog.at_level(logging.INFO, logger="danvan.requests"):
        client.get(reverse("units:list"), {"q": "Nguyễn Văn A"})

    record = [r for r in caplog.records if r.name == "danvan.requests"][-1]
    data = json.loads(JsonFormatter().format(record))
    assert (data["method"], data["path"], data["status"], data["user_id"]) == ("GET", "/units/", 200, officer_a.pk)
    assert "Nguyễn" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, unit_a):
    dump = backup(tmp_path)
    Unit.objects.filter(pk=unit_a.pk).update(name="Tên bị sửa sau khi sao lưu")

    restore(dump)

    connection.close()
    assert dump.name.startswith("danvan-") and dump.suffix == ".dump"
    assert Unit.objects.get(pk=unit_a.pk).name == "UBND xã Đặng Xá"


def test_signed_in_pages_are_private_and_not_stored(client_for, officer_a):
    response = client_for(officer_a).get(reverse("initiatives:list"))

    assert response["Cache-Control"] == "private, no-store"


def test_axes_reads_the_client_address_from_the_proxys_header(rf, settings):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert (settings.PROXY_COUNT, get_client_ip_address(request)) == (1, "203.0.113.7")
