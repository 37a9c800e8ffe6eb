"""New rows written with PostgreSQL's COPY instead of INSERT: an import's models, their audit and history rows and
the preview's rows, thousands at a time. Each object is prepared as bulk_create prepares it (auto_now and
auto_now_add set by their fields' pre_save, related objects by their keys, JSON with the field's encoder) and gets
its primary key first, from the table's own sequence in one query. COPY fires the table's row and statement
triggers as INSERT does."""

import datetime
import decimal
import io
import json
import re
import uuid

from django.db import connections
from django.db.models import JSONField, Model, signals
from django.db.models.base import ModelState
from django.utils import timezone

SPECIAL = re.compile(r"[\\\t\n\r]")


def copy_insert(model, objects: list, *, using: str = "default") -> None:
    """Insert unsaved objects of one model with one COPY; afterwards each has its primary key, as after bulk_create."""
    if not objects:
        return
    connection = connections[using]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not getattr(field, "generated", False)]
    readers = [_reader(field) for field in fields]
    assign_keys(model, objects, using=using)
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for obj in objects:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            buffer.write("\t".join([read(obj) for read in readers]))
            buffer.write("\n")
        buffer.seek(0)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        cursor.cursor.copy_expert(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", buffer)
    for obj in objects:
        obj._state.adding, obj._state.db = False, using


def maker(model):
    """A function that makes a new unsaved object of the model as `model()` does, for thousands of rows: a fresh
    object's field values are taken once and copied, and each callable default (a moment, a list) is called again for
    every object. `model` itself when the model has its own __init__ or something listens to its init signals."""
    if model.__init__ is not Model.__init__ or signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model
    values = {name: value for name, value in model().__dict__.items() if name != "_state"}
    fresh = [(f.attname, f.default) for f in model._meta.concrete_fields if f.has_default() and callable(f.default)]

    def make():
        obj = model.__new__(model)
        obj._state = ModelState()
        obj.__dict__.update(values)
        for attname, default in fresh:
            obj.__dict__[attname] = default()
        return obj

    return make


def _reader(field):
    """How one field's value is taken from an object and written: through pre_save where it sets the value (auto_now,
    auto_now_add), JSON with the field's encoder, anything else as the object holds it."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: _text(field.pre_save(obj, True))
    if isinstance(field, JSONField):
        return lambda obj: _json(field, getattr(obj, attname))
    return lambda obj: _text(getattr(obj, attname))


def _json(field, value) -> str:
    return "\\N" if value is None else _escaped(json.dumps(value, cls=field.encoder))


def assign_keys(model, objects: list, *, using: str = "default") -> None:
    """Primary keys for the objects without one, from the table's sequence (as an INSERT would take them), in one
    query: rows that point at these objects can then be made before the objects are written."""
    objects = [obj for obj in objects if obj.pk is None]
    if not objects:
        return
    meta = model._meta
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = value


def _escaped(text: str) -> str:
    """Backslash, tab and line breaks as COPY reads them; most values have none (a search in C, no copy)."""
    if not SPECIAL.search(text):
        return str(text)
    return str(text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _text(value) -> str:
    """One value in COPY's text format: NULL as \\N, booleans as t and f, dates and moments in ISO form (with their
    offset), and backslash, tab and line breaks escaped."""
    if isinstance(value, str):
        return _escaped(value)
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise ValueError(f"naive datetime {value!r}: COPY needs the moment's offset")
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"COPY cannot write {type(value).__name__} {value!r}")
