"""A demo model before it is written: its row and its dated history."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from models_registry.units.models import Unit


def demo_today() -> datetime.date:
    """The day the demo is loaded: no demo date lies after it, and recent events are placed relative to it."""
    return timezone.localdate()


@dataclass
class Plan:
    """One demo model: its row and its dated history."""

    code: str
    name: str
    unit: Unit
    kind: str = "model"
    field_code: str = "kinh-te"
    registered: datetime.date = datetime.date(2021, 3, 1)
    path: list = field(default_factory=lambda: ["draft", "submitted", "in_progress"])
    gaps: list = field(default_factory=list)  # days between moves
    content: str = ""
    person: tuple = ("", "")
    results: tuple = (None, None, None, None)  # people, money, land m², works
    level_code: str = "huyen"
    reviews: dict = field(default_factory=dict)  # year -> rating, forced

    def moments(self) -> list[tuple[str, str, datetime.date]]:
        day, previous, out = self.registered, "", []
        for index, status in enumerate(self.path):
            out.append((previous, status, min(day, demo_today())))
            previous = status
            day = day + datetime.timedelta(days=self.gaps[index] if index < len(self.gaps) else 30)
        return out

    def date_of(self, status: str) -> datetime.date | None:
        return next((at for _, to, at in self.moments() if to == status), None)


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
