"""Factories for criteria sets, evaluations, reviews, recognitions, proposals and awards."""

import datetime
from decimal import Decimal

import factory

from models_registry.awards.models import (
    Award,
    AwardForm,
    AwardProposal,
    Outstanding,
    ProposalItem,
    Recognition,
    RecognitionLevel,
)
from models_registry.evaluations.models import CriteriaSet, Criterion, Evaluation, RatingBand, Score, YearlyReview
from tests.factories import InitiativeFactory, UserFactory

BANDS = [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Không đạt", 0)]


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    """A set with the four usual bands; `criteria=[max points, ...]` (default four criteria of 25)."""

    class Meta:
        model = CriteriaSet
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bộ tiêu chí chấm điểm số {n}")
    applies_to = "model"
    pass_threshold = Decimal(60)

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if not create:
            return
        points = extracted if extracted is not None else [25, 25, 25, 25]
        RatingBand.objects.bulk_create(RatingBand(criteria_set=obj, name=n, lower_bound=Decimal(b)) for n, b in BANDS)
        Criterion.objects.bulk_create(
            Criterion(criteria_set=obj, order=i, title=f"Tiêu chí {i}", max_points=Decimal(p))
            for i, p in enumerate(points, start=1)
        )


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    initiative = factory.SubFactory(InitiativeFactory, status="in_progress")
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    evaluator = factory.SubFactory(UserFactory, role="province_staff")


def scored(evaluation: Evaluation, *points) -> Evaluation:
    """Give the evaluation's criteria these points, in order (None: not scored)."""
    for criterion, value in zip(evaluation.criteria_set.criteria.all(), points, strict=False):
        Score.objects.update_or_create(
            evaluation=evaluation, criterion=criterion, defaults={"points": None if value is None else Decimal(str(value))}
        )
    return evaluation


class YearlyReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyReview

    initiative = factory.SubFactory(InitiativeFactory, status="in_progress")
    year = 2025
    rating = "effective"


def level(code: str) -> RecognitionLevel:
    return RecognitionLevel.objects.get(code=code)


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    initiative = factory.SubFactory(InitiativeFactory, status="recognised")
    level = factory.LazyFunction(lambda: level("tinh"))
    decision_no = factory.Sequence(lambda n: f"{100 + n}-QĐ/BDVTU")
    decided_on = datetime.date(2025, 5, 15)
    signer = "Nguyễn Văn Bình"


class OutstandingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outstanding

    initiative = factory.SubFactory(InitiativeFactory, status="recognised")
    year = 2025


def award_form(name="Giấy khen", recipient_kind="collective", issuing_level="Ban Dân vận Tỉnh ủy") -> AwardForm:
    return AwardForm.objects.get(name=name, recipient_kind=recipient_kind, issuing_level=issuing_level)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    award_form = factory.LazyFunction(award_form)
    year = 2025
    decision_no = factory.Sequence(lambda n: f"{200 + n}-QĐ/KT")
    decided_on = datetime.date(2025, 9, 2)
    issuer = "Ban Dân vận Tỉnh ủy"
    signer = "Trần Thị Hoa"
    initiative = factory.SubFactory(InitiativeFactory, status="recognised")
    unit = None
    area = factory.LazyAttribute(lambda a: a.initiative.unit.area if a.initiative else a.unit.area)


class AwardProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardProposal

    office = factory.SubFactory("tests.factories.OfficeFactory")
    title = factory.Sequence(lambda n: f"Đề nghị khen thưởng số {n}")
    award_form = factory.LazyFunction(award_form)
    year = 2025


class ProposalItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalItem

    proposal = factory.SubFactory(AwardProposalFactory)
    initiative = factory.SubFactory(InitiativeFactory, status="recognised")
