"""Models imported from an office's old spreadsheet enter the registry with one history row ("" → status)."""

import datetime

from models_registry.initiatives.models import StatusChange
from reports import figures
from reports.periods import Window
from tests.factories import InitiativeFactory
from tests.factories_reports import local

FIRST_HALF_2025 = Window(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), 2025)


def imported(unit, status, at):
    initiative = InitiativeFactory(unit=unit, status=status)
    StatusChange.objects.create(initiative=initiative, from_status="", to_status=status, at=at)
    return initiative


def test_figures_count_imported_models_as_registered_from_their_import(province, unit_a):
    imported(unit_a, "in_progress", local(2024, 3, 1, 9, 0))
    imported(unit_a, "recognised", local(2025, 2, 1, 9, 0))
    imported(unit_a, "discontinued", local(2025, 3, 1, 9, 0))
    imported(unit_a, "draft", local(2025, 3, 1, 9, 0))

    totals = figures.compute(province, FIRST_HALF_2025).project(None)[None]

    assert (totals["registered"], totals["new"], totals["active"], totals["discontinued"]) == (3, 2, 2, 1)
