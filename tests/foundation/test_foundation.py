import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

BASE = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p7#kq2!vz9@x" * 6,
    "ALLOWED_HOSTS": "dvk.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://dvk.example.vn",
    "EMAIL_URL": "smtp://mailer.example.vn:587?tls=1",
}


def run_manage(*args, env=None):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert (result.returncode, result.stdout.strip(), result.stderr[-3000:]) == (
        0,
        "System check identified no issues (1 silenced).",
        "",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "perhaps"), ("SESSION_COOKIE_AGE", "an hour"), ("EMAIL_URL", "pigeon://coop"), ("DATABASE_URL", "mysql://x@h/db")],
)
def test_settings_bad_value_fails_naming_the_variable(name, value):
    result = run_manage("check", env={**PRODUCTION_ENV, name: value})

    assert result.returncode == 1
    assert name in result.stderr.strip().splitlines()[-1]


def test_settings_missing_secret_key_fails_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)

    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_settings_secret_key_file_is_read(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 10 + PRODUCTION_ENV["SECRET_KEY"])
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(key_file)}
    result = run_manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY[:10])", env=env)

    assert result.stdout.strip() == "k" * 10


def test_settings_email_url_and_site_url_are_read():
    env = {**PRODUCTION_ENV, "EMAIL_URL": "smtps://dvk%40so.vn:m%C3%A2t@mail.so.vn?tls=1"}
    code = (
        "from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_SSL, s.SITE_URL)"
    )
    result = run_manage("shell", "-v", "0", "-c", code, env=env)

    assert result.stdout.strip() == "mail.so.vn 465 dvk@so.vn True https://dvk.example.vn"


def test_database_connections_persist():
    database = settings.DATABASES["default"]

    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (600, True)


def test_vietnamese_formats_for_numbers_and_dates():
    with translation.override("vi"):
        number = formats.number_format(1234567, use_l10n=True, force_grouping=True)
        date = formats.date_format(timezone.datetime(2025, 6, 30).date(), "SHORT_DATE_FORMAT")

    assert (number, date) == ("1.234.567", "30/06/2025")


def test_translations_are_complete_and_compiled():
    po = (BASE / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    mo = BASE / "locale/vi/LC_MESSAGES/django.mo"
    entries = po.split("\n\n")[1:]
    untranslated = [
        e for e in entries if re.search(r'^msgstr(\[0\])? ""\n?$', e, re.M) and not re.search(r'^msgstr(\[0\])? ""\n"', e, re.M)
    ]
    fuzzy = [e for e in entries if "#, fuzzy" in e]

    assert (untranslated, fuzzy) == ([], [])
    assert mo.stat().st_mtime >= (BASE / "locale/vi/LC_MESSAGES/django.po").stat().st_mtime - 1


def test_every_page_needs_login_except_login(client, unit_a):
    for url in [reverse("home"), reverse("units:list"), reverse("units:detail", args=[unit_a.pk])]:
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))

    assert "Đăng nhập" in response.text
    assert "Quên mật khẩu?" in response.text


def test_password_reset_sends_email_in_vietnamese(client, officer_a):
    response = client.post(reverse("password_reset"), {"email": officer_a.email})

    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["Đặt lại mật khẩu"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_works(client_for, officer_a):
    client = client_for(officer_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": "matkhau-123", "new_password1": "Dan-van-kheo-2025", "new_password2": "Dan-van-kheo-2025"},
    )

    officer_a.refresh_from_db()
    assert response.status_code == 302
    assert officer_a.check_password("Dan-van-kheo-2025")


def test_health_endpoint_reports_database(client, db):
    response = client.get(reverse("health"))

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_static_files_are_vendored_not_cdn():
    base = (BASE / "templates/base.html").read_text(encoding="utf-8")

    assert "https://" not in base
    assert (BASE / "static/vendor/bootstrap-5.3.9/bootstrap.min.css").exists()
    assert (BASE / "static/vendor/htmx-2.0.11/htmx.min.js").exists()


def test_templates_never_print_an_id_with_thousand_separators():
    """USE_THOUSAND_SEPARATOR writes 1.234 for 1234: an id in a link or a form value must be |unlocalize'd."""
    printed_id = re.compile(r"\{\{ *[a-z_.]*(?:\.pk|_id|\.id) *(?:\}\}|\|(?!unlocalize))")
    offenders = [
        f"{path.relative_to(BASE)}: {match.group(0)}"
        for path in (BASE / "templates").rglob("*.html")
        for match in printed_id.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_registry_list_links_work_for_ids_past_a_thousand(client_for, officer_a, unit_a):
    from django.db import connection

    from tests.factories import InitiativeFactory

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('initiatives_initiative', 'id'), 12344)")
    initiative = InitiativeFactory(unit=unit_a)

    response = client_for(officer_a).get(reverse("initiatives:list"))

    assert initiative.pk == 12345
    assert 'href="/models/12345/"' in response.text


def test_tests_outside_the_browser_run_without_an_event_loop():
    """Browser tests run first (tests/browser); Playwright's loop must have stopped with them, or Django keeps this
    thread's connections in an async store that nothing closes, and the test database outlives the run."""
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
