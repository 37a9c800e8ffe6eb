"""The lists a background export can rebuild, each under a key stored in its job (never a code path)."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

_LISTS: dict[str, type] = {}


def register(key: str, view_class: type) -> None:
    """Called for each list view that names its `export_key` (ScopedListView does it for its subclasses)."""
    known = _LISTS.setdefault(key, view_class)
    if known is not view_class:
        raise ImproperlyConfigured(f"Two lists export under the key {key!r}: {known.__qualname__}, {view_class.__qualname__}.")


def list_view(key: str) -> type:
    """The list view registered under this key; the worker has not loaded the views yet, so they are loaded first."""
    if key not in _LISTS:
        autodiscover_modules("views")
    try:
        return _LISTS[key]
    except KeyError:
        raise LookupError(f"No list exports under the key {key!r}.") from None
