"""The claims of README's "How to change things": a new workflow state is its enum member (with its badge), its
moves in the table (each e-mailing move with its text) and its history for the demo. These tests fail when one
of those places is forgotten."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from danvan.badges import BADGED
from models_registry.initiatives.enums import HISTORY_TO, Status
from models_registry.initiatives.workflow import MOVES
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


def test_readme_lists_what_each_figure_counts_as_the_figure_table_says():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    assert readme_with_rules(readme) == readme
    assert all(f"- `{key}` — " in readme for key, figure in FIGURES.items() if not figure.hidden)


def test_every_figure_states_its_rule_and_its_column_group():
    shown = [f for f in FIGURES.values() if not f.hidden]

    assert [f.key for f in shown if not (f.rule and f.group)] == []
    assert {c.key.partition(":")[0] for c in columns(levels=[])} == {f.key for f in shown}
