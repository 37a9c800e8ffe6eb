"""The whole country's report of an open period: the queries it asks, and what the planner knows to answer them fast
(README's benchmark section: the area statistics and the covering index with the model's id)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models_registry.units.enums import AreaLevel
from models_registry.units.models import Area
from reports import figures, registry
from reports.enums import PeriodKind
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import RecognitionFactory, YearlyReviewFactory
from tests.factories_reports import ReportPeriodFactory, approved, level, local


@pytest.fixture
def country_period(db):
    return ReportPeriodFactory(area=None, kind=PeriodKind.FIRST_HALF, year=2025)


def _models_in(provinces: int) -> list:
    made = []
    for n in range(provinces):
        province = AreaFactory(code=f"Q{n:02d}", name=f"Tỉnh {n}", level=AreaLevel.PROVINCE, parent=None)
        commune = AreaFactory(code=f"Q{n:02d}X", name=f"Xã {n}", level=AreaLevel.COMMUNE, parent=province)
        made.append(approved(InitiativeFactory(unit=UnitFactory(area=commune)), local(2025, 2, 1, 9)))
    return made


@pytest.mark.parametrize("provinces", [1, 4])
def test_country_report_asks_the_same_queries_whatever_the_number_of_provinces(country_period, provinces):
    _models_in(provinces)

    with CaptureQueriesContext(connection) as captured:
        report = registry.served(None, country_period)

    # recognition levels, 5 sources now, the provinces, the fields, 5 sources a year earlier
    assert len(captured.captured_queries) == 13
    assert report.tables[0].total.values["registered"] == provinces


def _estimated_groups(depth: int) -> int:
    """The planner's guess of how many child codes a report at this path depth groups by."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_area")
        cursor.execute("EXPLAIN (FORMAT JSON) SELECT split_part(path::text, '/', %s) FROM units_area GROUP BY 1", [depth])
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]  # psycopg decodes the JSON


@pytest.mark.parametrize("depth", [2, 3, 4])
def test_planner_knows_how_many_child_areas_a_report_groups_by(db, depth):
    provinces = [AreaFactory(code=f"Q{n}", level=AreaLevel.PROVINCE, parent=None) for n in range(3)]
    districts = [AreaFactory(code=f"{p.code}D{n}", level=AreaLevel.DISTRICT, parent=p) for p in provinces for n in range(2)]
    Area.objects.bulk_create(
        Area(code=f"{d.code}X{n}", name=f"Xã {n}", level=AreaLevel.COMMUNE, parent=d, path=f"{d.path}{d.code}X{n}/")
        for d in districts
        for n in range(50)
    )
    # the rows of the country (provinces), a province (districts; "" for the province), a district (communes; "")
    codes = {2: 3, 3: 6 + 1, 4: 300 + 1}[depth]

    groups = _estimated_groups(depth)

    # The statistics of migration units/0004; without them the planner guesses 200 codes whatever the tree, and a
    # country report's GROUP BY (codes × unit kinds × kinds × fields) sorts every row where it could hash.
    assert groups == codes


def test_covering_index_gives_the_reports_joins_the_models_id(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'initiative_registered_cover'")
        definition = cursor.fetchone()[0]

    assert "(approved_at) INCLUDE (id, unit_id, kind, field_id," in definition


def test_recognitions_and_reviews_joined_through_the_covering_index_count_as_before(country_period):
    first, second = _models_in(2)
    recognised = level("tinh")
    RecognitionFactory(initiative=first, level=recognised, decided_on=local(2025, 3, 1).date())
    YearlyReviewFactory(initiative=second, year=2025)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan of a large table, on a test's few rows

    total = registry.build(None, country_period).tables[0].total.values

    assert (total["registered"], total["effective"], total["recognised_total"], total[f"recognised_total:{recognised.pk}"]) == (
        2,
        1,
        1,
        1,
    )


def _nonzero(values: dict) -> dict:
    return {key: value for key, value in values.items() if value}


@pytest.mark.parametrize("scope", ["country", "province"])
def test_totals_without_grouping_equal_the_sum_of_the_grouped_rows(country_period, scope):
    first, second, third = _models_in(3)
    RecognitionFactory(initiative=first, level=level("tinh"), decided_on=local(2025, 3, 1).date())
    YearlyReviewFactory(initiative=second, year=2025)
    approved(InitiativeFactory(unit=third.unit), local(2025, 5, 1, 9), ("discontinued", local(2025, 6, 1, 9)))
    area = None if scope == "country" else third.unit.area.parent
    window = registry.window_of(country_period)

    with CaptureQueriesContext(connection) as captured:
        totals = figures.compute(area, window, axes=()).project(None)[None]
    grouped = figures.compute(area, window).project(None)[None]

    assert _nonzero(totals) == _nonzero(grouped)
    assert (totals["registered"], totals["active"], totals["effective"], totals["recognised_total"]) == (
        (4, 3, 1, 1) if scope == "country" else (2, 1, 0, 0)
    )
    for narrowed in (figures.Filters(kind="exemplar"), figures.Filters(kind="model", field_id=first.field_id)):
        assert _nonzero(figures.compute(area, window, narrowed, axes=()).project(None)[None]) == _nonzero(
            figures.compute(area, window, narrowed).project(None)[None]
        )
    joined_units = ["units_unit" in q["sql"] for q in captured.captured_queries]
    assert joined_units == [False] * 5 if scope == "country" else [True, True, True, True, False]


@pytest.mark.parametrize("scope", ["country", "province"])
def test_figures_by_area_alone_equal_the_grouped_rows_by_area(country_period, scope):
    """The dashboard's chart groups by the child area alone: each area's figures are those of the full cube."""
    first, second, third = _models_in(3)
    approved(InitiativeFactory(unit=third.unit), local(2025, 5, 1, 9), ("discontinued", local(2025, 6, 1, 9)))
    RecognitionFactory(initiative=first, level=level("tinh"), decided_on=local(2025, 3, 1).date())
    area = None if scope == "country" else third.unit.area.parent
    window = registry.window_of(country_period)

    by_area = figures.compute(area, window, axes=("child",)).project("child")
    grouped = figures.compute(area, window).project("child")

    assert {child: _nonzero(values) for child, values in by_area.items()} == {
        child: _nonzero(values) for child, values in grouped.items()
    }
    assert sum(values["active"] for values in by_area.values()) == (3 if scope == "country" else 1)
    assert len([child for child, values in by_area.items() if values["registered"]]) >= (2 if scope == "country" else 1)
