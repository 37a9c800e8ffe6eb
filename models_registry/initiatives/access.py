"""Who may see and change which models: every view, form choice and export goes through here."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from danvan.accounts.access import area_q, in_scope, scope_area
from models_registry.initiatives.enums import EDITABLE_STATUSES, REGISTERED_STATUSES, InitiativeKind, Status
from models_registry.initiatives.models import PUBLIC_IMAGE_TYPES, EvidenceFile, Initiative, province_path_of


def initiatives_for(user) -> QuerySet[Initiative]:
    """The models and exemplars whose unit lies in the user's area subtree."""
    root = scope_area(user)
    if root and root.parent_id is None:
        # A province's subtree is exactly its models' province_path: one index, no join to unit and area.
        return Initiative.objects.filter(province_path=root.path)
    visible = Initiative.objects.filter(area_q(user, "unit__area"))
    if root:  # the same rows, said so that Postgres can start from the province's own index entries
        visible = visible.filter(province_path=province_path_of(root))
    return visible


def review_queue_for(user) -> QuerySet[Initiative]:
    """What waits for this user's review: submitted models in their area, oldest first (province staff only)."""
    if not user.is_province_staff:
        return Initiative.objects.none()
    return initiatives_for(user).filter(status=Status.SUBMITTED).order_by("status_changed_at", "pk")


def can_create(user) -> bool:
    """Whether the user may register models at all (the unit choice narrows it to their area)."""
    return user.can_edit_registry


def can_edit(user, initiative: Initiative) -> bool:
    """Drafts only, by an editor whose area holds the model's unit."""
    return user.can_edit_registry and initiative.status in EDITABLE_STATUSES and in_scope(user, initiative.unit.area)


def can_replicate(user, initiative: Initiative) -> bool:
    """An editor may copy an approved model (in progress, recognised or discontinued) into a unit of their area."""
    return user.can_edit_registry and initiative.status in REGISTERED_STATUSES and in_scope(user, initiative.unit.area)


def recognition_in_force():
    """A subquery: the model has a recognition that was not revoked."""
    recognition = Initiative._meta.get_field("recognitions").related_model
    return Exists(recognition.objects.filter(initiative=OuterRef("pk"), revoked_at__isnull=True))


def showcase_initiatives() -> QuerySet[Initiative]:
    """What the public showcase may show: recognised models (never exemplars) that have a recognition decision in
    force, never by their status alone; with those decisions."""
    recognitions = Prefetch(
        "recognitions",
        queryset=Initiative._meta.get_field("recognitions")
        .related_model.objects.filter(revoked_at__isnull=True)
        .select_related("level"),
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
    return user.can_edit_registry and evidence.is_image and in_scope(user, evidence.initiative.unit.area)
