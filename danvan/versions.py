"""No lost update: an edit form carries the version of the record it was drawn from (its `updated_at`), and the
save compares it with the locked row (compare-and-swap). The second of two savers is told, sees what the first
changed (from the audit trail) and keeps their own input in the form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.audit.domain import entries_for
from danvan.errors import StaleEdit

SEEN = "seen"
STALE_MESSAGE = _(
    "Someone else changed this record while you were editing it. Their changes are shown on this page; your "
    "input is kept in the form: check it and save again."
)


def version(obj) -> str:
    """The version a form carries: the record's last save to the microsecond, "" for one not saved yet."""
    stamp = getattr(obj, "updated_at", None) if obj is not None and obj.pk else None
    return stamp.isoformat() if stamp else ""


def check_version(obj, seen: str | None) -> None:
    """StaleEdit when the record (its row locked by the caller) changed since the form was drawn; `seen` None skips
    the check (a caller with no form)."""
    if seen is not None and version(obj) != seen:
        raise StaleEdit(str(STALE_MESSAGE))


def changed_since(obj, seen: str | None):
    """The audit rows written after the version the form carried: what the other person changed."""
    entries = entries_for(obj)
    try:
        moment = datetime.datetime.fromisoformat(seen) if seen else None
    except ValueError:
        moment = None
    return list((entries.filter(at__gt=moment) if moment else entries)[:10])


class VersionField(forms.CharField):
    """The hidden version of the record an edit form was drawn from."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, max_length=40, **kwargs)


def redraw_with_current_version(form, obj, entries=()) -> None:
    """Keep the user's input, take in the other person's text changes the user did not touch (their input still
    equals the value before that change), and give the form the record's current version, so that saving again
    is deliberate and loses nothing."""
    data = form.data.copy()
    for entry in entries:
        for name, (old, new) in entry.changes.items():
            field = form.fields.get(name)
            if isinstance(field, forms.CharField) and form.cleaned_data.get(name, None) == (old or ""):
                data[form.add_prefix(name)] = new or ""
    data[form.add_prefix(SEEN)] = version(obj)
    form.data = data
