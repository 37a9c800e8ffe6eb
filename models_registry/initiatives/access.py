"""Who may see and change which models: every view, form choice and export goes through here."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from danvan.accounts.access import in_scope, scope_for
from models_registry.initiatives.enums import EDITABLE_STATUSES, REGISTERED_STATUSES, InitiativeKind, Status
from models_registry.initiatives.models import Initiative


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
