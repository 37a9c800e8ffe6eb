"""One audit vocabulary: one snapshot (related rows by name), an action enum covering every action written, and a
trail shown as a person reads it."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.urls import reverse

from danvan.audit.domain import entries_for, record, snapshot
from danvan.audit.models import AuditEntry
from danvan.audit.shown import shown_changes
from models_registry.initiatives.models import Initiative
from models_registry.units.domain import TRACKED_FIELDS as UNIT_FIELDS
from tests.factories import InitiativeFactory

ROOT = Path(__file__).resolve().parents[2]


def test_snapshot_keeps_a_related_row_by_name_and_a_date_in_iso_form(unit_a):
    initiative = InitiativeFactory(unit=unit_a, registered_on=datetime.date(2025, 6, 30))

    values = snapshot(initiative, ["unit", "registered_on", "kind"])

    assert values == {"unit": "UBND xã Đặng Xá", "registered_on": "2025-06-30", "kind": "model"}
    assert snapshot(unit_a, UNIT_FIELDS)["area"] == "Đặng Xá"


def test_trail_shows_dates_numbers_choices_and_labels_in_the_forms_order():
    changes = {
        "money_mobilised": [1234567, 2500000],
        "registered_on": ["2025-06-30", "2025-07-01"],
        "kind": ["model", "exemplar"],
        "person_name": ["", None],  # blank → blank: no change a person would see
    }

    rows = shown_changes(Initiative, changes, order=["kind", "registered_on", "money_mobilised"])

    assert rows == [
        ("Loại", "Mô hình", "Điển hình"),
        ("Ngày đăng ký", "30/06/2025", "01/07/2025"),
        ("Kinh phí huy động (đồng)", "1.234.567", "2.500.000"),
    ]


def test_unit_page_shows_its_area_change_by_name(client_for, officer_a, unit_a, commune_a):
    record(unit_a, by=officer_a, action="update", changes={"area": ["Đặng Xá", "Bồ Đề"], "is_active": [True, False]})

    html = client_for(officer_a).get(reverse("units:detail", args=[unit_a.pk])).content.decode()

    assert re.search(r"<th scope=\"row\">Địa bàn</th><td[^>]*>Đặng Xá</td><td>Bồ Đề</td>", html)
    assert re.search(r"<td[^>]*>Có</td><td>Không</td>", html)


def test_an_action_outside_the_enum_is_refused(unit_a, officer_a):
    with pytest.raises(ValueError):
        record(unit_a, by=officer_a, action="renamed")
    assert entries_for(unit_a).count() == 0


def test_every_action_written_in_the_code_is_in_the_enum():
    written = set()
    for path in [*ROOT.glob("danvan/**/*.py"), *ROOT.glob("models_registry/**/*.py"), *ROOT.glob("reports/**/*.py")]:
        written |= set(re.findall(r'\baction="(\w+)"', path.read_text()))
        written |= set(re.findall(r'action="(\w+)" if', path.read_text()))
        written |= set(re.findall(r'action=".+ if .+ else "(\w+)"', path.read_text()))
    written -= {"store_true", "append"}  # command-line options, not audit actions

    assert written - set(AuditEntry.Action.values) == set()


def test_report_moves_write_their_own_actions():
    from reports.enums import ReportStatus

    assert {ReportStatus.RETURNED, ReportStatus.ACCEPTED} <= set(AuditEntry.Action.values)


def test_every_page_draws_the_one_audit_template():
    templates = {path.name for path in (ROOT / "templates").rglob("*audit*.html")}

    assert templates == {"audit.html"}


def test_migration_turns_stored_ids_into_names(unit_a, officer_a, commune_b):
    from django.apps import apps

    migration = importlib.import_module("danvan.audit.migrations.0003_action_covers_every_action")
    old = record(unit_a, by=officer_a, action="update", changes={"area": [unit_a.area_id, commune_b.pk], "code": ["A", "B"]})
    gone = record(unit_a, by=officer_a, action="update", changes={"area": [None, 987654]})

    migration.ids_to_names(apps, None)

    old.refresh_from_db()
    gone.refresh_from_db()
    assert (old.changes, gone.changes) == (
        {"area": ["Đặng Xá", "Bồ Đề"], "code": ["A", "B"]},
        {"area": [None, "#987654"]},
    )
