"""The app as production runs it: gunicorn with DEBUG=0 behind a reverse proxy that sets X-Forwarded-For and
X-Forwarded-Proto (issue 12, items 10 and 11). The server is a real gunicorn process on a free port, reading the
test database; the requests are plain HTTP with the headers the proxy would add."""

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from models_registry.initiatives.domain import add_evidence
from tests.factories import InitiativeFactory
from tests.factories_initiatives import PDF_BYTES

PASSWORD = "MatKhau-Dung@2025"
BASE_DIR = Path(settings.BASE_DIR)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    host = urllib.parse.quote(db["HOST"], safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def gunicorn(tmp_path, transactional_db):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DEBUG": "0",
        "SECRET_KEY": "deployment-test-" + "k" * 40,
        "ALLOWED_HOSTS": "dvk.example.vn",
        "CSRF_TRUSTED_ORIGINS": "https://dvk.example.vn",
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "danvan.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield Browser(port)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """One client behind the proxy: its address arrives in X-Forwarded-For, the TLS in X-Forwarded-Proto."""

    def __init__(self, port, address="203.0.113.10"):
        self.port, self.address, self.cookies = port, address, {}

    def at(self, address) -> "Browser":
        return Browser(self.port, address)

    def request(self, method, path, form=None):
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {
            "Host": "dvk.example.vn",
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": "https://dvk.example.vn/"})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content.decode("utf-8", errors="replace")

    def login(self, username, password=PASSWORD):
        self.request("GET", "/accounts/login/")
        return self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
        )


def with_real_password(user):
    """The test settings hash with MD5; gunicorn runs the production hashers."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "deploymentsalt")
    user.save(update_fields=["password"])
    return user


def test_wrong_passwords_lock_that_address_only_not_the_officer_everywhere(gunicorn, officer_a):
    with_real_password(officer_a)
    attacker = gunicorn.at("198.51.100.66")

    answers = [attacker.login(officer_a.username, "sai-mat-khau")[0].status for _ in range(5)]
    locked, locked_page = attacker.login(officer_a.username)
    officer, _page = gunicorn.at("203.0.113.10").login(officer_a.username)

    assert answers[-1] == 429 and locked.status == 429
    assert "Tài khoản tạm thời bị khóa" in locked_page
    assert (officer.status, officer.getheader("Location")) == (302, "/")


def test_production_headers_and_no_store_on_signed_in_pages_and_downloads(gunicorn, officer_a, unit_a):
    with_real_password(officer_a)
    initiative = InitiativeFactory(unit=unit_a)
    evidence = add_evidence(initiative, SimpleUploadedFile("bien-ban.pdf", PDF_BYTES), by=officer_a)
    client = gunicorn.at("203.0.113.20")

    client.login(officer_a.username)
    page, html = client.request("GET", f"/models/{initiative.pk}/")
    download, _ = client.request("GET", f"/models/{initiative.pk}/files/{evidence.pk}/")

    assert page.status == 200 and initiative.name in html
    assert page.getheader("Cache-Control") == "private, no-store"
    assert (download.status, download.getheader("Cache-Control")) == (200, "private, no-store")
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    assert (page.getheader("X-Content-Type-Options"), page.getheader("Referrer-Policy")) == ("nosniff", "same-origin")
    assert "script-src 'self'" in page.getheader("Content-Security-Policy")
