"""`make run` and `make dev` (scripts/serve.py), started for real against the test database on a free port."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from danvan.accounts.enums import Role
from tests.factories import UserFactory

BASE = Path(settings.BASE_DIR)
PASSWORD = "Mật-khẩu-2025"
# The test process's own settings, which the served app must not inherit.
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The test database, for the served app's own connections."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@/{db['NAME']}?" + urlencode({"host": db["HOST"], "port": db["PORT"]})


test_database_url.__test__ = False  # a helper, not a test


def marked_processes(marker: str) -> list[int]:
    """Every process started with this marker in its environment (the launcher's children included)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


class Browser:
    """Plain http to 127.0.0.1 with a cookie jar, as a browser on the same machine speaks to `make run`."""

    def __init__(self, port: int):
        self.port, self.cookies = port, SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[http.client.HTTPResponse, str]:
        if form is None:
            return self.send(method, path)
        body = urlencode({**form, "csrfmiddlewaretoken": self.cookies["csrftoken"].value})
        return self.send(method, path, body, "application/x-www-form-urlencoded")

    def send(self, method: str, path: str, body=None, content_type: str = "") -> tuple[http.client.HTTPResponse, str]:
        """One request with a body as given (a form, or a multipart upload) and the cookies kept."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", "Origin": f"http://127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={morsel.value}" for key, morsel in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response, text


@pytest.fixture
def serve(tmp_path):
    """Start scripts/serve.py (optionally --dev) in a session of its own, as a terminal would; wait until it answers."""
    started = []

    def start(*args: str, port: int | None = None, wait: bool = True):
        port, token = port or free_port(), uuid.uuid4().hex
        env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
        env.update(
            DATABASE_URL=test_database_url(),
            PORT=str(port),
            VAR_DIR=str(tmp_path / "var"),
            STATIC_ROOT=str(tmp_path / "static"),
            WEB_CONCURRENCY="2",
            DVK_SERVE_TEST=token,
        )
        log = open(tmp_path / "serve.log", "ab")  # noqa: SIM115 -- closed with the fixture
        process = subprocess.Popen(
            [sys.executable, "scripts/serve.py", *args], cwd=BASE, env=env, stdout=log, stderr=log, start_new_session=True
        )
        marker = f"DVK_SERVE_TEST={token}"
        started.append((process, marker, log))
        if not wait:
            return process, port, marker
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if Browser(port).request("GET", "/healthz")[0].status == 200:
                    return process, port, marker
            except OSError:
                time.sleep(0.3)
        pytest.fail("scripts/serve.py did not answer: " + (tmp_path / "serve.log").read_text()[-3000:])

    yield start
    for process, marker, log in started:
        for pid in marked_processes(marker):
            os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)
        log.close()


def ctrl_c(process: subprocess.Popen) -> int:
    """What Ctrl-C in the terminal does: SIGINT to the launcher's process group; its exit status."""
    os.killpg(process.pid, signal.SIGINT)
    return process.wait(timeout=60)


def test_make_run_answers_a_mistyped_url_with_the_vietnamese_404_page(serve):
    process, port, marker = serve()

    response, text = Browser(port).request("GET", "/khong-co-trang-nay/")

    assert response.status == 404
    assert "Không tìm thấy trang" in text
    assert "Trang này không tồn tại, hoặc nằm ngoài địa bàn bạn phụ trách." in text
    assert "URLconf" not in text  # Django's debug page lists every URL pattern
    assert (ctrl_c(process), marked_processes(marker)) == (0, [])


def test_make_run_logs_in_over_plain_http_on_localhost(serve):
    user = UserFactory(username="canbo.thu", role=Role.ADMINISTRATOR, office=None)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "muoi-cu")
    user.save(update_fields=["password"])
    process, port, marker = serve()
    browser = Browser(port)

    login_page, _text = browser.request("GET", "/accounts/login/")
    posted, _text = browser.request("POST", "/accounts/login/", {"username": "canbo.thu", "password": PASSWORD})
    home, text = browser.request("GET", "/")
    stylesheet, css = browser.request("GET", "/static/css/app.css")

    assert (login_page.status, posted.status, posted.getheader("Location")) == (200, 302, "/")
    assert (home.status, "Đăng xuất" in text) == (200, True)
    assert home.getheader("Strict-Transport-Security") is None  # plain http: no HSTS, no redirect to https
    session = browser.cookies["sessionid"]
    assert (session["httponly"], session["secure"]) == (True, "")
    assert (stylesheet.status, "max-age" in stylesheet.getheader("Cache-Control", "")) == (200, True)
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")  # a PBKDF2 hash is upgraded at its first login
    assert (ctrl_c(process), marked_processes(marker)) == (0, [])


def test_make_run_stops_the_worker_when_the_server_cannot_start(serve, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process, _port, marker = serve(port=taken.getsockname()[1], wait=False)

        status = process.wait(timeout=120)

    assert (status != 0, marked_processes(marker)) == (True, [])
    assert "The web server stopped" in (tmp_path / "serve.log").read_text()


def test_make_run_keeps_its_secret_key_between_runs(serve, tmp_path):
    first, _port, _marker = serve()
    key = (tmp_path / "var" / "secret-key").read_text()
    ctrl_c(first)

    second, _port, _marker = serve()

    assert (tmp_path / "var" / "secret-key").read_text() == key
    assert len(key) >= 50 and (tmp_path / "var" / "secret-key").stat().st_mode & 0o777 == 0o600
    ctrl_c(second)


def test_make_dev_serves_with_debug_and_stops_with_its_reloader(serve):
    process, port, marker = serve("--dev")

    response, text = Browser(port).request("GET", "/khong-co-trang-nay/")

    assert (response.status, "URLconf" in text) == (404, True)  # DEBUG on: Django's technical 404 page
    assert len(marked_processes(marker)) >= 3  # the launcher, runserver's reloader and its server, the worker
    assert (ctrl_c(process), marked_processes(marker)) == (0, [])
