"""Who may see and change which models: every view, form choice and export goes through here."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from danvan.accounts.access import can_edit_in_area, can_register, scope_for
from models_registry.awards.models import Recognition
from models_registry.initiatives.enums import EDITABLE_STATUSES, REGISTERED_STATUSES, InitiativeKind, Status
from models_registry.initiatives.models import PUBLIC_IMAGE_TYPES, EvidenceFile, Initiative


def initiatives_for(user) -> QuerySet[Initiative]:
    """The models and exemplars whose unit lies in the user's scope (own and inherited subtrees)."""
    scope = scope_for(user)
    if scope.everything or scope.nothing:
        return Initiative.objects.filter(scope.q("unit__area"))
    if scope.area.parent_id is None and scope.area.valid_to is None:
        # A current province's scope (its subtree and its merged predecessors') is exactly the models whose
        # province_path is its own: one index, no join to unit and area; Tây Ninh's plan is Hà Nội's.
        return Initiative.objects.filter(province_path=scope.province)
    # the same rows, said so that Postgres can start from the answering province's own index entries
    return Initiative.objects.filter(scope.q("unit__area"), province_path=scope.province)


def review_queue_for(user) -> QuerySet[Initiative]:
    """What waits for review in the user's area: submitted models, oldest first. The one count of "Chờ duyệt" for
    every role: the queue (province staff act on it), the badge, the dashboard box and the status chart."""
    return initiatives_for(user).filter(status=Status.SUBMITTED).order_by("status_changed_at", "pk")


def returned_to(user) -> QuerySet[Initiative]:
    """The models returned for correction to an officer's area (what the officer's badge and home page count)."""
    if not user.is_officer:
        return Initiative.objects.none()
    return initiatives_for(user).filter(status=Status.RETURNED)


def can_create(user) -> bool:
    """Whether the user may register models at all (the unit choice narrows it to their area)."""
    return can_register(user)


def can_edit(user, initiative: Initiative) -> bool:
    """Drafts only, by an editor whose area holds the model's unit."""
    return initiative.status in EDITABLE_STATUSES and can_edit_in_area(user, initiative.unit.area)


def can_replicate(user, initiative: Initiative) -> bool:
    """An editor may copy an approved model (in progress, recognised or discontinued) into a unit of their area."""
    return initiative.status in REGISTERED_STATUSES and can_edit_in_area(user, initiative.unit.area)


def recognition_in_force():
    """A subquery: the model has a recognition that was not revoked."""
    return Exists(Recognition.objects.filter(initiative=OuterRef("pk"), revoked_at__isnull=True))


def showcase_initiatives() -> QuerySet[Initiative]:
    """What the public showcase may show: recognised models (never exemplars) that have a recognition decision in
    force, never by their status alone; with those decisions."""
    recognitions = Prefetch(
        "recognitions",
        queryset=Recognition.objects.filter(revoked_at__isnull=True).select_related("level"),
        to_attr="recognitions_in_force",
    )
    return (
        Initiative.objects.filter(recognition_in_force(), kind=InitiativeKind.MODEL, status=Status.RECOGNISED)
        .select_related("unit__area", "field", "phase")
        .prefetch_related(recognitions)
    )


def public_photos(initiative: Initiative) -> QuerySet[EvidenceFile]:
    """The photos of a showcase model that its officer marked as allowed in public: images only, never documents."""
    return initiative.evidence_files.filter(is_public=True, content_type__in=PUBLIC_IMAGE_TYPES)


def can_replicate_from_showcase(user, initiative: Initiative) -> bool:
    """Any editor may copy a model of the public showcase into a unit of their own area, wherever the model is."""
    return user.is_authenticated and user.can_edit_registry and showcase_initiatives().filter(pk=initiative.pk).exists()


def can_mark_public(user, evidence: EvidenceFile) -> bool:
    """An editor whose area holds the model may say whether one of its photos may be shown in public."""
    return evidence.is_image and can_edit_in_area(user, evidence.initiative.unit.area)
