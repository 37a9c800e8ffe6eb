"""factory_boy factories for every registry type (tests and the small benchmark generator use them)."""

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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = factory.Sequence(lambda n: f"Nguyễn {n}")
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
