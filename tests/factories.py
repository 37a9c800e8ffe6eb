"""factory_boy factories for every registry type (tests and the small benchmark generator use them)."""

import datetime

import factory

from danvan.accounts.enums import Role
from danvan.accounts.models import Office, User
from models_registry.units.enums import AreaLevel, UnitKind
from models_registry.units.models import Area, Unit


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Địa bàn {n}")
    level = AreaLevel.COMMUNE


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.LazyAttribute(lambda o: f"Ban Dân vận {o.area.name}")
    superior_name = factory.LazyAttribute(lambda o: f"ĐẢNG BỘ {o.area.name.upper()}")
    area = factory.SubFactory(AreaFactory)
    place_name = factory.LazyAttribute(lambda o: o.area.name)


GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Minh", "Nam", "Tâm", "Yến"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {GIVEN_NAMES[n % len(GIVEN_NAMES)]}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    role = Role.OFFICER
    office = factory.SubFactory(OfficeFactory)
    password = factory.django.Password("matkhau-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    kind = UnitKind.COMMUNE
    area = factory.SubFactory(AreaFactory)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A model (mô hình) in draft; pass status=... and registered_on=... as needed."""

    class Meta:
        model = "initiatives.Initiative"

    kind = "model"
    name = factory.Sequence(lambda n: f"Mô hình dân vận khéo số {n}")
    unit = factory.SubFactory(UnitFactory)
    field = factory.LazyFunction(lambda: _field("kinh-te"))
    phase = factory.LazyFunction(lambda: _phase("2021–2025"))
    registered_on = factory.Faker("date_between", start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2025, 12, 31))
    situation = "Thực trạng địa phương còn nhiều khó khăn."
    goals = "Vận động nhân dân cùng làm."
    content_method = "Tuyên truyền, vận động, nêu gương."


def _field(code):
    from models_registry.initiatives.models import Field

    return Field.objects.get(code=code)


def _phase(name):
    from models_registry.initiatives.models import Phase

    return Phase.objects.get(name=name)


def as_request_user(user):
    """The user as a request sees it: loaded by the authentication backend, with office, area and inherited roots
    in one query (what templates and views get as request.user)."""
    from danvan.accounts.backends import ScopedModelBackend

    return ScopedModelBackend().get_user(user.pk)
