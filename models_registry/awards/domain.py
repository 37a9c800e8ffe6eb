"""Business rules for recognitions, outstanding marks, award proposals and awards; every change is recorded."""

import datetime
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.access import can_review_models, in_scope
from danvan.audit.domain import record
from danvan.errors import DomainError, NotAllowed
from danvan.vietnamese import short_date
from models_registry.awards import access
from models_registry.awards.enums import ItemOutcome, ProposalStatus, RecipientKind
from models_registry.awards.models import (
    Award,
    AwardForm,
    AwardProposal,
    Outstanding,
    PersonKey,
    ProposalItem,
    Recognition,
)
from models_registry.initiatives import showcase
from models_registry.initiatives.domain import detect_evidence_type
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.workflow import MOVES, change_status

# ---------------------------------------------------------------- decisions

DECISION_FILE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx"}


def check_decision_file(upload) -> None:
    """A scanned decision is a PDF, an image or a Word file by its bytes, not only by its name (at most 10 MB)."""
    if PurePath(upload.name or "").suffix.lower() not in DECISION_FILE_TYPES:
        raise DomainError(_("Upload a PDF, JPG, PNG or Word file."))
    detect_evidence_type(upload)


@dataclass(frozen=True)
class Decision:
    """A published decision: number, date, who signed it, the scanned file."""

    decision_no: str
    decided_on: datetime.date | None
    signer: str
    issuer: str = ""
    file: UploadedFile | None = None

    def check(self, *, needs_issuer: bool = False) -> None:
        missing = [
            label
            for label, value in (
                (_("decision number"), self.decision_no.strip()),
                (_("decision date"), self.decided_on),
                (_("signer"), self.signer.strip()),
                (_("issuer"), self.issuer.strip() if needs_issuer else "-"),
            )
            if not value
        ]
        if missing:
            raise DomainError(_("Please give the %(fields)s.") % {"fields": ", ".join(str(m) for m in missing)})
        if self.decided_on > timezone.localdate():
            raise DomainError(_("The decision date cannot be in the future."))
        if self.file:
            check_decision_file(self.file)


# ---------------------------------------------------------------- recognition


def check_recognition(initiative: Initiative, *, by, level, decision: Decision) -> None:
    """The rules of recognising, checked before anything is written (the web form and the import's check ask
    this same function): the level and the decision, the model's status, who may recognise at this level, and no
    decision already in force."""
    if level is None:
        raise DomainError(_("Please choose the recognition level."))
    decision.check()
    if (initiative.status, Status.RECOGNISED) not in MOVES:
        raise DomainError(
            _("Only a model in progress can be recognised; this one is “%(status)s”.")
            % {"status": Status(initiative.status).label}
        )
    if not access.can_recognise(by, initiative, level):
        raise DomainError(_("You cannot recognise this model at this level."))
    if Recognition.objects.filter(initiative=initiative, revoked_at__isnull=True).exists():
        raise DomainError(_("This model already has a recognition in force."))


def recognise(initiative: Initiative, *, by, level, decision_no, decided_on, signer, file=None) -> Recognition:
    """Record the recognition decision and move the model to recognised, in one transaction."""
    decision = Decision(decision_no or "", decided_on, signer or "", file=file)
    check_recognition(initiative, by=by, level=level, decision=decision)
    try:
        with transaction.atomic():
            _lock_in_force(initiative)
            recognition = _create_recognition(initiative, by=by, level=level, decision=decision)
            change_status(initiative, Status.RECOGNISED, by=by, note=_recognition_note(recognition))
    except IntegrityError:
        raise DomainError(_("This model already has a recognition in force.")) from None
    return recognition


def record_past_recognition(initiative: Initiative, *, by, level, decision_no, decided_on, signer="") -> Recognition:
    """The decision behind a past model that province staff imported as recognised: the recognition record is
    written here, as every recognition is, beside the model's first history row (the import checked the rules
    with initiatives.domain.check_opening_status)."""
    if not (can_review_models(by) and initiative.status == Status.RECOGNISED):
        raise DomainError(_("You cannot recognise this model at this level."))
    decision = Decision(decision_no or "", decided_on, signer or "")
    _lock_in_force(initiative)
    return _create_recognition(initiative, by=by, level=level, decision=decision)


def _lock_in_force(initiative: Initiative) -> None:
    """Lock the model row, then refuse a second decision in force (the partial unique constraint is the last guard)."""
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    if Recognition.objects.filter(initiative=initiative, revoked_at__isnull=True).exists():
        raise DomainError(_("This model already has a recognition in force."))


def _create_recognition(initiative, *, by, level, decision: Decision, replaces=None) -> Recognition:
    recognition = Recognition(
        initiative=initiative,
        level=level,
        decision_no=decision.decision_no.strip(),
        decided_on=decision.decided_on,
        signer=decision.signer.strip(),
        office=by.office,
        recorded_by=by,
        replaces=replaces,
    )
    if decision.file:
        recognition.file = decision.file
    recognition.save()
    showcase.bump_version()
    record(
        recognition,
        by=by,
        action="create",
        changes={
            "level": [None, level.name],
            "decision_no": [None, recognition.decision_no],
            "decided_on": [None, recognition.decided_on.isoformat()],
            "signer": [None, recognition.signer],
        },
    )
    return recognition


def _recognition_note(recognition: Recognition) -> str:
    return _("Decision %(no)s of %(date)s, %(level)s") % {
        "no": recognition.decision_no,
        "date": short_date(recognition.decided_on),
        "level": recognition.level.name,
    }


def _revoke(recognition: Recognition, *, by, reason: str) -> Recognition:
    """Mark the decision revoked (never deleted, never edited otherwise)."""
    locked = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if not locked.in_force:
        raise DomainError(_("This decision was already revoked."))
    locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), by, reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    showcase.bump_version()
    record(locked, by=by, action="update", changes={"revoked_at": [None, locked.revoked_at.isoformat()]}, note=reason)
    recognition.revoked_at, recognition.revoked_by, recognition.revoke_reason = locked.revoked_at, by, reason
    return locked


def revoke_recognition(recognition: Recognition, *, by, reason: str) -> Recognition:
    """Revoke a decision without replacement: the model goes back to in progress."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Please give the reason for revoking."))
    if not access.can_revoke(by, recognition):
        raise DomainError(_("You cannot revoke this decision."))
    with transaction.atomic():
        revoked = _revoke(recognition, by=by, reason=reason)
        change_status(recognition.initiative, Status.IN_PROGRESS, by=by, note=reason)
    return revoked


def check_replacement(recognition: Recognition, *, by, reason: str, level, decision: Decision) -> None:
    """The rules of replacing a decision, checked before anything is written (the web form and the import's check)."""
    if not (reason or "").strip():
        raise DomainError(_("Please give the reason for revoking."))
    if level is None:
        raise DomainError(_("Please choose the recognition level."))
    decision.check()
    if not access.can_replace(by, recognition) or not access.may_use_level(by, level):
        raise DomainError(_("You cannot replace this decision at this level."))


def replace_recognition(recognition: Recognition, *, by, reason: str, level, decision_no, decided_on, signer, file=None):
    """Revoke a decision and record its replacement; the model stays recognised and both stay in the history."""
    reason = (reason or "").strip()
    decision = Decision(decision_no or "", decided_on, signer or "", file=file)
    check_replacement(recognition, by=by, reason=reason, level=level, decision=decision)
    with transaction.atomic():
        old = _revoke(recognition, by=by, reason=reason)
        new = _create_recognition(recognition.initiative, by=by, level=level, decision=decision, replaces=old)
        record(
            recognition.initiative,
            by=by,
            action="update",
            changes={"recognition": [str(old), str(new)]},
            note=reason,
        )
    return new


# ---------------------------------------------------------------- outstanding


def mark_outstanding(initiative: Initiative, *, by, year: int, note: str = "") -> Outstanding:
    """Mark a recognised model outstanding (tiêu biểu) for a year; once a year."""
    recognition = Recognition.objects.filter(initiative=initiative, revoked_at__isnull=True).select_related("level").first()
    if not access.can_mark_outstanding(by, initiative, recognition):
        raise DomainError(_("Only a recognised model of your area can be marked outstanding, at the level of its decision."))
    if not year or not 2000 <= year <= timezone.localdate().year:
        raise DomainError(_("Please give a valid year."))
    if Outstanding.objects.filter(initiative=initiative, year=year).exists():
        raise DomainError(_("This model is already marked outstanding for %(year)s.") % {"year": year})
    try:
        with transaction.atomic():
            mark = Outstanding.objects.create(initiative=initiative, year=year, note=(note or "").strip(), marked_by=by)
    except IntegrityError:
        raise DomainError(_("This model is already marked outstanding for %(year)s.") % {"year": year}) from None
    record(initiative, by=by, action="update", changes={"outstanding": [None, year]}, note=mark.note)
    return mark


@transaction.atomic
def unmark_outstanding(mark: Outstanding, *, by) -> None:
    """Remove an outstanding mark recorded by mistake (the audit trail keeps it)."""
    recognition = Recognition.objects.filter(initiative=mark.initiative, revoked_at__isnull=True).select_related("level").first()
    if not access.can_mark_outstanding(by, mark.initiative, recognition):
        raise DomainError(_("You cannot change the outstanding marks of this model."))
    record(mark.initiative, by=by, action="update", changes={"outstanding": [mark.year, None]})
    mark.delete()


# ---------------------------------------------------------------- awards


@dataclass(frozen=True)
class Recipient:
    """Who receives an award: a model, a unit, or a person (of an exemplar, or named with an area)."""

    initiative: Initiative | None = None
    unit: object | None = None
    person_name: str = ""
    person_position: str = ""
    area: object | None = None

    @classmethod
    def chosen(cls, award_form, *, initiative=None, unit=None, person_name="", person_position="", area=None) -> "Recipient":
        """The recipient a form names: an individual award given for an exemplar goes to the exemplar's person,
        unless another person is named; a named person's area counts only when no model or unit carries one."""
        individual = award_form is not None and award_form.recipient_kind == RecipientKind.INDIVIDUAL
        if initiative is not None and individual and not person_name:
            person_name, person_position = initiative.person_name, initiative.person_position
        area = area if person_name and initiative is None and unit is None else None
        return cls(initiative, unit, person_name or "", person_position or "", area)

    @classmethod
    def of_item(cls, item: ProposalItem) -> "Recipient":
        return cls(item.initiative, item.unit, item.person_name, item.person_position)

    @property
    def is_person(self) -> bool:
        return bool(self.person_name.strip())

    @property
    def name(self) -> str:
        return self.person_name or str(self.initiative or self.unit)

    def resolved_area(self):
        if self.area is not None:
            return self.area
        if self.initiative is not None:
            return self.initiative.unit.area
        return self.unit.area if self.unit is not None else None


def existing_award(award_form: AwardForm, year: int, recipient: Recipient) -> Award | None:
    """The award already given for this achievement (recipient, form, year), if any."""
    awards = Award.objects.filter(award_form=award_form, year=year)
    if recipient.is_person:
        same_person = awards.alias(person=PersonKey("person_name")).filter(person=PersonKey.of(recipient.person_name))
        found = same_person.filter(area=recipient.resolved_area()).first()
        if found:
            return found
    if recipient.initiative is not None:
        return awards.filter(initiative=recipient.initiative).first()
    if recipient.unit is not None and not recipient.is_person:
        return awards.filter(unit=recipient.unit, initiative__isnull=True, person_name="").first()
    return None


def _double_award_error(award: Award, recipient: Recipient) -> DomainError:
    return DomainError(
        _("“%(recipient)s” already received %(form)s for %(year)s (decision %(no)s of %(date)s).")
        % {
            "recipient": recipient.name,
            "form": award.award_form,
            "year": award.year,
            "no": award.decision_no,
            "date": short_date(award.decided_on),
        }
    )


def _check_recipient(award_form: AwardForm, recipient: Recipient) -> None:
    if recipient.initiative is None and recipient.unit is None and not recipient.is_person:
        raise DomainError(_("Please choose who receives the award."))
    if award_form.recipient_kind == RecipientKind.INDIVIDUAL and not recipient.is_person:
        raise DomainError(_("“%(form)s” goes to a person: choose an exemplar or give a name.") % {"form": award_form})
    if award_form.recipient_kind == RecipientKind.COLLECTIVE and recipient.is_person:
        raise DomainError(_("“%(form)s” goes to a collective: choose a model or a unit.") % {"form": award_form})
    if recipient.resolved_area() is None:
        raise DomainError(_("Please give the area of the person."))


def _create_award(award_form, year, recipient: Recipient, decision: Decision, *, by) -> Award:
    """Insert the award after checking it is not a double; the unique constraints remain the last guard."""
    found = existing_award(award_form, year, recipient)
    if found:
        raise _double_award_error(found, recipient)
    award = Award(
        award_form=award_form,
        year=year,
        decision_no=decision.decision_no.strip(),
        decided_on=decision.decided_on,
        issuer=decision.issuer.strip() or award_form.issuing_level,
        signer=decision.signer.strip(),
        initiative=recipient.initiative,
        unit=recipient.unit,
        person_name=recipient.person_name.strip(),
        person_position=recipient.person_position.strip(),
        area=recipient.resolved_area(),
        recorded_by=by,
    )
    if decision.file:
        award.file = decision.file
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:
        raise DomainError(
            _("“%(recipient)s” already received %(form)s for %(year)s.")
            % {"recipient": recipient.name, "form": award_form, "year": year}
        ) from None
    record(
        award,
        by=by,
        action="create",
        changes={"award_form": [None, str(award_form)], "year": [None, year], "decision_no": [None, award.decision_no]},
    )
    return award


def record_award(*, by, award_form: AwardForm, year: int, decision: Decision, recipient: Recipient) -> Award:
    """Record an award decision directly (e.g. a past decision), inside the actor's area."""
    if not access.can_record_award(by):
        raise DomainError(_("You cannot record awards."))
    decision.check()
    _check_recipient(award_form, recipient)
    if not in_scope(by, recipient.resolved_area()):
        raise DomainError(_("The recipient is outside your area."))
    with transaction.atomic():
        return _create_award(award_form, year, recipient, decision, by=by)


# ---------------------------------------------------------------- proposals


def create_proposal(*, by, title: str, award_form: AwardForm, year: int, note: str = "") -> AwardProposal:
    """A new draft proposal of the actor's office for one award form."""
    if not access.can_propose(by):
        raise DomainError(_("Only an office can make an award proposal."))
    if not (title or "").strip():
        raise DomainError(_("Please give the proposal a title."))
    with transaction.atomic():
        proposal = AwardProposal.objects.create(
            office=by.office, title=title.strip(), award_form=award_form, year=year, note=(note or "").strip(), created_by=by
        )
        record(proposal, by=by, action="create", changes={"title": [None, proposal.title], "award_form": [None, str(award_form)]})
    return proposal


def add_to_proposal(proposal: AwardProposal, *, by, recipient: Recipient) -> ProposalItem:
    """Add a recognised model (or its exemplar's person) or a unit of the office's area to a draft proposal."""
    if not access.can_edit_proposal(by, proposal):
        raise DomainError(_("This proposal can no longer be changed."))
    _check_recipient(proposal.award_form, recipient)
    with transaction.atomic():
        # The proposal's row is locked before the duplicate check, so two adds of the same recipient cannot both pass.
        AwardProposal.objects.select_for_update().filter(pk=proposal.pk).first()
        _check_eligible(proposal, recipient, by=by)
        found = existing_award(proposal.award_form, proposal.year, recipient)
        if found:
            raise _double_award_error(found, recipient)
        item = ProposalItem.objects.create(
            proposal=proposal,
            initiative=recipient.initiative,
            unit=recipient.unit,
            person_name=recipient.person_name.strip(),
            person_position=recipient.person_position.strip(),
        )
        record(proposal, by=by, action="update", changes={"recipient": [None, str(item)]})
    return item


def _check_eligible(proposal, recipient: Recipient, *, by) -> None:
    if recipient.initiative is not None and recipient.initiative.status != Status.RECOGNISED:
        raise DomainError(_("Only a recognised model can be proposed for an award."))
    if not in_scope(by, recipient.resolved_area()):
        raise DomainError(_("The recipient is outside your area."))
    items = proposal.items.all()
    duplicate = (
        items.filter(initiative=recipient.initiative, person_name=recipient.person_name.strip())
        if recipient.initiative
        else items.filter(unit=recipient.unit, initiative__isnull=True)
    )
    if duplicate.exists():
        raise DomainError(_("“%(name)s” is already in this proposal.") % {"name": recipient.name})


@transaction.atomic
def _check_proposing_office(proposal: AwardProposal, by) -> None:
    """Only the proposing office works on its proposal: anyone else is refused outright (a 403)."""
    if not (access.can_propose(by) and by.office_id == proposal.office_id):
        raise NotAllowed(_("Only the office that made this proposal can change or send it."))


def remove_from_proposal(item: ProposalItem, *, by) -> None:
    """Take a recipient out of a draft proposal (the audit trail keeps it)."""
    _check_proposing_office(item.proposal, by)
    if not access.can_edit_proposal(by, item.proposal):
        raise DomainError(_("This proposal can no longer be changed."))
    record(item.proposal, by=by, action="update", changes={"recipient": [str(item), None]})
    item.delete()


def send_proposal(proposal: AwardProposal, *, by) -> AwardProposal:
    """Send a draft proposal up to the province; it can no longer be changed."""
    _check_proposing_office(proposal, by)
    if not access.can_edit_proposal(by, proposal):
        raise DomainError(_("This proposal can no longer be sent."))
    if not proposal.items.exists():
        raise DomainError(_("Add at least one recipient before sending the proposal."))
    with transaction.atomic():
        updated = AwardProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.DRAFT).update(
            status=ProposalStatus.SENT, sent_at=timezone.now()
        )
        if updated != 1:
            raise DomainError(_("Someone else changed this proposal first."))
        proposal.refresh_from_db()
        record(proposal, by=by, action="status", changes={"status": [ProposalStatus.DRAFT, ProposalStatus.SENT]})
    return proposal


def decide_proposal(proposal: AwardProposal, *, by, decision: Decision, awarded: set, declined: dict) -> list[Award]:
    """Record the award decision: the awarded items get an award each, the others are declined with a reason."""
    if not access.can_decide(by, proposal):
        raise DomainError(_("You cannot record the decision of this proposal."))
    items = list(proposal.items.select_related("initiative__unit__area", "unit__area"))
    _check_outcomes(items, awarded, declined)
    if awarded:
        decision.check(needs_issuer=True)
    awards = []
    with transaction.atomic():
        locked = AwardProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.SENT:
            raise DomainError(_("Someone else changed this proposal first."))
        for item in items:
            if item.pk in awarded:
                item.award = _create_award(proposal.award_form, proposal.year, Recipient.of_item(item), decision, by=by)
                item.outcome = ItemOutcome.AWARDED
                awards.append(item.award)
            else:
                item.outcome, item.decline_reason = ItemOutcome.DECLINED, declined[item.pk].strip()
            item.save(update_fields=["award", "outcome", "decline_reason"])
        locked.status = ProposalStatus.DECIDED
        locked.save(update_fields=["status"])
        record(
            proposal,
            by=by,
            action="status",
            changes={"status": [ProposalStatus.SENT, ProposalStatus.DECIDED], "awarded": [None, len(awards)]},
            note=decision.decision_no,
        )
    proposal.status = ProposalStatus.DECIDED
    return awards


def _check_outcomes(items, awarded: set, declined: dict) -> None:
    known = {item.pk for item in items}
    if (awarded | set(declined)) - known or awarded & set(declined):
        raise DomainError(_("Each proposed recipient is either awarded or declined."))
    for item in items:
        if item.pk not in awarded and item.pk not in declined:
            raise DomainError(_("Say whether “%(name)s” is awarded or declined.") % {"name": item})
        if item.pk in declined and not (declined[item.pk] or "").strip():
            raise DomainError(_("Please give the reason “%(name)s” is declined.") % {"name": item})
