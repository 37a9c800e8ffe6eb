"""What the database showed a request: its snapshot, a key for caches that must never be stale.

Postgres's `pg_current_snapshot()` names which transactions' work a statement sees. Two statements with the same
snapshot see exactly the same committed rows, and any commit, by anyone, changes the snapshot of every statement
after it. So a page part drawn after its request's snapshot was taken, and kept under that snapshot, is exactly
what a later request with the same snapshot would draw, and no later request after a change can find it.
A transaction that has written sees its own uncommitted rows, which its snapshot does not name: it gets no key.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

# The snapshot as text, or NULL inside a transaction that has written.
SNAPSHOT_SQL = "CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN pg_current_snapshot()::text END"
NOT_LOADED = object()


def with_snapshot(users):
    """Users annotated with the snapshot of the query that loads them (the first of a request, after the session):
    the request's snapshot costs no query of its own."""
    return users.annotate(db_snapshot=RawSQL(SNAPSHOT_SQL, []))  # noqa: S611 -- constant SQL


def request_snapshot(request) -> str | None:
    """The snapshot taken when the request's user was loaded (or now, when the user came another way); None inside
    a transaction that has written."""
    snapshot = getattr(getattr(request, "user", None), "db_snapshot", NOT_LOADED)
    if snapshot is not NOT_LOADED:
        return snapshot
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SNAPSHOT_SQL}")
        return cursor.fetchone()[0]
