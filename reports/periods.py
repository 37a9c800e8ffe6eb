"""Period arithmetic: pure functions of dates, no database.

Offices count local days (Asia/Ho_Chi_Minh); timestamps are compared with local midnights,
the end date included: [start 00:00, day after end 00:00).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def half_year_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    """First (1) or second (2) half of a year: 01/01–30/06 or 01/07–31/12."""
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == 2:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    raise ValueError(f"half must be 1 or 2, not {half!r}")


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """01/01–31/12 of a year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def phase_bounds(phase) -> tuple[datetime.date, datetime.date]:
    """01/01 of a phase's first year to 31/12 of its last (a Phase or anything with start_year/end_year)."""
    return datetime.date(phase.start_year, 1, 1), datetime.date(phase.end_year, 12, 31)


def half_of(day: datetime.date) -> tuple[int, int]:
    """(year, half) of a date."""
    return day.year, 1 if day.month <= 6 else 2


def last_half_years(today: datetime.date, count: int) -> list[tuple[int, int]]:
    """The `count` half-years ending with today's, oldest first."""
    year, half = half_of(today)
    halves = []
    for _ in range(count):
        halves.append((year, half))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return halves[::-1]


def local_midnight(day: datetime.date, tz=LOCAL_TZ) -> datetime.datetime:
    """00:00 of a local day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=tz)


def local_range(start: datetime.date, end: datetime.date, tz=LOCAL_TZ) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, (end + 1 day) 00:00) in local time: compare `since <= at < until`."""
    return local_midnight(start, tz), local_midnight(end + datetime.timedelta(days=1), tz)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29/02 becomes 28/02)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Window:
    """The dates a report counts: start and end (both included) and the year of the reviews it reads."""

    start: datetime.date
    end: datetime.date
    review_year: int

    @property
    def since(self) -> datetime.datetime:
        return local_range(self.start, self.end)[0]

    @property
    def until(self) -> datetime.datetime:
        """Local midnight after the end date: timestamps strictly before it are "as of the end"."""
        return local_range(self.start, self.end)[1]

    def year_before(self) -> "Window":
        """The same window a year earlier, for the comparison column."""
        return Window(year_before(self.start), year_before(self.end), self.review_year - 1)
