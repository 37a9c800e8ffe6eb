"""The workflow of a model: one table of moves and one entry point, `change_status`.

Every move says who may make it and what it requires; `change_status` checks it, then in one
transaction swaps the status only if it is still the one the caller saw (compare-and-swap), writes
the history row and the audit row, and queues the e-mail for after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.access import in_scope
from danvan.audit.domain import record
from danvan.errors import DomainError
from models_registry.initiatives.domain import check_ready_to_submit
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative, StatusChange


class TransitionNotAllowed(DomainError):
    """The move does not exist from this status, or this user may not make it."""


class StaleTransition(DomainError):
    """Someone else changed the model first."""


def _editor_in_scope(user, initiative) -> bool:
    return user.can_edit_registry and in_scope(user, initiative.unit.area)


def _province_staff_in_scope(user, initiative) -> bool:
    return user.is_province_staff and in_scope(user, initiative.unit.area)


def _has_recognition_in_force(user, initiative) -> bool:
    # Province staff, or an office recognising at its own level: awards.domain.recognise checks the level first.
    return _editor_in_scope(user, initiative) and initiative.recognitions.filter(revoked_at__isnull=True).exists()


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    allowed: Callable
    needs_reason: bool = False
    button: str = "primary"
    via_form: bool = False  # made through its own form (recognition), not the plain move button


MOVES: dict[tuple[str, str], Move] = {
    (Status.DRAFT, Status.SUBMITTED): Move("submit", gettext_lazy("Submit for approval"), _editor_in_scope),
    (Status.SUBMITTED, Status.DRAFT): Move(
        "return", gettext_lazy("Return"), _province_staff_in_scope, needs_reason=True, button="warning"
    ),
    (Status.SUBMITTED, Status.IN_PROGRESS): Move("approve", gettext_lazy("Approve"), _province_staff_in_scope, button="success"),
    (Status.SUBMITTED, Status.REJECTED): Move(
        "reject", gettext_lazy("Reject"), _province_staff_in_scope, needs_reason=True, button="danger"
    ),
    (Status.IN_PROGRESS, Status.RECOGNISED): Move(
        "recognise", gettext_lazy("Recognise"), _has_recognition_in_force, button="success", via_form=True
    ),
    (Status.RECOGNISED, Status.IN_PROGRESS): Move(
        "revoke_recognition", gettext_lazy("Revoke recognition"), _province_staff_in_scope, needs_reason=True, via_form=True
    ),
    (Status.IN_PROGRESS, Status.DISCONTINUED): Move(
        "discontinue", gettext_lazy("Discontinue"), _editor_in_scope, needs_reason=True, button="danger"
    ),
    (Status.RECOGNISED, Status.DISCONTINUED): Move(
        "discontinue", gettext_lazy("Discontinue"), _editor_in_scope, needs_reason=True, button="danger"
    ),
}

# Checks a move needs beyond who makes it: (from, to) -> function raising DomainError.
REQUIREMENTS: dict[tuple[str, str], Callable] = {
    (Status.DRAFT, Status.SUBMITTED): check_ready_to_submit,
}

# The moves whose outcome the registering officer hears about by e-mail.
EMAILED_MOVES = {"return", "approve", "reject"}


def email_registering_officer(initiative: Initiative, change: StatusChange) -> None:
    """Tell the officer who registered the model that it was returned, approved or rejected (in Vietnamese)."""
    move = MOVES.get((change.from_status, change.to_status))
    officer = initiative.created_by
    if move is None or move.name not in EMAILED_MOVES or officer is None or not officer.email:
        return
    context = {"initiative": initiative, "change": change, "move": move.name, "officer": officer, "base_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("initiatives/email/status_subject.txt", context).strip()
        body = render_to_string("initiatives/email/status_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [officer.email])


# Called after commit with (initiative, change); the registry wires e-mail here.
AFTER_COMMIT: list[Callable] = [email_registering_officer]


def move_label(from_status: str, to_status: str) -> str:
    """How the timeline names a history row: the move's label, or registration for a first row."""
    if not from_status:
        return _("Registered as a draft")
    move = MOVES.get((from_status, to_status))
    return str(move.label) if move else _("Status changed")


def moves_for(user, initiative) -> list[tuple[str, Move]]:
    """The moves this user may make on this model now: (target status, move)."""
    return [(to, move) for (frm, to), move in MOVES.items() if frm == initiative.status and move.allowed(user, initiative)]


def change_status(initiative: Initiative, to: str, *, by, note: str = "") -> StatusChange:
    """Move the model to `to`, or raise TransitionNotAllowed, DomainError or StaleTransition."""
    note = (note or "").strip()
    move = MOVES.get((initiative.status, to))
    if move is None or not move.allowed(by, initiative):
        raise TransitionNotAllowed(_("This move is not allowed for you now."))
    if move.needs_reason and not note:
        raise DomainError(_("Please give a reason."))
    requirement = REQUIREMENTS.get((initiative.status, to))
    if requirement:
        requirement(initiative)
    with transaction.atomic():
        change = _swap(initiative, to, by=by, note=note)
    for callback in AFTER_COMMIT:
        transaction.on_commit(lambda callback=callback: callback(initiative, change))
    return change


def _swap(initiative: Initiative, to: str, *, by, note: str) -> StatusChange:
    now = timezone.now()
    old = initiative.status
    updated = Initiative.objects.filter(pk=initiative.pk, status=old).update(
        status=to, status_changed_at=now, updated_by=by, updated_at=now
    )
    if updated != 1:
        raise StaleTransition(_("Someone else changed this model first. The page shows it as it is now."))
    initiative.status, initiative.status_changed_at = to, now
    change = StatusChange.objects.create(initiative=initiative, from_status=old, to_status=to, by=by, at=now, note=note)
    record(initiative, by=by, action="status", changes={"status": [old, to]}, note=note)
    return change
