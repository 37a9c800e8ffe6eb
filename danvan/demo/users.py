"""Who did what in the demo: the officer of a unit's district and the staff of its province."""

from danvan.accounts.models import User
from danvan.demo.places import ACCOUNTS, REPORTING_OFFICES


def demo_users(offices: dict) -> dict:
    """{"officer": unit -> user, "staff": unit -> user, "officers": key -> user, "office_staff": key -> user, "admin": user}."""
    accounts = {spec.office_key: User.objects.get(username=spec.username) for spec in ACCOUNTS if spec.role != "leader"}
    district_keys = {spec.key for spec in REPORTING_OFFICES}
    officers = {key: accounts[key] for key in district_keys}
    staff_of = {}
    for key in district_keys:
        parent_path = offices[key].area.parent.path
        province_key = next(k for k, o in offices.items() if k not in district_keys and o.area.path == parent_path)
        staff_of[key] = accounts[province_key]
    by_path = [(offices[key].area.path, key) for key in district_keys]

    def district_of(unit) -> str:
        return next(key for path, key in by_path if unit.area.path.startswith(path))

    return {
        "officer": lambda unit: officers[district_of(unit)],
        "staff": lambda unit: staff_of[district_of(unit)],
        "officers": officers,
        "office_staff": staff_of,
        "admin": accounts[None],
    }
