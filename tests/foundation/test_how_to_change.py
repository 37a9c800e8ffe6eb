"""The claims of README's "How to change things": a new workflow state is its enum member (with its badge), its
moves in the table (each e-mailing move with its text) and its history for the demo; a new import column is one
ImportColumn entry, which the list export reads too. These tests fail when one of those places is forgotten."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from danvan.accounts.enums import Role
from danvan.badges import BADGED
from models_registry.awards.exporters import AWARD_COLUMNS as AWARD_EXPORT
from models_registry.awards.exporters import RECOGNITION_COLUMNS as RECOGNITION_EXPORT
from models_registry.imports.domain import resource_class
from models_registry.initiatives.enums import HISTORY_TO, Status
from models_registry.initiatives.exporters import INITIATIVE_COLUMNS as INITIATIVE_EXPORT
from models_registry.initiatives.workflow import MOVES
from models_registry.units.exporters import UNIT_COLUMNS as UNIT_EXPORT
from reports.figures import FIGURES, columns
from reports.management.commands.figure_rules import readme_with_rules

BADGED_ENUMS = sorted(BADGED)


@pytest.mark.parametrize("enum_name", BADGED_ENUMS)
def test_every_status_has_a_badge_colour(enum_name):
    enum = BADGED[enum_name]

    missing = [member.value for member in enum if member not in enum.badges()]

    assert missing == []


def test_status_badge_draws_the_enums_colour_and_label():
    html = Template('{% status_badge "Status" value %}').render(Context({"value": "submitted"}))

    assert html == '<span class="badge status-badge text-bg-warning">Chờ duyệt</span>'


def test_the_badged_enums_are_the_four_statuses_users_see():
    assert BADGED_ENUMS == ["ProposalStatus", "ReportStatus", "RowStatus", "Status"]


@pytest.mark.parametrize(("pair", "move"), list(MOVES.items()), ids=[f"{f}-{t}" for f, t in MOVES])
def test_every_emailed_move_has_its_subject_and_text(pair, move):
    assert bool(move.email_subject) == bool(move.email_text)
    if move.email_text:
        assert str(move.email_text) % {"name": "X", "unit": "Y"}


def test_every_status_is_reached_by_a_move_or_is_where_a_model_starts():
    reached = {Status.DRAFT} | {to for _frm, to in MOVES}

    assert reached == set(Status)


def test_every_status_has_its_shortest_history_for_the_demo():
    assert set(HISTORY_TO) == set(Status)
    assert all(history[0] == Status.DRAFT and history[-1] == status for status, history in HISTORY_TO.items())


# ---------------------------------------------------------------- a new role

ROLE_WORDS = re.compile(r"Role\.|\.role\b|EDITOR_ROLES|is_province_staff|is_officer|is_leader|is_administrator|can_edit_registry")
ROLE_HOMES = {"access.py", "models.py", "enums.py"}  # danvan/accounts' enums and models, and every app's access.py


def role_readers() -> list[str]:
    """Lines outside the access modules (and the accounts app's enum and model) that read a user's role."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for folder in ("danvan", "models_registry", "reports", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts or "demo" in path.parts:
                continue
            home = path.name == "access.py" or (path.parent.name == "accounts" and path.name in ROLE_HOMES)
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if not home and ROLE_WORDS.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_only_the_access_modules_read_the_role():
    assert role_readers() == []


def test_every_role_is_explained_in_the_roles_page():
    page = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()

    assert [role for role in Role.values if f"(`{role}`" not in page] == []


def test_readme_lists_what_each_figure_counts_as_the_figure_table_says():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    assert readme_with_rules(readme) == readme
    assert all(f"- `{key}` — " in readme for key, figure in FIGURES.items() if not figure.hidden)


def test_every_figure_states_its_rule_and_its_column_group():
    shown = [f for f in FIGURES.values() if not f.hidden]

    assert [f.key for f in shown if not (f.rule and f.group)] == []
    assert {c.key.partition(":")[0] for c in columns(levels=[])} == {f.key for f in shown}


IMPORT_RESOURCES = ["units", "initiatives", "awards", "recognitions"]


@pytest.mark.parametrize("kind", IMPORT_RESOURCES)
def test_every_import_column_is_read_into_a_resource_field(kind, province_staff):
    """A new import column is one ImportColumn entry: the parser knows its header and synonyms, and the resource has
    its field (built from the entry's widget, or declared with its finder when it is looked up)."""
    resource_cls = resource_class(kind)
    resource = resource_cls(user=province_staff)
    for column in resource_cls.columns:
        assert resource_cls.match_header(str(column.header)) == column.key, column.key
        for synonym in column.synonyms:
            assert resource_cls.match_header(str(synonym)) == column.key, (column.key, synonym)
        if column.ignored or column.key in resource_cls.code_columns or column.key in resource_cls.row_columns:
            continue
        assert column.key in resource.fields, column.key
        if column.widget is not None:
            assert resource.fields[column.key].widget.__class__ is column.widget().__class__


EXPORTED_LISTS = {
    "units": UNIT_EXPORT,
    "initiatives": INITIATIVE_EXPORT,
    "awards": AWARD_EXPORT,
    "recognitions": RECOGNITION_EXPORT,
}


@pytest.mark.parametrize("kind", IMPORT_RESOURCES)
def test_every_list_export_column_is_its_import_column(kind):
    """A list export's column is the import's entry: same header and width, in the import's order, and its header
    re-imports into that column; nothing else is declared beside it."""
    resource_cls = resource_class(kind)
    exported = [column for column in resource_cls.columns if column.export is not None]

    assert [(str(c.header), c.width, c.value) for c in EXPORTED_LISTS[kind]] == [
        (str(c.header), c.width, c.export) for c in exported
    ]
    assert [resource_cls.match_header(str(c.header)) for c in EXPORTED_LISTS[kind]] == [c.key for c in exported]
