"""Who may see which areas and units."""

from django.db.models import QuerySet

from danvan.accounts.access import area_q, can_edit_in_area, can_register, scope_for
from models_registry.units.enums import AreaLevel
from models_registry.units.models import Area, Unit


def areas_for(user) -> QuerySet[Area]:
    """The areas in the user's scope: own subtree and inherited ones."""
    return Area.objects.filter(scope_for(user).path_q("path"))


def units_for(user) -> QuerySet[Unit]:
    """The units whose area lies in the user's subtree."""
    return Unit.objects.filter(area_q(user))


def can_create_unit(user) -> bool:
    """District officers and province staff create units (the area choice narrows it to their area)."""
    return can_register(user)


def can_edit_unit(user, unit: Unit) -> bool:
    """An editor changes (or deactivates) the units of their area."""
    return can_edit_in_area(user, unit.area)


def areas_need_picker(user) -> bool:
    """Whether the user's areas are picked by typing: a province's (and the country's) run past a hundred; the few
    of a commune or a former district are a select, grouped "Hiện nay" / "Trước 01/07/2025"."""
    scope = scope_for(user)
    return scope.everything or (scope.area is not None and scope.area.level == AreaLevel.PROVINCE)
