"""Demo report periods from 2016 to the day the demo is loaded, and the offices' period reports.

Reports go through the reports domain (so their registry figures are frozen exactly as a real
submission freezes them); dates of submission and review are then set to the period's days, never
after the day the demo is loaded. Past periods are locked at the end, as a province would lock them.
"""

import datetime
import random

from django.db import transaction

from danvan.demo.plan import aware, demo_today
from danvan.demo.seeds import HANOI_2017_H1, KIENTUONG_2023
from reports import domain
from reports.access import expected_offices
from reports.enums import PeriodKind, ReportStatus
from reports.models import ActivityIndicator, PeriodReport, ReportPeriod

FIRST_YEAR = 2016
HANOI_DISTRICTS = ["thanhxuan", "longbien", "gialam", "hadong", "caugiay"]
HANOI_SHARES = [0.22, 0.2, 0.24, 0.19]  # the fifth district takes the rest, so the sums are exact
NARRATIVE = {
    "results": (
        "Các cấp ủy, chính quyền tiếp tục quan tâm lãnh đạo công tác dân vận; nhiều mô hình “Dân vận khéo” được nhân rộng."
    ),
    "shortcomings": "Việc sơ kết, nhân rộng mô hình ở một số cơ sở chưa kịp thời; phối hợp giữa các ngành có lúc chưa chặt chẽ.",
    "directions": "Tiếp tục rà soát, củng cố các mô hình; đăng ký xây dựng mô hình mới gắn với nhiệm vụ trọng tâm.",
}


def periods_to_create() -> list[tuple[str, int]]:
    """Every half-year and year from 2016 that has begun by the day the demo is loaded."""
    today, kinds = demo_today(), []
    for year in range(FIRST_YEAR, today.year + 1):
        kinds.append((PeriodKind.FIRST_HALF, year))
        if today.month > 6 or year < today.year:
            kinds.append((PeriodKind.SECOND_HALF, year))
        kinds.append((PeriodKind.YEAR, year))
    return kinds


@transaction.atomic
def load_reports(users: dict, offices: dict) -> int:
    """Create the periods and the reports once; returns how many reports exist."""
    if ReportPeriod.objects.exists():
        return PeriodReport.objects.count()
    admin = users["admin"]
    periods = [_period(admin, kind, year) for kind, year in periods_to_create()]
    rng = random.Random(2017)
    indicators = {i.name: i for i in ActivityIndicator.objects.all()}
    for period in periods:
        if period.start.year < 2017:
            continue
        for key, office in offices.items():
            if key in users["officers"] and expected_offices(office.area.parent, period).filter(pk=office.pk).exists():
                _office_report(rng, period, key, office, users, indicators)
    for period in periods:
        if period.end < datetime.date(demo_today().year, 1, 1):
            domain.set_period_locked(period, by=admin, locked=True)
    _date_offices(offices)
    return PeriodReport.objects.count()


def _date_offices(offices: dict) -> None:
    """Offices in time: a former district's office ended with its district (30/06/2025) and reads its history;
    a new commune's office began on 01/07/2025. Set after the reports they sent while they worked."""
    for office in offices.values():
        ended_on, started_on = office.area.valid_to, office.area.valid_from
        if ended_on or started_on:
            type(office).objects.filter(pk=office.pk).update(ended_on=ended_on, started_on=started_on)


def _period(admin, kind, year) -> ReportPeriod:
    start, end = domain.default_bounds(kind, year)
    due = end - datetime.timedelta(days=15) if kind != PeriodKind.YEAR else datetime.date(year, 12, 15)
    return domain.create_period(by=admin, area=None, kind=kind, year=year, due_on=due, start=start, end=end)


def _office_report(rng, period, key, office, users, indicators) -> None:
    officer, staff = users["officers"][key], users["office_staff"][key]
    values = _values(rng, period, key, indicators)
    today = demo_today()
    current = period.due_on >= today  # still open for reporting: some sent, some in draft
    submit = period.end < today and (not current or rng.random() < 0.6)  # nobody sends a report before its end
    report = domain.save_report(office, period, by=officer, values=values, submit=submit, **NARRATIVE)
    if submit and (not current or rng.random() < 0.5):
        domain.accept_report(report, by=staff)
    late = rng.random() < 0.15
    submitted = period.due_on + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10))
    submitted = max(min(submitted, today), period.end)
    if report.status != ReportStatus.DRAFT:
        PeriodReport.objects.filter(pk=report.pk).update(
            submitted_at=_noon(submitted),
            reviewed_at=_noon(min(submitted + datetime.timedelta(days=5), today)) if report.reviewed_by_id else None,
        )


def _values(rng, period, key, indicators) -> dict:
    scale = 2 if period.kind == PeriodKind.YEAR else 1
    values = {
        indicators["Số cuộc giám sát"]: rng.randint(40, 160) * scale,
        indicators["Số hội nghị phản biện xã hội"]: rng.randint(5, 30) * scale,
        indicators["Số hội nghị đối thoại với nhân dân"]: rng.randint(3, 15) * scale,
        indicators["Diện tích đất nhân dân hiến"]: rng.randint(0, 60) * 100 * scale,
        indicators["Số tiền huy động"]: rng.randint(1, 40) * 50_000_000 * scale,
        indicators["Số công trình hoàn thành"]: rng.randint(2, 20) * scale,
    }
    if period.kind == PeriodKind.FIRST_HALF and period.year == 2017 and key in HANOI_DISTRICTS:
        values.update({indicators[name]: _hanoi_share(key, total) for name, total in HANOI_2017_H1.items()})
    if period.kind == PeriodKind.YEAR and period.year == 2023 and key == "kientuong":
        values.update({indicators[name]: total for name, total in KIENTUONG_2023.items()})
    return values


def _hanoi_share(key: str, total: int) -> int:
    index = HANOI_DISTRICTS.index(key)
    shares = [int(total * share) for share in HANOI_SHARES]
    return shares[index] if index < len(shares) else total - sum(shares)


def _noon(day: datetime.date) -> datetime.datetime:
    return aware(day, 12)
