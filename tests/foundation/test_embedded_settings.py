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
def test_embedded_server_is_configured_with_the_recommended_settings(db):
    with connection.cursor() as cursor:
        # what ALTER SYSTEM wrote: shared_buffers of a server started before takes effect at its next start
        cursor.execute(
            "SELECT name, setting FROM pg_file_settings WHERE name = ANY(%s) AND sourcefile LIKE %s AND error IS NULL",
            [list(SERVER_SETTINGS), "%postgresql.auto.conf"],
        )
        written = dict(cursor.fetchall())
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]

    assert written == SERVER_SETTINGS
    assert work_mem == SERVER_SETTINGS["work_mem"]
