"""Reference places, offices, demo accounts and units: safe to run again (everything keyed by code)."""

from django.core.management import call_command
from django.db import transaction

from danvan.accounts.models import Office, User
from danvan.demo.places import (
    ACCOUNTS,
    BODY_ABBREVIATIONS,
    COMMUNE_OFFICES,
    COMMUNE_UNITS,
    DEMO_PASSWORD,
    DISTRICT_OFFICES,
    DISTRICT_UNITS,
    HEADINGS,
    PROVINCE_CODES,
    PROVINCE_OFFICES,
    SEED_UNITS,
    SIGNERS,
    OfficeSpec,
)
from models_registry.units.area_data import place_name
from models_registry.units.models import Area, Unit


def load_places(stdout=None) -> None:
    """The current and legacy areas of the demo provinces."""
    args = []
    for code in PROVINCE_CODES:
        args += ["--province", code]
    call_command("load_areas", *args, stdout=stdout)


@transaction.atomic
def load_offices() -> dict[str, Office]:
    """One office per demo province and per seed district."""
    offices = {}
    for spec in PROVINCE_OFFICES + DISTRICT_OFFICES + COMMUNE_OFFICES:
        area = Area.objects.select_related("parent").get(code=spec.area_code)
        above = Office.objects.filter(area=area.parent).first() if area.parent else None
        upward = above.name if above else "Ban Tuyên giáo và Dân vận Trung ương"
        offices[spec.key], _ = Office.objects.update_or_create(
            area=area,
            name=spec.name,
            defaults={"superior_name": spec.superior_name, "place_name": spec.place_name, "is_party_body": True}
            | document_fields(spec, upward),
        )
    return offices


def document_fields(spec: OfficeSpec, upward: str) -> dict:
    """What the office's documents print: heading name, number abbreviation, signature, recipients."""
    ban = next(prefix for prefix in HEADINGS if spec.name.startswith(prefix))
    heading, initials = HEADINGS[ban]
    body = next(kind for kind in BODY_ABBREVIATIONS if spec.superior_name.startswith(kind))
    mode, signing_for, title, signer = SIGNERS[spec.key]
    superior_body = body.capitalize()  # "Huyện ủy"
    return {
        "heading_name": heading,
        "abbreviation": initials + BODY_ABBREVIATIONS[body],
        "signing_mode": mode,
        "signing_for": signing_for,
        "signer_title": title,
        "signer_name": signer,
        "recipients": "\n".join([f"{upward} (để b/c)", f"Thường trực {superior_body} (để b/c)", "Lưu Văn phòng"]),
    }


@transaction.atomic
def load_accounts(offices: dict[str, Office]) -> list[User]:
    """One demo account per role; the password is reset to the demo password on every run."""
    users = []
    for spec in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "role": spec.role,
                "office": offices.get(spec.office_key) if spec.office_key else None,
                "full_name": spec.full_name,
                "email": f"{spec.username}@dvk.example.vn",
                "is_staff": spec.role == "administrator",
                "is_superuser": spec.role == "administrator",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users.append(user)
    return users


@transaction.atomic
def load_units() -> int:
    """District-level units of every kind in each seed district, and the commune of every legacy commune."""
    rows = []
    for spec in DISTRICT_OFFICES:
        district = Area.objects.get(code=spec.area_code)
        for suffix, kind, pattern in DISTRICT_UNITS:
            name = pattern.format(place=place_name(district.division_type, district.name), name=district.name)
            rows.append(Unit(code=f"{spec.key.upper()}-{suffix}", name=name, kind=kind, area=district))
        for commune in district.children.order_by("code"):
            rows.append(
                Unit(
                    code=f"{spec.key.upper()}-{commune.code}",
                    name=f"UBND {place_name(commune.division_type or 'xã', commune.name)}",
                    kind="commune",
                    area=commune,
                )
            )
    for spec in COMMUNE_OFFICES:
        commune = Area.objects.get(code=spec.area_code)
        for suffix, kind, pattern in COMMUNE_UNITS:
            name = pattern.format(place=place_name(commune.division_type, commune.name), name=commune.name)
            rows.append(Unit(code=f"{spec.key.upper()}-{suffix}", name=name, kind=kind, area=commune))
    district_of = {spec.key: spec.area_code for spec in DISTRICT_OFFICES}
    for key, suffix, kind, name in SEED_UNITS:
        rows.append(Unit(code=f"{key.upper()}-{suffix}", name=name, kind=kind, area=Area.objects.get(code=district_of[key])))
    Unit.objects.bulk_create(rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "kind", "area"])
    return len(rows)
