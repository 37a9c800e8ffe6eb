"""What every page needs to draw the navigation for the user's role."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from danvan.accounts.access import can_administer, can_review_models, scope_key
from danvan.accounts.offices import closed_refusal
from danvan.navigation import items_for
from models_registry.initiatives.access import returned_to, review_queue_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_navigation"):  # sub-templates (tables) render with a new context: compute once
        request._navigation = _navigation(request, user)
    return request._navigation


def _navigation(request, user) -> dict:
    counts = {"nav_review_count": _review_count, "nav_returned_count": _returned_count}
    items = items_for(user, request.path)
    for item in items:
        item["count"] = counts[item["badge"]](user) if item["badge"] else None
    office = user.office
    closed = office is not None and not office.is_open()
    closed_note = SimpleLazyObject(lambda: closed_refusal(office)) if closed else ""
    return {"nav_items": items, "nav_office": office, "office_closed": closed_note, "nav_admin": can_administer(user)}


BADGE_CAP = 99
BADGE_SECONDS = 60


def _review_count(user) -> int | str:
    """The number of models waiting for this user's review (province staff only), "99+" past 99.

    The badge is on every page: counting a province's whole queue would make every page slower as the registry
    grows; a count that stops at 100 does not. It is counted once a minute for everyone of the same scope (the
    same office and role), in each server process: a page shows it at most a minute old."""
    if not can_review_models(user):
        return 0
    return cache.get_or_set(f"nav-review-count:{scope_key(user)}", lambda: _count_waiting(user), BADGE_SECONDS)


def _count_waiting(user) -> int | str:
    waiting = review_queue_for(user).order_by()[: BADGE_CAP + 1].count()
    return f"{BADGE_CAP}+" if waiting > BADGE_CAP else waiting


def _returned_count(user) -> int | str:
    """The models returned to an officer's area for correction, "99+" past 99 (officers only)."""
    returned = returned_to(user).order_by()[: BADGE_CAP + 1].count()
    return f"{BADGE_CAP}+" if returned > BADGE_CAP else returned
