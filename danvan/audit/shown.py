"""The audit trail as a person reads it: field labels in the form's order, values written as on paper (30/06/2025,
1.234.567, a choice by its label, a related row by its name), and no change from blank to blank."""

import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from danvan.vietnamese import short_date


def _field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None  # a reverse relation's name ("rows") is no field of the record


def shown_value(field, value) -> str | None:
    """One stored value as a person reads it; None for a blank."""
    if value is None or value == "":
        return None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return number_format(value, force_grouping=True)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return f"{short_date(moment)} {moment:%H:%M}"
    if isinstance(field, models.DateField) and isinstance(value, str):
        return short_date(datetime.date.fromisoformat(value[:10]))
    return str(value)


def shown_changes(model, changes: dict, *, order=(), labels=None) -> list[tuple[str, str | None, str | None]]:
    """(label, old, new) per changed field, in the form's `order` (other fields after it), blank → blank left out."""
    labels = labels or {}
    position = {name: index for index, name in enumerate(order)}
    rows = []
    for index, (name, (old, new)) in enumerate(changes.items()):
        field = _field(model, name)
        before, after = shown_value(field, old), shown_value(field, new)
        if before == after:
            continue
        label = labels.get(name) or (capfirst(field.verbose_name) if field is not None else name)
        rows.append((position.get(name, len(position) + index), str(label), before, after))
    return [row[1:] for row in sorted(rows, key=lambda row: row[0])]


def trail(entries, model, *, order=(), labels=None) -> list[tuple]:
    """(entry, its changes as shown_changes gives them) for the audit template."""
    return [(entry, shown_changes(model, entry.changes, order=order, labels=labels)) for entry in entries]
