"""The embedded server runs with the settings README's "Configuration" recommends."""

import os

import pytest
from django.db import connection

from danvan.embedded_db import SERVER_SETTINGS, _in_kb


@pytest.mark.parametrize(
    ("value", "unit", "kb"),
    [("512MB", "kB", 524288), ("65536", "8kB", 524288), ("16384", "kB", 16384), ("2GB", None, 2097152)],
)
def test_memory_settings_compare_in_kb_whatever_their_unit(value, unit, kb):
    assert _in_kb(value, unit) == kb


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="a server of DATABASE_URL keeps its own settings")
def test_embedded_server_runs_with_the_recommended_settings(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [list(SERVER_SETTINGS)])
        running = {name: _in_kb(setting, unit) for name, setting, unit in cursor.fetchall()}

    assert running == {name: _in_kb(value, "kB") for name, value in SERVER_SETTINGS.items()}
