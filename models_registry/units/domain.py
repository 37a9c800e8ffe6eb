"""Business rules for units: create, edit, deactivate, each recorded in the audit trail."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.accounts.access import in_scope
from danvan.audit.domain import diff, record, snapshot
from danvan.errors import DomainError
from danvan.versions import check_version
from models_registry.units.models import Unit

TRACKED_FIELDS = ["code", "name", "kind", "area", "address", "contact_name", "phone", "email", "is_active"]


def _check_scope(unit: Unit, by) -> None:
    if not in_scope(by, unit.area):
        raise DomainError(_("The unit's area is outside your area."))


@transaction.atomic
def create_unit(*, by, **fields) -> Unit:
    """Create a unit inside the actor's area."""
    unit = Unit(**fields, created_by=by, updated_by=by)
    _check_scope(unit, by)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # the same code saved meanwhile by someone else
        raise DomainError(_("A unit with code %(code)s already exists.") % {"code": unit.code}, field="code") from None
    record(unit, by=by, action="create", changes=diff({}, snapshot(unit, TRACKED_FIELDS)))
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, by, seen: str | None = None) -> bool:
    """Save edits already applied to `unit` (the audit diff starts from its locked row); whether it moved to another
    area. StaleEdit when the unit changed since the version `seen` the form was drawn from. Its models follow a move
    through initiatives.domain.update_unit, which calls this."""
    stored = Unit.objects.select_for_update().select_related("area").get(pk=unit.pk)
    check_version(stored, seen)
    _check_scope(unit, by)
    unit.updated_by = by
    unit.save()
    changes = diff(snapshot(stored, TRACKED_FIELDS), snapshot(unit, TRACKED_FIELDS))
    if changes:
        record(unit, by=by, action="update", changes=changes, at=unit.updated_at)
    return stored.area_id != unit.area_id


@transaction.atomic
def set_unit_active(unit: Unit, *, by, active: bool) -> Unit:
    """Deactivate (or reactivate) a unit; units are never deleted once they have models."""
    _check_scope(unit, by)
    if unit.is_active == active:
        return unit
    unit.is_active = active
    unit.updated_by = by
    unit.save(update_fields=["is_active", "updated_by", "updated_at"])
    record(unit, by=by, action="reactivate" if active else "deactivate", changes={"is_active": [not active, active]})
    return unit
