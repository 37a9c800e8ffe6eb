"""What a model needs before it is submitted: the workflow's submit move and the forms both ask here."""

from django.utils.translation import gettext as _

from danvan.errors import DomainError
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Initiative

REQUIRED_TO_SUBMIT = ["name", "unit", "field", "phase", "registered_on", "situation", "goals", "content_method"]
REQUIRED_TO_SUBMIT_EXEMPLAR = ["person_name", "person_position"]


def required_for_submission(kind: str) -> list[str]:
    """The fields a model of this kind must have before it is submitted."""
    extra = REQUIRED_TO_SUBMIT_EXEMPLAR if kind == InitiativeKind.EXEMPLAR else []
    return [*REQUIRED_TO_SUBMIT, *extra]


def missing_for_submission(initiative: Initiative) -> list[str]:
    """The names of the required fields this model still lacks."""
    missing = []
    for name in required_for_submission(initiative.kind):
        value = getattr(initiative, initiative._meta.get_field(name).attname)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


def field_labels(names: list[str]) -> list[str]:
    """The Vietnamese labels of model fields, in order."""
    return [str(Initiative._meta.get_field(name).verbose_name) for name in names]


def check_ready_to_submit(initiative: Initiative) -> None:
    """Raise DomainError naming every missing required field."""
    missing = missing_for_submission(initiative)
    if missing:
        raise DomainError(
            _("It cannot be submitted yet. Still missing: %(fields)s.") % {"fields": ", ".join(field_labels(missing))}
        )
