"""The area scope of each user: the one place that says which areas a user may see."""

from django.db.models import Q


def scope_area(user):
    """The root of the user's area subtree, or None when the user sees the whole country."""
    if user.is_administrator:
        return None
    return user.office.area if user.office_id else False


def area_q(user, area_field: str = "area") -> Q:
    """A filter that keeps rows whose `area_field` lies in the user's subtree."""
    root = scope_area(user)
    if root is None:
        return Q()
    if root is False:
        return Q(pk__in=[])
    return Q(**{f"{area_field}__path__startswith": root.path})


def in_scope(user, area) -> bool:
    """Whether an area lies inside the user's subtree."""
    root = scope_area(user)
    if root is None:
        return True
    return bool(root) and area is not None and area.path.startswith(root.path)


def scope_key(user) -> str:
    """A key shared by exactly the users who see the same areas: their office (whose area makes the scope) and
    their role. Caches of what depends on the scope (the filter panel, the navigation badge) are keyed by it."""
    role = "administrator" if user.is_administrator else user.role
    return f"office-{user.office_id or 0}-{role}"
