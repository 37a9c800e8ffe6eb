"""The report's invariants over random registry histories (hypothesis), and the case that showed they failed.

Each example writes a small history into a savepoint (approvals, imports straight into a registered status,
returns, discontinuations, reviews, outstanding marks, recognitions and revocations, awards), with dates on
both sides of the window's bounds, builds the report and checks, for every row of every table and the total:
new ≤ registered, effective ≤ active ≤ registered, discontinued ≤ registered, recognised in the period ≤ in
total, each level ≤ its total, a table's rows sum to its total, and a figure equals its drill-down list; and
that the page, its Excel file, a submitted report's snapshot and a locked period's frozen figures agree.
INVARIANT_EXAMPLES sets how many histories (12 by default: seconds).
"""

import datetime
import io
import os

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from models_registry.awards.models import RecognitionLevel
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Field, StatusChange
from models_registry.units.enums import UnitKind
from models_registry.units.models import Area
from reports import domain, figures, registry
from reports.enums import PeriodKind
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_reports import (
    AwardFactory,
    OutstandingFactory,
    RecognitionFactory,
    ReportPeriodFactory,
    YearlyReviewFactory,
    approved,
    award_form,
    local,
    moves,
)

D = datetime.date
INVARIANT_SETTINGS = settings(
    max_examples=int(os.environ.get("INVARIANT_EXAMPLES", "12")),
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # shrinking replays whole histories in the database: minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Moments either side of the bounds of the first half and of the year 2025 (local time), and far away.
MOMENTS = [
    local(2024, 6, 1, 9),
    local(2024, 12, 31, 23, 59),
    local(2025, 1, 1, 0, 0),
    local(2025, 3, 15, 9),
    local(2025, 6, 30, 23, 59),
    local(2025, 7, 1, 0, 0),
    local(2025, 11, 23, 9),
    local(2025, 12, 31, 23, 59),
    local(2026, 1, 1, 0, 1),
]
moment = st.sampled_from(MOMENTS)

model_history = st.fixed_dictionaries(
    {
        "district": st.sampled_from(["a", "b"]),
        "unit_kind": st.sampled_from([UnitKind.COMMUNE, UnitKind.ARMED_FORCES]),
        "kind": st.sampled_from(["model", "exemplar"]),
        "field": st.sampled_from(["kinh-te", "quoc-phong-an-ninh", None]),
        # None: never approved (a draft, or submitted and returned)
        "approved": st.one_of(st.none(), moment),
        "imported": st.booleans(),  # entered straight into its registered status from an old spreadsheet
        "returned_first": st.booleans(),
        "discontinued_after": st.one_of(st.none(), st.integers(min_value=1, max_value=500)),  # days after approval
        "reviews": st.dictionaries(
            st.sampled_from([2024, 2025]), st.sampled_from(["effective", "needs_strengthening"]), max_size=2
        ),
        "outstanding": st.one_of(st.none(), st.sampled_from([2024, 2025])),
        "recognised_after": st.one_of(st.none(), st.integers(min_value=0, max_value=300)),
        "revoked_after": st.one_of(st.none(), st.integers(min_value=1, max_value=300)),
        "level": st.sampled_from(["huyen", "tinh"]),
        "people": st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
        "land": st.one_of(st.none(), st.integers(min_value=0, max_value=10**5)),
    }
)
award_history = st.fixed_dictionaries(
    {"district": st.sampled_from(["a", "b"]), "individual": st.booleans(), "decided": moment.map(lambda at: at.date())}
)
histories = st.fixed_dictionaries(
    {
        "models": st.lists(model_history, min_size=1, max_size=8),
        "awards": st.lists(award_history, max_size=3, unique_by=lambda a: (a["district"], a["individual"])),
        "period": st.sampled_from([PeriodKind.FIRST_HALF, PeriodKind.YEAR]),
    }
)


def write_model(spec: dict, units: dict):
    """One model's history, written the way the workflow (or an import) writes it."""
    unit = units[(spec["district"], spec["unit_kind"])]
    field = Field.objects.get(code=spec["field"]) if spec["field"] else None
    initiative = InitiativeFactory(
        unit=unit, kind=spec["kind"], field=field, people_reached=spec["people"], land_donated_m2=spec["land"]
    )
    at = spec["approved"]
    if at is None:
        steps = [(Status.SUBMITTED, local(2025, 2, 1, 9))] + ([(Status.RETURNED, local(2025, 2, 2, 9))] * spec["returned_first"])
        return moves(initiative, *steps)
    later = []
    if spec["discontinued_after"]:
        later.append((Status.DISCONTINUED, at + datetime.timedelta(days=spec["discontinued_after"])))
    if spec["imported"]:
        StatusChange.objects.create(initiative=initiative, from_status="", to_status=Status.IN_PROGRESS, at=at)
        for to_status, when in later:
            StatusChange.objects.create(initiative=initiative, from_status=Status.IN_PROGRESS, to_status=to_status, at=when)
    elif spec["returned_first"]:
        before = at - datetime.timedelta(days=3)
        moves(initiative, (Status.SUBMITTED, before), (Status.RETURNED, before), (Status.SUBMITTED, before))
        StatusChange.objects.create(initiative=initiative, from_status=Status.SUBMITTED, to_status=Status.IN_PROGRESS, at=at)
        for to_status, when in later:
            StatusChange.objects.create(initiative=initiative, from_status=Status.IN_PROGRESS, to_status=to_status, at=when)
    else:
        approved(initiative, at, *later)
    for year, rating in spec["reviews"].items():
        YearlyReviewFactory(initiative=initiative, year=year, rating=rating)
    if spec["outstanding"]:
        OutstandingFactory(initiative=initiative, year=spec["outstanding"])
    if spec["recognised_after"] is not None:
        decided = at + datetime.timedelta(days=spec["recognised_after"])
        revoked = decided + datetime.timedelta(days=spec["revoked_after"]) if spec["revoked_after"] else None
        RecognitionFactory(
            initiative=initiative,
            level=RecognitionLevel.objects.get(code=spec["level"]),
            decided_on=decided.date(),
            revoked_at=revoked,
        )
    return initiative


def write_award(spec: dict, units: dict) -> None:
    unit = units[(spec["district"], UnitKind.COMMUNE)]
    if spec["individual"]:
        AwardFactory(
            award_form=award_form("individual"), person_name="Nguyễn Thị Hoa", area=unit.area, decided_on=spec["decided"]
        )
    else:
        AwardFactory(award_form=award_form("collective"), unit=unit, area=unit.area, decided_on=spec["decided"])


def write_history(history: dict, units: dict, province):
    """Write a drawn history and return the period it is reported in."""
    for spec in history["models"]:
        write_model(spec, units)
    for spec in history["awards"]:
        write_award(spec, units)
    end = D(2025, 6, 30) if history["period"] == PeriodKind.FIRST_HALF else D(2025, 12, 31)
    return ReportPeriodFactory(area=province, kind=history["period"], end=end)


def levels_of(key: str, values: dict) -> list[int]:
    return [value for column, value in values.items() if column.startswith(f"{key}:")]


def check_row(where: str, values: dict) -> None:
    """The inequalities every row and total satisfies."""
    assert values["new"] <= values["registered"], where
    assert values["effective"] <= values["active"] <= values["registered"], where
    assert values["discontinued"] <= values["registered"], where
    assert values["replicated"] <= values["new"], where
    assert values["outstanding"] <= values["registered"], where
    assert values["recognised_period"] <= values["recognised_total"] <= values["registered"], where
    for key in ("recognised_period", "recognised_total"):
        assert all(level <= values[key] for level in levels_of(key, values)), where
        assert sum(levels_of(key, values)) == values[key], where


def check_sums(table: registry.FigureTable) -> None:
    """A table's rows add up to its total, column by column."""
    for key, total in table.total.values.items():
        assert sum(row.values[key] for row in table.rows) == total, (table.key, key)


def check_drill_down(report: registry.Report, scope, period) -> None:
    """Every count of the area table (rows and total) equals the length of its drill-down list."""
    window = registry.window_of(period)
    area_table = next(t for t in report.tables if t.key == "area")
    cells = [(row, figures.Cell(child=Area.objects.get(pk=row.area_id).code if row.area_id else "")) for row in area_table.rows]
    for row, cell in [*cells, (area_table.total, figures.Cell())]:
        for column in report.columns:
            if column["is_sum"]:
                continue
            listed = figures.records(column["key"], scope, window, cell=cell).count()
            assert listed == row.values[column["key"]], (row.label, column["key"])


@pytest.fixture
def units(unit_a, unit_b, commune_a, commune_b):
    return {
        ("a", UnitKind.COMMUNE): unit_a,
        ("b", UnitKind.COMMUNE): unit_b,
        ("a", UnitKind.ARMED_FORCES): UnitFactory(name="Ban Chỉ huy Quân sự xã A", kind=UnitKind.ARMED_FORCES, area=commune_a),
        ("b", UnitKind.ARMED_FORCES): UnitFactory(name="Đồn Biên phòng B", kind=UnitKind.ARMED_FORCES, area=commune_b),
    }


@INVARIANT_SETTINGS
@given(history=histories)
def test_report_invariants_hold_for_random_histories(province, units, history):
    with transaction.atomic():
        period = write_history(history, units, province)

        report = registry.build(province, period)

        for table in report.tables:
            for row in [*table.rows, table.total]:
                check_row(f"{table.key}: {row.label}", row.values)
            check_sums(table)
        check_drill_down(report, province, period)
        transaction.set_rollback(True)


def _figures(report: registry.Report) -> list:
    """Every table's rows and total as (table, label, values): what the page, the file and a snapshot must share."""
    return [(t.key, r.label, r.values) for t in report.tables for r in [*t.rows, t.total]]


def _workbook_figures(report: registry.Report, book) -> list:
    """The same figures read back from the Excel file's table sheets ("Biểu 1".."Biểu 4")."""
    keys = [c["key"] for c in report.columns]
    read = []
    for number, table in enumerate(report.tables, start=1):
        sheet = book[f"Biểu {number}"]
        header = next(cell for row in sheet.iter_rows() for cell in row if cell.value == table.first_header)
        for offset, row in enumerate([*table.rows, table.total]):
            values = [sheet.cell(header.row + 2 + offset, 2 + i).value for i in range(len(keys))]
            read.append((table.key, row.label, dict(zip(keys, values, strict=True))))
    return read


@settings(INVARIANT_SETTINGS, max_examples=max(2, INVARIANT_SETTINGS.max_examples // 3))
@given(history=histories)
def test_page_excel_and_frozen_snapshots_show_the_same_figures(
    province, units, office_province, province_staff, client_for, history
):
    """The report page, its Excel file, a locked period's frozen figures and a submitted report's snapshot."""
    client = client_for(province_staff)
    with transaction.atomic():
        period = write_history(history, units, province)
        url = reverse("reports:registry", args=[period.pk])

        page = client.get(url, {"empty": "1"}).context["report"]  # every row, as the file and the snapshot keep them
        book = openpyxl.load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
        submitted = registry.Report.from_json(
            domain.save_report(
                office_province,
                period,
                by=province_staff,
                values={},
                results="Kết quả",
                shortcomings="",
                directions="",
                submit=True,
            ).figures
        )
        domain.set_period_locked(period, by=province_staff, locked=True)
        locked = client.get(url, {"empty": "1"}).context["report"]

        assert _figures(page) == _figures(submitted) == _figures(locked)
        assert _workbook_figures(page, book) == _figures(page)
        transaction.set_rollback(True)


def test_effective_never_exceeds_registered_hanoi_first_half_2017(unit_a, province):
    """The case the issue reported: models registered from 18/07 to 23/11/2017 and rated effective in the 2017
    review were counted as effective in the first half of 2017, which ended on 30/06."""
    in_period = [approved(InitiativeFactory(unit=unit_a), local(2017, 3, day, 9)) for day in range(1, 9)]
    after = [approved(InitiativeFactory(unit=unit_a), local(2017, month, 18, 9)) for month in (7, 8, 9, 10, 11)]
    for initiative in in_period[:5] + after:
        YearlyReviewFactory(initiative=initiative, year=2017, rating="effective")
    period = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2017)

    total = registry.build(province, period).tables[0].total.values
    listed = figures.records("effective", province, registry.window_of(period))

    assert (total["registered"], total["active"], total["effective"]) == (8, 8, 5)
    assert set(listed) == set(in_period[:5])


def test_a_model_stopped_before_the_end_is_not_effective(unit_a, province):
    """Rated effective for the year, but discontinued before the window's end: not active, so not effective."""
    stopped = approved(InitiativeFactory(unit=unit_a), local(2017, 1, 10, 9), (Status.DISCONTINUED, local(2017, 5, 1, 9)))
    YearlyReviewFactory(initiative=stopped, year=2017, rating="effective")
    period = ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2017)

    total = registry.build(province, period).tables[0].total.values

    assert (total["registered"], total["active"], total["effective"]) == (1, 0, 0)


def test_outstanding_and_recognitions_count_only_models_registered_by_the_end(unit_a, province):
    late = approved(InitiativeFactory(unit=unit_a), local(2025, 7, 18, 9))
    OutstandingFactory(initiative=late, year=2025)
    RecognitionFactory(initiative=late, decided_on=D(2025, 6, 1))
    period = ReportPeriodFactory(area=province)

    total = registry.build(province, period).tables[0].total.values

    assert (total["registered"], total["outstanding"], total["recognised_total"]) == (0, 0, 0)


def test_a_second_province_never_counts(unit_a, province):
    other = AreaFactory(code="P79", name="Hồ Chí Minh", level="province")
    approved(InitiativeFactory(unit=UnitFactory(area=other)), local(2025, 3, 1, 9))
    period = ReportPeriodFactory(area=province)

    assert registry.build(province, period).tables[0].total.values["registered"] == 0
