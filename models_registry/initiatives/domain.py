"""Business rules for models and exemplars: register, edit, attach evidence, replicate; each recorded in the audit trail.

Status moves are not here: they all go through `workflow.change_status`, which the composed operations
("save and submit") call inside their own transaction.
"""

import datetime
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.contrib.postgres.search import TrigramSimilarity
from django.db import transaction
from django.db.models import QuerySet, TextField, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.access import can_register, can_review_models, in_scope
from danvan.accounts.offices import check_office_open
from danvan.audit.domain import diff, entries_for, record, snapshot
from danvan.errors import DomainError
from danvan.search import ImmutableUnaccent, normalise_text
from danvan.versions import STALE_MESSAGE, version
from danvan.vietnamese import short_date
from models_registry.initiatives.access import can_mark_public, can_replicate_from_showcase
from models_registry.initiatives.enums import EDITABLE_STATUSES, REGISTERED_STATUSES, Status
from models_registry.initiatives.models import EvidenceFile, Initiative, Phase, StatusChange
from models_registry.initiatives.requirements import (  # noqa: F401 (the domain's public names)
    REQUIRED_TO_SUBMIT,
    REQUIRED_TO_SUBMIT_EXEMPLAR,
    check_ready_to_submit,
    field_labels,
    missing_for_submission,
    required_for_submission,
)
from models_registry.initiatives.showcase import bump_version
from models_registry.initiatives.workflow import StaleTransition, change_status
from models_registry.units import domain as units_domain
from models_registry.units.models import Unit, province_path_of

CONTENT_FIELDS = [
    "situation",
    "goals",
    "content_method",
    "place_target",
    "lead_force",
    "partner_forces",
    "participating_forces",
    "resources_timeline",
    "expected_outputs",
    "sustainability",
]
RESULT_FIELDS = ["people_reached", "money_mobilised", "land_donated_m2", "works_completed"]
PERSON_FIELDS = ["person_name", "person_position", "person_contact"]
TRACKED_FIELDS = [
    "kind",
    "name",
    "unit",
    "field",
    "phase",
    "registered_on",
    "started_on",
    *CONTENT_FIELDS,
    *RESULT_FIELDS,
    *PERSON_FIELDS,
]
SIMILAR_NAME_THRESHOLD = 0.6

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Extension -> the content types its bytes may have (checked from the file's own bytes, not its name).
EVIDENCE_TYPES = {
    ".pdf": {"application/pdf"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".doc": {"application/msword"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
OOXML_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
}


# --- evidence files ------------------------------------------------------------------------------


def detect_evidence_type(upload) -> str:
    """The content type of an allowed evidence file, read from its bytes; DomainError otherwise."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    allowed = EVIDENCE_TYPES.get(suffix)
    if allowed is None:
        raise DomainError(
            _("“%(name)s”: only PDF, Word (.doc, .docx), Excel (.xlsx), JPEG and PNG files are accepted.") % {"name": name}
        )
    if upload.size > MAX_EVIDENCE_BYTES:
        raise DomainError(
            _("“%(name)s” is %(size)s MB; a file may be at most 10 MB.") % {"name": name, "size": _megabytes(upload.size)}
        )
    detected = _sniff(upload)
    if detected not in allowed:
        raise DomainError(
            _("“%(name)s” is not really a %(kind)s file (its content does not match its name); it was refused.")
            % {"name": name, "kind": suffix.lstrip(".").upper()}
        )
    return detected


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _sniff(upload) -> str | None:
    """What the bytes say the file is; Office files are confirmed by their inner structure."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in OOXML_PARTS or mime == "application/zip":
        mime = _ooxml_type(upload)
    elif head.startswith(OLE2_MAGIC):
        mime = "application/msword" if mime == "application/msword" or _has_word_stream(upload) else mime
    upload.seek(0)
    return mime


def _ooxml_type(upload) -> str | None:
    """A Word or Excel OOXML package holds its main part; any other zip is not evidence."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    for mime, part in OOXML_PARTS.items():
        if part in names and "[Content_Types].xml" in names:
            return mime
    return None


def _has_word_stream(upload) -> bool:
    """An old-style .doc is an OLE2 compound file with a "WordDocument" stream in its directory."""
    upload.seek(0)
    return any(WORD_STREAM in chunk for chunk in upload.chunks())


def _store_evidence(initiative: Initiative, upload, *, by, description: str = "") -> EvidenceFile:
    content_type = detect_evidence_type(upload)
    evidence = EvidenceFile(
        initiative=initiative,
        original_name=normalise_text(PurePath(upload.name).name)[:255],
        content_type=content_type,
        size=upload.size,
        description=normalise_text(description)[:255],
        uploaded_by=by,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def add_evidence(initiative: Initiative, upload, *, by, description: str = "") -> EvidenceFile:
    """Attach a checked evidence file to a draft."""
    _check_editable(initiative, by)
    evidence = _store_evidence(initiative, upload, by=by, description=description)
    record(initiative, by=by, action="file", changes={"evidence": [None, evidence.original_name]}, at=initiative.updated_at)
    return evidence


@transaction.atomic
def mark_public(evidence: EvidenceFile, public: bool, *, by) -> EvidenceFile:
    """Say whether a photo may be shown in the public showcase (images only); the showcase redraws its pages."""
    if not can_mark_public(by, evidence):
        raise DomainError(_("Only photos (JPEG, PNG) can be shown in public."))
    with transaction.atomic():
        if evidence.is_public != public:
            EvidenceFile.objects.filter(pk=evidence.pk).update(is_public=public)
            evidence.is_public = public
            shown = [None, evidence.original_name] if public else [evidence.original_name, None]
            record(evidence.initiative, by=by, action="file", changes={"evidence_public": shown})
            bump_version()
    return evidence


def remove_evidence(evidence: EvidenceFile, *, by) -> None:
    """Detach an evidence file from a draft; the stored file goes once the change is committed."""
    initiative = evidence.initiative
    _check_editable(initiative, by)
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    record(initiative, by=by, action="file", changes={"evidence": [evidence.original_name, None]}, at=initiative.updated_at)
    transaction.on_commit(lambda: storage.delete(stored))


# --- register, edit, replicate -------------------------------------------------------------------


def _check_scope(initiative: Initiative, by) -> None:
    if by.office_id:
        check_office_open(by.office)
    if not can_register(by):
        raise DomainError(_("You may not register or edit models."))
    if not in_scope(by, initiative.unit.area):
        raise DomainError(_("The unit is outside your area."))


def _check_editable(initiative: Initiative, by) -> None:
    _check_scope(initiative, by)
    if initiative.status not in EDITABLE_STATUSES:
        raise DomainError(
            _("Only a draft can be changed; this model is “%(status)s”.") % {"status": initiative.get_status_display()}
        )


def record_first_history(initiative: Initiative, *, by, note: str = "") -> StatusChange:
    """The history row of a model's first status (registered, replicated or imported): from nothing to its status."""
    change = first_history(initiative, by=by, note=note)
    change.save(force_insert=True)
    return change


def first_history(initiative: Initiative, *, by, note: str = "") -> StatusChange:
    """That row unsaved: an import writes all its models' first rows in one insert."""
    return StatusChange(
        initiative=initiative, from_status="", to_status=initiative.status, by=by, at=initiative.status_changed_at, note=note
    )


@transaction.atomic
def create_initiative(*, by, files=(), submit: bool = False, **fields) -> Initiative:
    """Register a model as a draft in a unit of the actor's area, with its evidence files; `submit` also sends it
    for approval, in the same transaction (all or nothing)."""
    for upload in files:
        detect_evidence_type(upload)  # refuse before anything is written
    initiative = Initiative(**fields, status=Status.DRAFT, created_by=by, updated_by=by)
    _check_scope(initiative, by)
    initiative.save()
    record_first_history(initiative, by=by)
    record(initiative, by=by, action="create", changes=diff({}, snapshot(initiative, TRACKED_FIELDS)))
    for upload in files:
        add_evidence(initiative, upload, by=by)
    if submit:
        change_status(initiative, Status.SUBMITTED, by=by)
    return initiative


@transaction.atomic
def update_initiative(
    initiative: Initiative, *, by, values: dict, files=(), remove_files=(), submit: bool = False, seen: str | None = None
) -> Initiative:
    """Apply a form's values to a draft, on its locked row (the audit diff starts from that row); `submit` also
    sends it for approval in the same transaction. StaleTransition when it is no longer editable, or when it
    changed since the version `seen` the form was drawn from (nobody's edit is silently overwritten)."""
    for upload in files:
        detect_evidence_type(upload)
    locked = (
        Initiative.objects.select_for_update(of=("self",)).select_related("unit__area", "field", "phase").get(pk=initiative.pk)
    )
    if locked.status not in EDITABLE_STATUSES:
        raise StaleTransition(_("Someone else changed this model first. The page shows it as it is now."))
    if seen is not None and version(locked) != seen:
        raise StaleTransition(str(STALE_MESSAGE))
    _check_editable(locked, by)
    before = snapshot(locked, TRACKED_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value)
    _check_editable(locked, by)  # the unit it moves to must lie in the actor's area too
    locked.updated_by = by
    locked.save()
    changes = diff(before, snapshot(locked, TRACKED_FIELDS))
    if changes:
        record(locked, by=by, action="update", changes=changes, at=locked.updated_at)
    for evidence in remove_files:
        remove_evidence(evidence, by=by)
    for upload in files:
        add_evidence(locked, upload, by=by)
    if submit:
        change_status(locked, Status.SUBMITTED, by=by)
    return locked


@transaction.atomic
def replicate(source: Initiative, *, unit, by) -> Initiative:
    """Copy an approved model's content into a new draft of another unit, linked to its source."""
    if source.status not in REGISTERED_STATUSES:
        raise DomainError(_("Only an approved model can be replicated."))
    if not in_scope(by, source.unit.area) and not can_replicate_from_showcase(by, source):
        raise DomainError(_("The model is outside your area."))
    today = timezone.localdate()
    copy = Initiative(
        kind=source.kind,
        name=source.name,
        unit=unit,
        field=source.field,
        phase=Phase.for_year(today.year) or source.phase,
        registered_on=today,
        replicated_from=source,
        status=Status.DRAFT,
        created_by=by,
        updated_by=by,
        **{name: getattr(source, name) for name in CONTENT_FIELDS},
    )
    _check_scope(copy, by)
    copy.save()
    record_first_history(copy, by=by)
    note = _("Replicated from “%(name)s” (%(unit)s)") % {"name": source.name, "unit": source.unit}
    record(copy, by=by, action="create", changes=diff({}, snapshot(copy, TRACKED_FIELDS)), note=note)
    return copy


# --- how a record may start: one rule for forms and imports ---------------------------------------


@dataclass(frozen=True)
class PastRecord:
    """What a registered status needs when province staff record a past model: a recognition's decision (level,
    number, date, signer) for "recognised", a reason for "discontinued"."""

    level: object = None
    decision_no: str = ""
    decided_on: datetime.date | None = None
    signer: str = ""
    reason: str = ""


def current_half_start(today: datetime.date | None = None) -> datetime.date:
    """01/01 or 01/07 of today's half-year: anything before it belongs to a period that has ended."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1 if today.month <= 6 else 7, 1)


def check_opening_status(
    initiative: Initiative,
    *,
    by,
    past: PastRecord = PastRecord(),
    today: datetime.date | None = None,
    reviews: bool | None = None,
) -> None:
    """Whether `by` may create this record in its status. Anyone who registers models creates drafts, or submitted
    models that have what a submission needs. A registered status (in progress, recognised, discontinued) only
    province staff may record, for a past period, with what that status requires. Returned and rejected come
    only from the workflow. DomainError (with the field at fault) otherwise.

    A caller that checks many records at once (an import's file) gives today's date and `can_review_models(by)`,
    found once, instead of each record finding them again."""
    status = initiative.status
    if status == Status.DRAFT:
        return
    if status == Status.SUBMITTED:
        try:
            check_ready_to_submit(initiative)
        except DomainError as error:
            raise DomainError(error.message, field="status") from None
        return
    label = Status(status).label
    if status not in REGISTERED_STATUSES:
        raise DomainError(
            _("A new model starts as a draft or submitted; “%(status)s” comes only from the workflow.") % {"status": label},
            field="status",
        )
    if not (can_review_models(by) if reviews is None else reviews):
        raise DomainError(
            _(
                "Only province staff may record a model as “%(status)s” (for a past period); "
                "you may create drafts or submitted models."
            )
            % {"status": label},
            field="status",
        )
    _check_past(initiative, label, past, today)


def _check_past(initiative: Initiative, label: str, past: PastRecord, today: datetime.date | None = None) -> None:
    start = current_half_start(today)
    limit = {"status": label, "date": short_date(start)}
    if initiative.registered_on is None or initiative.registered_on >= start:
        raise DomainError(
            _("“%(status)s” may be recorded only for a past period: the registration date must be before %(date)s.") % limit,
            field="registered_on",
        )
    if initiative.status == Status.RECOGNISED:
        _check_past_recognition(initiative, past, start, limit)
    if initiative.status == Status.DISCONTINUED and not past.reason.strip():
        raise DomainError(_("A discontinued model needs the reason it was discontinued."), field="discontinue_reason")


def _check_past_recognition(initiative: Initiative, past: PastRecord, start: datetime.date, limit: dict) -> None:
    for name, value, message in (
        ("recognition_level", past.level, _("A recognised model needs its recognition level.")),
        ("decision_no", past.decision_no.strip(), _("A recognised model needs the number of its recognition decision.")),
        ("decided_on", past.decided_on, _("A recognised model needs the date of its recognition decision.")),
    ):
        if not value:
            raise DomainError(message, field=name)
    if past.decided_on >= start or past.decided_on < initiative.registered_on:
        raise DomainError(
            _("The decision date must lie between the registration date and %(date)s (a past period).") % limit,
            field="decided_on",
        )


# --- returned and resubmitted -----------------------------------------------------------------------


def _last_return_row(initiative: Initiative, history: list | None) -> StatusChange | None:
    if history is None:
        return initiative.status_changes.filter(to_status=Status.RETURNED).select_related("by").order_by("-at", "-pk").first()
    return next((change for change in reversed(history) if change.to_status == Status.RETURNED), None)


def last_return(initiative: Initiative, history: list | None = None) -> StatusChange | None:
    """The history row of the return (who, when, why) while the model is still returned, else None.
    `history`, the model's status changes in order, spares a query when the caller has them."""
    if initiative.status != Status.RETURNED:
        return None
    return _last_return_row(initiative, history)


def changes_since_return(initiative: Initiative, history: list | None = None) -> list[tuple[str, object, object]]:
    """What the officer changed after the last return, from the audit trail: (field, value then, value now) per
    field, and (evidence, removed name, added name) per file; the reviewer checks these on resubmission."""
    returned = _last_return_row(initiative, history)
    if returned is None:
        return []
    merged, files = {}, []
    for entry in entries_for(initiative).filter(at__gte=returned.at, action__in=["update", "file"]).order_by("at", "pk"):
        for name, (old, new) in entry.changes.items():
            if name == "evidence":
                files.append((name, old, new))
            elif name in merged:
                merged[name][1] = new
            else:
                merged[name] = [old, new]
    return [(name, old, new) for name, (old, new) in merged.items() if old != new] + files


def similar_initiatives(name: str, unit, *, exclude_pk=None) -> QuerySet[Initiative]:
    """Models of the same unit whose name is very similar (trigram similarity, ignoring case and diacritics)."""
    name = normalise_text(name or "")
    if not name or unit is None:
        return Initiative.objects.none()
    similarity = TrigramSimilarity(
        ImmutableUnaccent(Lower("name")), ImmutableUnaccent(Lower(Value(name, output_field=TextField())))
    )
    rows = Initiative.objects.filter(unit=unit).annotate(similarity=similarity).filter(similarity__gte=SIMILAR_NAME_THRESHOLD)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.order_by("-similarity", "pk")


# --- a unit's move ------------------------------------------------------------------------------


@transaction.atomic
def update_unit(unit: Unit, *, by, seen: str | None = None) -> Unit:
    """A unit's edit as the registry sees it: units.domain.update_unit, and when the unit moved to another area, its
    models take that area's province (province_path, which the lists and reports read) in the same transaction."""
    if units_domain.update_unit(unit, by=by, seen=seen):
        follow_unit(unit)
    return unit


def follow_unit(unit: Unit, **_signal) -> None:
    """A moved unit's models answer to its new area's province; also what an import's unit_moved calls."""
    Initiative.objects.filter(unit=unit).update(province_path=province_path_of(unit.area))
