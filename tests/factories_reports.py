"""Factories and history helpers for report tests: periods, reports, and crafted registry histories."""

import datetime

import factory

from models_registry.awards.models import Award, AwardForm, Outstanding, Recognition, RecognitionLevel
from models_registry.evaluations.models import YearlyReview
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import StatusChange
from reports.enums import PeriodKind, ReportStatus
from reports.models import ActivityIndicator, ActivityValue, PeriodReport, ReportPeriod
from reports.periods import LOCAL_TZ, half_year_bounds


def local(*args) -> datetime.datetime:
    """An aware datetime in Asia/Ho_Chi_Minh: local(2025, 6, 30, 23, 59)."""
    return datetime.datetime(*args, tzinfo=LOCAL_TZ)


def moves(initiative, *steps):
    """Write the workflow history (to_status, at) from draft on, and leave the model in the last status."""
    previous = Status.DRAFT
    for to_status, at in steps:
        StatusChange.objects.create(initiative=initiative, from_status=previous, to_status=to_status, at=at)
        previous = to_status
    initiative.status = previous
    initiative.save(update_fields=["status"])
    return initiative


def approved(initiative, at, *later):
    """Submitted a day before `at`, approved at `at`, then any later (to_status, at) moves."""
    return moves(initiative, (Status.SUBMITTED, at - datetime.timedelta(days=1)), (Status.IN_PROGRESS, at), *later)


def level(code: str) -> RecognitionLevel:
    return RecognitionLevel.objects.get(code=code)


def award_form(recipient_kind: str) -> AwardForm:
    return AwardForm.objects.filter(recipient_kind=recipient_kind).order_by("order").first()


class ReportPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportPeriod

    kind = PeriodKind.FIRST_HALF
    year = 2025
    start = factory.LazyAttribute(lambda p: half_year_bounds(p.year, 1 if p.kind == PeriodKind.FIRST_HALF else 2)[0])
    end = factory.LazyAttribute(lambda p: half_year_bounds(p.year, 1 if p.kind == PeriodKind.FIRST_HALF else 2)[1])
    due_on = factory.LazyAttribute(lambda p: p.end + datetime.timedelta(days=15))


class PeriodReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodReport

    status = ReportStatus.DRAFT
    results = "Các cấp ủy đã lãnh đạo, chỉ đạo xây dựng mô hình dân vận khéo."


class ActivityValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityValue

    indicator = factory.LazyFunction(lambda: ActivityIndicator.objects.order_by("order").first())
    value = 1


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    level = factory.LazyFunction(lambda: level("huyen"))
    decision_no = factory.Sequence(lambda n: f"{n}-QĐ/BDV")
    decided_on = datetime.date(2025, 3, 1)
    signer = "Nguyễn Văn A"


class YearlyReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyReview

    year = 2025
    rating = "effective"


class OutstandingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outstanding

    year = 2025


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    award_form = factory.LazyFunction(lambda: award_form("collective"))
    year = 2025
    decision_no = factory.Sequence(lambda n: f"{n}-QĐ/UBND")
    decided_on = datetime.date(2025, 3, 1)
    issuer = "UBND tỉnh"
