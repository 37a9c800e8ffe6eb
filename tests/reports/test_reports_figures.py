"""Registry figures on a crafted data set, with every number computed by hand.

Period: first half of 2025 (01/01–30/06/2025), scope: the province (districts A and B).
District A (unit_a: commune unit; agency: an agency in Đặng Xá):
  A1 model, kinh tế, approved 10/05/2024; reviewed effective 2025; recognised (huyện) 01/03/2025; outstanding 2025;
     people 100, money 1.000.000, land 50 m², works 2
  A2 exemplar of the agency, văn hóa, approved 30/06/2025 23:30 (local!), discontinued 01/08/2025; people 10
  A3 model, approved 01/07/2025 00:10 local: not in the period
  A4 model, approved 10/01/2024, discontinued 01/04/2025
  A5 model, a replication of A1, approved 01/02/2025; recognised (tỉnh) 01/05/2025, revoked 01/06/2025
  A6 model, approved 01/06/2024; recognised (tỉnh) 01/11/2024, revoked 01/09/2025 (after the end: still in force)
District B (unit_b):
  B1 model, quốc phòng, approved 01/01/2025 00:00 local; reviewed "needs strengthening" 2025, effective 2024;
     people 1000, money 5.000.000, land 200 m², works 1
  B2 submitted only; B3 rejected
Awards: collective to unit_a 30/06/2025; individual (a person in B) 01/01/2025; collective to unit_b 31/12/2024 (outside).
Another province: one model approved in the period (never counted).
"""

import datetime

import pytest
from django.urls import reverse

from models_registry.awards.models import RecognitionLevel
from models_registry.initiatives.enums import Status
from models_registry.units.enums import AreaLevel, UnitKind
from reports import figures
from reports.periods import Window
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_reports import (
    AwardFactory,
    OutstandingFactory,
    RecognitionFactory,
    ReportPeriodFactory,
    YearlyReviewFactory,
    approved,
    award_form,
    level,
    local,
    moves,
)

D = datetime.date
H1 = Window(D(2025, 1, 1), D(2025, 6, 30), 2025)


def _field(code):
    from models_registry.initiatives.models import Field

    return Field.objects.get(code=code)


@pytest.fixture
def crafted(unit_a, unit_b, commune_a):
    agency = UnitFactory(name="Công an xã Đặng Xá", kind=UnitKind.AGENCY, area=commune_a)
    a1 = approved(
        InitiativeFactory(
            name="A1", unit=unit_a, people_reached=100, money_mobilised=1_000_000, land_donated_m2=50, works_completed=2
        ),
        local(2024, 5, 10, 9),
    )
    a2 = approved(
        InitiativeFactory(name="A2", kind="exemplar", unit=agency, field=_field("van-hoa-xa-hoi"), people_reached=10),
        local(2025, 6, 30, 23, 30),
        (Status.DISCONTINUED, local(2025, 8, 1, 9)),
    )
    approved(InitiativeFactory(name="A3", unit=unit_a), local(2025, 7, 1, 0, 10))
    approved(InitiativeFactory(name="A4", unit=unit_a), local(2024, 1, 10, 9), (Status.DISCONTINUED, local(2025, 4, 1, 9)))
    a5 = approved(InitiativeFactory(name="A5", unit=unit_a, replicated_from=a1), local(2025, 2, 1, 9))
    a6 = approved(InitiativeFactory(name="A6", unit=unit_a), local(2024, 6, 1, 9))
    b1 = approved(
        InitiativeFactory(
            name="B1",
            unit=unit_b,
            field=_field("quoc-phong-an-ninh"),
            people_reached=1000,
            money_mobilised=5_000_000,
            land_donated_m2=200,
            works_completed=1,
        ),
        local(2025, 1, 1, 0, 0),
    )
    moves(InitiativeFactory(name="B2", unit=unit_b), (Status.SUBMITTED, local(2025, 3, 1, 9)))
    moves(
        InitiativeFactory(name="B3", unit=unit_b), (Status.SUBMITTED, local(2025, 3, 1, 9)), (Status.REJECTED, local(2025, 3, 5))
    )

    YearlyReviewFactory(initiative=a1, year=2025, rating="effective")
    YearlyReviewFactory(initiative=b1, year=2025, rating="needs_strengthening")
    YearlyReviewFactory(initiative=b1, year=2024, rating="effective")
    RecognitionFactory(initiative=a1, level=level("huyen"), decided_on=D(2025, 3, 1))
    RecognitionFactory(initiative=a5, level=level("tinh"), decided_on=D(2025, 5, 1), revoked_at=local(2025, 6, 1, 9))
    RecognitionFactory(initiative=a6, level=level("tinh"), decided_on=D(2024, 11, 1), revoked_at=local(2025, 9, 1, 9))
    OutstandingFactory(initiative=a1, year=2025)
    AwardFactory(award_form=award_form("collective"), unit=unit_a, area=unit_a.area, decided_on=D(2025, 6, 30))
    AwardFactory(award_form=award_form("individual"), person_name="Nguyễn Thị Hoa", area=unit_b.area, decided_on=D(2025, 1, 1))
    AwardFactory(award_form=award_form("collective"), unit=unit_b, area=unit_b.area, decided_on=D(2024, 12, 31))

    other_province = AreaFactory(code="P79", name="Hồ Chí Minh", level=AreaLevel.PROVINCE)
    approved(InitiativeFactory(name="X", unit=UnitFactory(area=other_province)), local(2025, 3, 1, 9))
    return {"a2": a2}


def expected_totals():
    huyen, tinh = level("huyen").pk, level("tinh").pk
    others = {lv.pk for lv in RecognitionLevel.objects.all()} - {huyen, tinh}
    values = {
        "registered": 6,
        "new": 3,
        "active": 5,
        "effective": 1,
        f"recognised_period:{huyen}": 1,
        f"recognised_period:{tinh}": 0,
        "recognised_period": 1,
        f"recognised_total:{huyen}": 1,
        f"recognised_total:{tinh}": 1,
        "recognised_total": 2,
        "outstanding": 1,
        "replicated": 1,
        "discontinued": 1,
        "awards:collective": 1,
        "awards:individual": 1,
        "people_reached": 1110,
        "money_mobilised": 6_000_000,
        "land_donated_m2": 250,
        "works_completed": 3,
    }
    values.update({f"recognised_period:{pk}": 0 for pk in others} | {f"recognised_total:{pk}": 0 for pk in others})
    return values


def test_figures_totals_match_hand_computed_values(crafted, province):
    totals = figures.compute(province, H1).project(None)[None]

    assert {c.key: totals.get(c.key, 0) for c in figures.columns()} == expected_totals()


def test_figures_by_district_match_hand_computed_values(crafted, province, district_a, district_b):
    by_child = figures.compute(province, H1).project("child")

    a, b = by_child[district_a.code], by_child[district_b.code]
    keys = ("registered", "new", "active", "effective", "recognised_total", "discontinued", "awards:individual", "people_reached")
    assert [a.get(k, 0) for k in keys] == [5, 2, 4, 1, 2, 1, 0, 110]
    assert [b.get(k, 0) for k in keys] == [1, 1, 1, 0, 0, 0, 1, 1000]


def test_figures_a_model_discontinued_after_the_period_is_active_in_it(crafted, province):
    active = figures.records("active", province, H1)

    assert crafted["a2"] in active
    assert sorted(active.values_list("name", flat=True)) == ["A1", "A2", "A5", "A6", "B1"]


def test_figures_discontinued_model_is_not_active_a_period_later(crafted, province):
    h2 = Window(D(2025, 7, 1), D(2025, 12, 31), 2025)

    names = sorted(figures.records("active", province, h2).values_list("name", flat=True))

    assert names == ["A1", "A3", "A5", "A6", "B1"]


def test_figures_shifted_window_counts_by_local_dates(crafted, province):
    # 15/12/2024–14/06/2025: B1 (01/01/2025) and A5 (01/02/2025) are new; A2 (30/06/2025) is not yet registered.
    shifted = Window(D(2024, 12, 15), D(2025, 6, 14), 2025)

    names = sorted(figures.records("new", province, shifted).values_list("name", flat=True))

    assert names == ["A5", "B1"]
    assert figures.compute(province, shifted).project(None)[None]["registered"] == 5


def test_figures_of_a_district_do_not_include_the_other(crafted, district_b):
    totals = figures.compute(district_b, H1).project(None)[None]

    assert (totals["registered"], totals["new"], totals.get("awards:collective", 0)) == (1, 1, 0)


def _report_cells(response):
    """(table key, row label, column key, figure value, url) for every figure cell on the page."""
    report = response.context["report"]
    for table in report.tables:
        for row in [*table.rows, table.total]:
            for value, url, column in row.cells:
                yield table.key, row.label, column["key"], value, url


def test_every_figure_on_the_page_equals_its_drill_down_list(crafted, client_for, province_staff, province):
    period = ReportPeriodFactory(area=province)
    client = client_for(province_staff)
    response = client.get(reverse("reports:registry", args=[period.pk]))
    sums = {c.key for c in figures.columns() if c.is_sum}

    checked = 0
    for table, label, key, value, url in _report_cells(response):
        if table not in ("area", "unit_kind"):
            continue
        listing = client.get(url)
        shown = listing.context["measure_total"] if key in sums else listing.context["count"]
        assert (table, label, key, shown) == (table, label, key, value)
        checked += 1
    totals = next(t for t in response.context["report"].tables if t.key == "area").total.values

    assert totals == expected_totals()
    # area table: 2 districts + totals; unit-kind table: 5 kinds + "individuals (no unit)" (the award to a person) + totals
    assert checked == len(figures.columns()) * ((2 + 1) + (len(UnitKind.choices) + 1 + 1))


def test_comparison_with_the_year_before_links_lists_of_that_period(crafted, client_for, province_staff, province):
    period = ReportPeriodFactory(area=province)
    client = client_for(province_staff)

    comparison = {
        line["key"]: line for line in client.get(reverse("reports:registry", args=[period.pk])).context["report"].comparison
    }

    registered = comparison["registered"]
    # H1 2024: A4 (10/01/2024), A1 (10/05/2024) approved by 30/06/2024; A6 came on 01/06/2024.
    assert (registered["current"], registered["previous"], registered["difference"]) == (6, 3, 3)
    assert client.get(registered["previous_url"]).context["count"] == 3
