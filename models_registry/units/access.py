"""Who may see which areas and units."""

from django.db.models import QuerySet

from danvan.accounts.access import area_q, scope_for
from models_registry.units.models import Area, Unit


def areas_for(user) -> QuerySet[Area]:
    """The areas in the user's scope: own subtree and inherited ones."""
    return Area.objects.filter(scope_for(user).path_q("path"))


def units_for(user) -> QuerySet[Unit]:
    """The units whose area lies in the user's subtree."""
    return Unit.objects.filter(area_q(user))


def can_edit_units(user) -> bool:
    return user.can_edit_registry
