"""An area written in a spreadsheet cell: an Area code, an address (legacy or current) or a name.

Addresses go through `vietnamadminunits`: "phường Khương Trung, quận Thanh Xuân, Hà Nội" (before July
2025) parses to the legacy commune LC00349, "phường Khương Đình, Hà Nội" (since July 2025) to the current
commune C00364. Area codes follow models_registry.units.area_data.
"""

import datetime
import re

from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from danvan.search import ImmutableUnaccent
from models_registry.imports import parsing
from models_registry.imports.lookups import name_key, suggestion
from models_registry.units.access import areas_for
from models_registry.units.area_data import new_ward_codes, split_name
from models_registry.units.models import Area

NUMBERED_WORDS = {"phuong": "Phường", "xa": "Xã", "thi tran": "Thị trấn"}
DISTRICT_WORDS = re.compile(r"\b(quan|huyen|thi xa|tx|q|h)\b")


def address_codes(text: str) -> list[str]:
    """Area codes an address may mean, most specific first; legacy first when a district is named."""
    from vietnamadminunits import parse_address

    folded = parsing.fold_key(text)
    parts = [part for part in text.split(",") if part.strip()]
    if len(parts) < 2:
        return []
    legacy_first = len(parts) >= 3 or bool(DISTRICT_WORDS.search(folded))
    readers = [_legacy_codes, _current_codes] if legacy_first else [_current_codes, _legacy_codes]
    codes = []
    for reader in readers:
        try:
            codes += reader(parse_address, text)
        except Exception:  # noqa: S112 -- the parser raises on text it cannot place; try the other era
            continue
    return codes


def _legacy_codes(parse_address, text: str) -> list[str]:
    unit = parse_address(text, mode="LEGACY", keep_street=False)
    codes = []
    if unit.ward_code:
        codes.append(f"LC{unit.ward_code}")
    elif unit.district_code:
        codes.append(f"LD{unit.district_code}")
    return codes


def _current_codes(parse_address, text: str) -> list[str]:
    unit = parse_address(text, mode="FROM_2025", keep_street=False)
    if not unit.ward_code:
        return []
    # The two packages disagree on some commune codes; area_data maps vietnamadminunits' keys to the loaded codes.
    code = new_ward_codes().get((unit.province_key, unit.ward_key))
    return [f"C{code:05d}"] if code else []


class AreaFinder:
    """Finds areas for one user's import, each distinct cell value once."""

    def __init__(self, user):
        self.user = user
        self.scope = areas_for(user)
        self.cache: dict[str, Area] = {}

    def find(self, value, *, keep: Area | None = None, on: datetime.date | None = None) -> Area:
        """The area a cell names inside the user's area, by code first, then by address or name; `keep` wins when
        its name matches (updates keep their area), and among namesakes the one valid `on` the row's date."""
        text = parsing.clean_text(value)
        if keep is not None and parsing.fold_key(keep.name) == parsing.fold_key(_bare_name(text)):
            return keep
        if (text, on) not in self.cache:
            self.cache[(text, on)] = self._find(text, on)
        return self.cache[(text, on)]

    def _find(self, text: str, on: datetime.date | None = None) -> Area:
        by_code = self.scope.filter(code__iexact=text).first()
        if by_code:
            return by_code
        codes = address_codes(text)
        if codes:
            found = {area.code: area for area in self.scope.filter(code__in=codes)}
            for code in codes:
                if code in found:
                    return found[code]
            if Area.objects.filter(code__in=codes).exists():
                raise ValueError(_("“%(value)s” is outside your area.") % {"value": text})
        return self._by_name(text, on)

    def _by_name(self, text: str, on: datetime.date | None = None) -> Area:
        name = _numbered(_bare_name(text.split(",")[0]))
        matches = list(
            self.scope.annotate(folded=ImmutableUnaccent(Lower("name")))
            .filter(folded=ImmutableUnaccent(Lower(Value(name))))
            .order_by("valid_to", "path")[:5]
        )
        current = [area for area in matches if area.valid_to is None]
        if on is not None:  # the areas of that name valid on the row's date: a 2021 decision names the former district
            current = [area for area in matches if _valid_on(area, on)] or current
        if len(matches) == 1 or len(current) == 1:
            return (current or matches)[0]
        if len(matches) > 1:
            codes = ", ".join(area.code for area in matches)
            raise ValueError(
                _("Several areas are called “%(value)s” (%(codes)s): write the area code or the full address.")
                % {"value": text, "codes": codes}
            )
        raise ValueError(
            _("No area “%(value)s” was found in your area.") % {"value": text}
            + suggestion(self.scope, "name", name, label=lambda area: f"{area.name} ({area.code})")
        )


def _valid_on(area: Area, day: datetime.date) -> bool:
    return (area.valid_from is None or area.valid_from <= day) and (area.valid_to is None or day <= area.valid_to)


def _numbered(name: str) -> str:
    """ "P.1", "P1", "phường 01" -> "Phường 1", as numbered wards are named in the tree."""
    match = re.fullmatch(r"(phuong|xa|thi tran) (\d+)", name_key(name))
    if not match:
        return name
    return f"{NUMBERED_WORDS[match[1]]} {match[2]}"


def _bare_name(text: str) -> str:
    """ "xã Đặng Xá" -> "Đặng Xá"; "Phường 1" stays (a numbered ward keeps its word)."""
    return split_name(text)[0]
