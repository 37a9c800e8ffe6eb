"""Who may see and do what with recognitions, outstanding marks, proposals and awards."""

from django.db.models import QuerySet

from danvan.accounts.access import area_q, in_scope
from models_registry.awards.enums import ProposalStatus
from models_registry.awards.models import Award, AwardProposal, Outstanding, Recognition, RecognitionLevel
from models_registry.initiatives.enums import Status
from models_registry.initiatives.workflow import can_move
from models_registry.units.models import Unit


def recognitions_for(user) -> QuerySet[Recognition]:
    """Recognition decisions (in force and revoked) of models inside the user's area."""
    return Recognition.objects.filter(area_q(user, "initiative__unit__area"))


def outstanding_for(user) -> QuerySet[Outstanding]:
    return Outstanding.objects.filter(area_q(user, "initiative__unit__area"))


def awards_for(user) -> QuerySet[Award]:
    """Awards whose recipient's area lies inside the user's area."""
    return Award.objects.filter(area_q(user, "area"))


def proposals_for(user) -> QuerySet[AwardProposal]:
    """Proposals of the offices inside the user's area (a district sees its own, the province all of its districts)."""
    return AwardProposal.objects.filter(area_q(user, "office__area"))


def units_in_scope(user) -> QuerySet[Unit]:
    return Unit.objects.filter(area_q(user, "area"))


# ---------------------------------------------------------------- recognition


def levels_for(user) -> QuerySet[RecognitionLevel]:
    """The levels this user may recognise at: any for province staff, their own office's level for an office."""
    if user.is_province_staff:
        return RecognitionLevel.objects.all()
    if user.is_officer and user.office_id:
        return RecognitionLevel.objects.filter(area_level=user.office.area.level).exclude(area_level="")
    return RecognitionLevel.objects.none()


def may_use_level(user, level) -> bool:
    if user.is_province_staff:
        return True
    return bool(user.is_officer and user.office_id and level.area_level and level.area_level == user.office.area.level)


def can_recognise(user, initiative, level=None) -> bool:
    """Whoever the workflow lets make the recognise move, at a level their office may use."""
    if not can_move(user, initiative, Status.RECOGNISED):
        return False
    return may_use_level(user, level) if level is not None else user.is_province_staff or levels_for(user).exists()


def can_replace(user, recognition) -> bool:
    """Revoke a decision in force and record its replacement: whoever may recognise at its level."""
    return (
        recognition.in_force
        and user.can_edit_registry
        and in_scope(user, recognition.initiative.unit.area)
        and may_use_level(user, recognition.level)
    )


def can_revoke(user, recognition) -> bool:
    """Revoke without replacement moves the model back to in progress: whoever the workflow lets make that move."""
    return recognition.in_force and can_move(user, recognition.initiative, Status.IN_PROGRESS)


def can_mark_outstanding(user, initiative, recognition) -> bool:
    """A recognised model is marked outstanding by whoever may recognise at the level of its decision in force."""
    return (
        recognition is not None
        and initiative.status == Status.RECOGNISED
        and user.can_edit_registry
        and in_scope(user, initiative.unit.area)
        and may_use_level(user, recognition.level)
    )


# ---------------------------------------------------------------- proposals and awards


def can_propose(user) -> bool:
    """An office (district officers, province staff) gathers recipients into a proposal."""
    return user.can_edit_registry and bool(user.office_id)


def can_edit_proposal(user, proposal) -> bool:
    """The proposing office edits its proposal until it is sent."""
    return proposal.status == ProposalStatus.DRAFT and can_propose(user) and user.office_id == proposal.office_id


def can_decide(user, proposal) -> bool:
    """Province staff record the award decision of a sent proposal of their area."""
    return (
        proposal.status == ProposalStatus.SENT and user.is_province_staff and user.works and in_scope(user, proposal.office.area)
    )


def can_record_award(user) -> bool:
    """Recording a past award decision directly: district officers and province staff, inside their area."""
    return user.can_edit_registry
