"""`make run` and `make dev`: the web server and the task worker, started together and stopped together.

    python scripts/serve.py          # as production serves: gunicorn, whitenoise, DEBUG off
    python scripts/serve.py --dev    # the development server: DEBUG on, reloads on every code change

Both listen on http://127.0.0.1:8000 (PORT) only. `make run` keeps production's settings except the three that
need HTTPS, which a local run over plain http cannot have: the redirect to https, secure-only cookies and HSTS.
Its secret key is made once and kept in .var/secret-key (VAR_DIR), so sessions survive a restart. Ctrl-C (or
SIGTERM) sends each process one SIGTERM: gunicorn finishes its requests, the worker its current task; a second
Ctrl-C kills them at once.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HTTP = {"DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0"}
DEFAULT_WORKERS = "3"  # a slow page or download on one worker leaves two for everyone else


def production_env() -> dict:
    """The environment of `make run`: production's, served over plain http on this machine."""
    env = {**os.environ, **LOCAL_HTTP}
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    if not env.get("SECRET_KEY") and not env.get("SECRET_KEY_FILE"):
        env["SECRET_KEY_FILE"] = str(secret_key_file(Path(env.get("VAR_DIR") or ROOT / ".var")))
    return env


def secret_key_file(var_dir: Path) -> Path:
    """A random key written once, readable only by its owner, and reused by every later run."""
    from django.core.management.utils import get_random_secret_key

    path = var_dir / "secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(get_random_secret_key())
    return path


def commands(dev: bool, env: dict) -> dict[str, list[str]]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    address = f"127.0.0.1:{env.get('PORT') or '8000'}"
    if dev:
        return {"web server": [*manage, "runserver", address], "task worker": [*manage, "db_worker"]}
    workers = env.get("WEB_CONCURRENCY") or DEFAULT_WORKERS
    # No control socket: its default path is shared by every gunicorn of this user (another checkout, the bench).
    gunicorn = [sys.executable, "-m", "gunicorn", "danvan.wsgi", "--bind", address, "--workers", workers, "--no-control-socket"]
    return {"web server": gunicorn, "task worker": [*manage, "db_worker"]}


class Stop(Exception):
    """Ctrl-C or SIGTERM reached the launcher."""


def interrupted(signum, frame):
    raise Stop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="the development server, DEBUG on, with autoreload")
    dev = parser.parse_args().dev
    env = {**os.environ, "DEBUG": "1"} if dev else production_env()
    if not dev:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    # Each in a session of its own: a Ctrl-C in the terminal reaches only this launcher, which stops each one once.
    running = {
        name: subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True) for name, command in commands(dev, env).items()
    }
    workers = env.get("WEB_CONCURRENCY") or DEFAULT_WORKERS
    mode = "development server, DEBUG on, autoreload" if dev else f"gunicorn, {workers} workers, DEBUG off"
    print(f"Serving on http://127.0.0.1:{env.get('PORT') or '8000'} ({mode}) with the task worker. Ctrl-C stops both.")
    status = 0
    try:
        status = wait_for_one(running)
    except Stop:
        print("\nStopping the web server and the task worker (Ctrl-C again to kill them)…", flush=True)
    try:
        stop(running.values(), signal.SIGTERM)
    except Stop:
        stop(running.values(), signal.SIGKILL)
    return status


def wait_for_one(running: dict) -> int:
    """Wait until one process ends by itself (say which; the rest are then stopped); its exit status, never 0."""
    sys.stdout.flush()
    while True:
        for name, process in running.items():
            if process.poll() is not None:
                print(f"The {name} stopped (exit status {process.returncode}); stopping the rest.", file=sys.stderr)
                return process.returncode or 1
        time.sleep(0.3)


def stop(processes, signum) -> None:
    """Signal every process group still running, then wait for each."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signum)
    for process in processes:
        process.wait()


if __name__ == "__main__":
    sys.exit(main())
