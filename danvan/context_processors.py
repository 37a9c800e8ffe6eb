"""What every page needs to draw the navigation for the user's role."""

from danvan.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_navigation"):  # sub-templates (tables) render with a new context: compute once
        request._navigation = _navigation(request, user)
    return request._navigation


def _navigation(request, user) -> dict:
    review_count = _review_count(user)
    items = items_for(user, request.path)
    for item in items:
        item["count"] = review_count if item["badge"] == "nav_review_count" else None
    return {"nav_items": items, "nav_office": user.office}


def _review_count(user) -> int:
    """The number of models waiting for this user's review (province staff only)."""
    if not user.is_province_staff:
        return 0
    try:
        from models_registry.initiatives.access import review_queue_for
    except ImportError:
        return 0
    return review_queue_for(user).count()
