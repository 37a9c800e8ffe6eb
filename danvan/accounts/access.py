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


# ---------------------------------------------------------------- what each role may do
# Views, templates and the navigation ask these (or the app access modules built on them), never the role itself:
# a new role is its enum member, its row in accounts.models' role properties and these predicates.


def can_register(user) -> bool:
    """District officers and province staff register and edit units, models and awards inside their area."""
    return user.can_edit_registry


def can_edit_in_area(user, area) -> bool:
    """Whether the user may create or change a registry record that lies in this area."""
    return can_register(user) and in_scope(user, area)


def can_review_models(user) -> bool:
    """Province staff review, score and recognise models, decide awards and manage report periods."""
    return user.is_province_staff


def can_oversee(user) -> bool:
    """Administrators, province staff and leaders see the overview: the dashboard's charts and the report tracker."""
    return user.is_administrator or user.is_province_staff or user.is_leader


def can_administer(user) -> bool:
    """Administrators (and superusers) keep the reference data in the admin site."""
    return user.is_administrator


def can_report(user) -> bool:
    """District officers fill their own office's period report (the province consolidates instead)."""
    return user.is_officer and user.office_id is not None
