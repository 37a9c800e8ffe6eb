"""Recording changes: domain functions call these explicitly, never signals."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.models import AuditEntry


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of the given fields as the trail keeps them, for a later diff: a related row by its name (what it
    was called then), a date or moment in ISO form, choices by their value, numbers, text and booleans as they are."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            value = str(getattr(obj, name))
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, type(None))):
            value = str(value)
        values[name] = value
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record(obj: models.Model, *, by, action: str, changes: dict | None = None, note: str = "", at=None) -> AuditEntry:
    """Write one audit row for obj; `at` is the moment of the change when the caller has it (the record's own
    `updated_at`, so that an edit form's version and its audit row name the same moment)."""
    entry = audit_entry(obj, by=by, action=action, changes=changes, note=note, at=at)
    entry.save(force_insert=True)
    return entry


def audit_entry(obj: models.Model, *, by, action: str, changes: dict | None = None, note: str = "", at=None) -> AuditEntry:
    """The audit row `record` writes, unsaved: an import collects its rows and writes them in one insert."""
    AuditEntry.Action(action)  # every action written is a member of the enum (ValueError otherwise)
    return AuditEntry(
        at=at or timezone.now(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:255],
        action=action,
        actor=by if getattr(by, "pk", None) else None,
        changes=changes or {},
        note=note,
    )


def record_export(*, by, what: str, filters: str, count: int) -> AuditEntry:
    """An export holding personal data: one row on the exporting user, saying what list, which filter, how many rows."""
    values = {"what": what, "filters": filters, "count": count}
    note = (
        _("%(what)s: %(count)s rows, filter %(filters)s") % values
        if filters
        else _("%(what)s: %(count)s rows, no filter") % values
    )
    return record(by, by=by, action="export", note=note)


def entries_for(obj: models.Model):
    """The audit rows of one object, newest first, with their actors."""
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).select_related(
        "actor"
    )
