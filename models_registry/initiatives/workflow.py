"""The workflow of a model: one table of moves and one entry point, `change_status`.

Every move says who may make it, what it requires and whom it tells; `change_status` checks it, then in one
transaction swaps the status only if it is still the one the caller saw (compare-and-swap), writes the history
row and the audit row, and queues the e-mail for after the commit.
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
from danvan.errors import DomainError, NotAllowed, StaleEdit
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.initiatives.requirements import check_ready_to_submit


class TransitionNotAllowed(NotAllowed):
    """The move does not exist from this status, or this user may not make it."""


class StaleTransition(StaleEdit):
    """Someone else changed the model first."""


def _editor_in_scope(user, initiative) -> bool:
    return user.can_edit_registry and in_scope(user, initiative.unit.area)


def _province_staff_in_scope(user, initiative) -> bool:
    return user.is_province_staff and user.works and in_scope(user, initiative.unit.area)


def _recognition_in_force(initiative) -> None:
    """The recognise move follows the decision: awards.domain.recognise writes it first, in the same transaction."""
    if not initiative.recognitions.filter(revoked_at__isnull=True).exists():
        raise TransitionNotAllowed(_("This move is not allowed for you now."))


@dataclass(frozen=True)
class Move:
    """One allowed move: who may make it, what it requires, how it looks, and whether the registering officer is told."""

    name: str
    label: str
    allowed: Callable  # (user, initiative) -> bool
    needs_reason: bool = False
    button: str = "primary"
    via_form: bool = False  # made through its own form (recognition), not the plain move button
    requires: Callable | None = None  # (initiative) -> None, raising DomainError when the model is not ready
    email_subject: str = ""  # the registering officer is e-mailed after the commit when the move has one,
    email_text: str = ""  # with this sentence first (both take %(name)s, and the text %(unit)s)


MOVES: dict[tuple[str, str], Move] = {
    (Status.DRAFT, Status.SUBMITTED): Move(
        "submit", gettext_lazy("Submit for approval"), _editor_in_scope, requires=check_ready_to_submit
    ),
    (Status.SUBMITTED, Status.RETURNED): Move(
        "return",
        gettext_lazy("Return"),
        _province_staff_in_scope,
        needs_reason=True,
        button="warning",
        email_subject=gettext_lazy("[DVK] “%(name)s” was returned to you"),
        email_text=gettext_lazy("The model “%(name)s” (%(unit)s) was returned to you for completion."),
    ),
    (Status.RETURNED, Status.SUBMITTED): Move(
        "resubmit", gettext_lazy("Resubmit for approval"), _editor_in_scope, requires=check_ready_to_submit
    ),
    (Status.SUBMITTED, Status.IN_PROGRESS): Move(
        "approve",
        gettext_lazy("Approve"),
        _province_staff_in_scope,
        button="success",
        email_subject=gettext_lazy("[DVK] “%(name)s” was approved"),
        email_text=gettext_lazy("The model “%(name)s” (%(unit)s) was approved and is now in progress."),
    ),
    (Status.SUBMITTED, Status.REJECTED): Move(
        "reject",
        gettext_lazy("Reject"),
        _province_staff_in_scope,
        needs_reason=True,
        button="danger",
        email_subject=gettext_lazy("[DVK] “%(name)s” was rejected"),
        email_text=gettext_lazy("The model “%(name)s” (%(unit)s) was rejected."),
    ),
    # An office may recognise at its own level: awards.domain.recognise checks the level first.
    (Status.IN_PROGRESS, Status.RECOGNISED): Move(
        "recognise",
        gettext_lazy("Recognise"),
        _editor_in_scope,
        button="success",
        via_form=True,
        requires=_recognition_in_force,
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
BUTTON_MOVES = {move.name for move in MOVES.values() if not move.via_form}


def move_named(initiative: Initiative, name: str) -> str | None:
    """The status the plain move `name` leads to from the model's current status, or None."""
    return next((to for (frm, to), m in MOVES.items() if frm == initiative.status and m.name == name and not m.via_form), None)


def can_move(user, initiative: Initiative, to: str) -> bool:
    """Whether the move to `to` exists from the current status and this user may make it (its requirements aside)."""
    move = MOVES.get((initiative.status, to))
    return move is not None and move.allowed(user, initiative)


def email_registering_officer(initiative: Initiative, change: StatusChange) -> None:
    """Tell the officer who registered the model the outcome of a move that has an e-mail (in Vietnamese)."""
    move = MOVES.get((change.from_status, change.to_status))
    officer = initiative.created_by
    if move is None or not move.email_subject or officer is None or not officer.email:
        return
    base = settings.SITE_URL or ""
    names = {"name": initiative.name, "unit": initiative.unit}
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(move.email_subject) % names
        context = {"initiative": initiative, "change": change, "text": str(move.email_text) % names, "officer": officer}
        body = render_to_string("initiatives/email/status_body.txt", {**context, "base_url": base.rstrip("/")})
    send_mail(" ".join(subject.split()), body, None, [officer.email])


def move_label(from_status: str, to_status: str) -> str:
    """How the timeline names a history row: the move's label, or registration for a first row."""
    if not from_status:
        return _("Registered as a draft") if to_status == Status.DRAFT else _("Registered (imported)")
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
    if move.requires:
        move.requires(initiative)
    with transaction.atomic():
        change = _swap(initiative, to, by=by, note=note)
    if move.email_subject:
        transaction.on_commit(lambda: email_registering_officer(initiative, change))
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
    record(initiative, by=by, action="status", changes={"status": [old, to]}, note=note, at=now)
    return change
