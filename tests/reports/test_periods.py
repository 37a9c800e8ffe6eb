import datetime

import pytest

from models_registry.initiatives.models import Phase
from reports.periods import Window, half_year_bounds, last_half_years, local_range, phase_bounds, year_before, year_bounds
from tests.factories_reports import local

D = datetime.date


@pytest.mark.parametrize(
    ("year", "half", "expected"),
    [
        (2025, 1, (D(2025, 1, 1), D(2025, 6, 30))),
        (2025, 2, (D(2025, 7, 1), D(2025, 12, 31))),
        (2024, 1, (D(2024, 1, 1), D(2024, 6, 30))),
    ],
)
def test_half_year_bounds_cover_the_half(year, half, expected):
    assert half_year_bounds(year, half) == expected


def test_half_year_bounds_refuses_a_third_half():
    with pytest.raises(ValueError):
        half_year_bounds(2025, 3)


def test_year_bounds_are_first_and_last_day():
    assert year_bounds(2025) == (D(2025, 1, 1), D(2025, 12, 31))


def test_phase_bounds_span_the_phase_years():
    assert phase_bounds(Phase(name="2021–2025", start_year=2021, end_year=2025)) == (D(2021, 1, 1), D(2025, 12, 31))


def _contains(window: Window, at: datetime.datetime) -> bool:
    return window.since <= at < window.until


@pytest.mark.parametrize(
    ("at", "first_half", "second_half"),
    [
        (local(2025, 6, 30, 0, 0), True, False),
        (local(2025, 6, 30, 23, 59, 59), True, False),
        (local(2025, 7, 1, 0, 0), False, True),
        (local(2025, 12, 31, 23, 59, 59), False, True),
        (local(2026, 1, 1, 0, 0), False, False),
        (local(2025, 1, 1, 0, 0), True, False),
        (local(2024, 12, 31, 23, 59, 59), False, False),
    ],
)
def test_local_boundaries_at_30_06_01_07_31_12_01_01(at, first_half, second_half):
    h1, h2 = Window(*half_year_bounds(2025, 1), 2025), Window(*half_year_bounds(2025, 2), 2025)

    assert (_contains(h1, at), _contains(h2, at)) == (first_half, second_half)


def test_local_range_uses_ho_chi_minh_midnight_not_utc():
    since, until = local_range(D(2025, 7, 1), D(2025, 12, 31))

    # 01/07 00:00 in Hà Nội is 30/06 17:00 UTC; a UTC-date comparison would put that evening in the wrong half.
    assert since.astimezone(datetime.UTC) == datetime.datetime(2025, 6, 30, 17, 0, tzinfo=datetime.UTC)
    assert until.astimezone(datetime.UTC) == datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("at", "inside"),
    [
        (local(2024, 12, 14, 23, 59, 59), False),
        (local(2024, 12, 15, 0, 0), True),
        (local(2025, 1, 1, 0, 0), True),
        (local(2025, 6, 14, 23, 59, 59), True),
        (local(2025, 6, 15, 0, 0), False),
    ],
)
def test_shifted_window_15_12_to_14_06_includes_both_end_dates(at, inside):
    window = Window(D(2024, 12, 15), D(2025, 6, 14), 2025)

    assert _contains(window, at) == inside


def test_year_before_shifts_a_shifted_window_and_the_review_year():
    window = Window(D(2024, 12, 15), D(2025, 6, 14), 2025)

    assert window.year_before() == Window(D(2023, 12, 15), D(2024, 6, 14), 2024)


def test_year_before_of_29_february_is_28_february():
    assert year_before(D(2024, 2, 29)) == D(2023, 2, 28)


def test_last_half_years_counts_back_across_years():
    assert last_half_years(D(2025, 7, 1), 4) == [(2024, 1), (2024, 2), (2025, 1), (2025, 2)]
    assert last_half_years(D(2025, 6, 30), 2) == [(2024, 2), (2025, 1)]
