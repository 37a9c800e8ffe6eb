"""Initiative.approved_at and discontinued_at follow the status history, whoever writes it (database triggers)."""

from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative, StatusChange
from tests.factories import InitiativeFactory
from tests.factories_reports import approved, local


def _dates(initiative) -> tuple:
    return tuple(Initiative.objects.filter(pk=initiative.pk).values_list("approved_at", "discontinued_at").get())


def test_approval_and_discontinuation_rows_set_the_dates(unit_a):
    initiative = approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9), (Status.DISCONTINUED, local(2025, 8, 1, 9)))

    assert _dates(initiative) == (local(2025, 3, 1, 9), local(2025, 8, 1, 9))


def test_an_import_straight_into_a_registered_status_is_its_entry(unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    StatusChange.objects.bulk_create(
        [StatusChange(initiative=initiative, from_status="", to_status=Status.RECOGNISED, at=local(2019, 5, 1, 9))]
    )

    assert _dates(initiative) == (local(2019, 5, 1, 9), None)


def test_a_return_and_a_draft_are_not_an_entry(unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    StatusChange.objects.create(initiative=initiative, from_status=Status.DRAFT, to_status=Status.SUBMITTED, at=local(2025, 1, 1))
    StatusChange.objects.create(
        initiative=initiative, from_status=Status.SUBMITTED, to_status=Status.RETURNED, at=local(2025, 1, 2)
    )

    assert _dates(initiative) == (None, None)


def test_a_stale_model_saved_whole_keeps_the_dates_of_its_history(unit_a):
    initiative = InitiativeFactory(unit=unit_a)
    stale = Initiative.objects.get(pk=initiative.pk)
    approved(initiative, local(2025, 3, 1, 9))

    stale.name = "Đổi tên sau khi được phê duyệt"
    stale.save()

    assert _dates(initiative) == (local(2025, 3, 1, 9), None)


def test_deleting_or_moving_a_history_row_recomputes_the_dates(unit_a):
    initiative = approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9), (Status.DISCONTINUED, local(2025, 8, 1, 9)))

    StatusChange.objects.filter(initiative=initiative, to_status=Status.DISCONTINUED).delete()
    after_delete = _dates(initiative)
    StatusChange.objects.filter(initiative=initiative, to_status=Status.IN_PROGRESS).update(at=local(2024, 12, 31, 23, 59))

    assert after_delete == (local(2025, 3, 1, 9), None)
    assert _dates(initiative) == (local(2024, 12, 31, 23, 59), None)
