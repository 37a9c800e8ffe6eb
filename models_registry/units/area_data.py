"""Vietnam's administrative tree, current and legacy, read from two packages and turned into Area rows.

Sources:
- current (since 1 July 2025: 34 provinces, 3,321 communes, no districts): `vietnam_provinces`;
- legacy (until 30 June 2025: 63 provinces, 696 districts, ~10,000 communes) and the old -> new
  commune links: `vietnamadminunits` (its SQLite table `admin_units_legacy` and its converter data).

Code scheme (Area.code is unique across the table; `official_code()` gives back the official code):
  P01      a current province, official code 01. A legacy province that continues under the same
           code and name (Hà Nội, Hải Phòng, Cao Bằng...) is this same row, valid before and after.
  C00004   a current commune (xã, phường, đặc khu), official code 00004.
  LP80     a legacy province merged into another on 1 July 2025 (Long An, official code 80).
  LD001    a legacy district, official code 001.
  LC00001  a legacy commune, official code 00001.
Official commune codes were reused in 2025 for different communes (00004 was Trúc Bạch, is now Ba Đình),
so legacy and current communes never share a row.

Paths follow Area.build_path: /P01/C00004/, /P01/LD001/LC00001/, /LP80/LD795/LC27787/.

Succession (AreaLink, all dated 01/07/2025):
  province  a merged legacy province -> the current province it joined, whole (LP80 Long An -> P80 Tây Ninh);
            a province that continues (Hà Nội) is one row and needs no link.
  commune   a legacy commune -> each current commune that took its territory: whole when it went entirely
            into one, part for each current commune of a divided one (the package's DIVIDED table).
  district  a legacy district -> each current commune that received any of its communes: whole only when
            the entire district went into that one commune (the island districts, now đặc khu), part otherwise.
"""

import datetime
import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
from vietnamadminunits.converter import converter_2025
from vietnamadminunits.database import get_data

from danvan.search import normalise_text
from danvan.vietnamese import ascii_fold
from models_registry.units.enums import AreaLevel, LinkKind
from models_registry.units.models import Area, AreaLink
from models_registry.units.signals import links_loaded

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)

# Longest first, so "thành phố" wins over a shorter prefix and "thị trấn" over "thị xã".
DIVISION_TYPES = ["thành phố trung ương", "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "quận", "huyện", "tỉnh", "xã"]
# The new package calls the five centrally governed cities "thành phố trung ương"; the legacy one says "thành phố".
PROVINCE_TYPES = {"thành phố trung ương": "thành phố"}
BATCH_SIZE = 2000
UPDATE_FIELDS = ["name", "division_type", "level", "parent", "path", "valid_from", "valid_to"]
OFFICIAL_CODE = re.compile(r"^L?[PDC](\d+)$")


class UnknownProvince(ValueError):
    """A --province code that is neither a current nor a legacy province."""


@dataclass(frozen=True)
class AreaRow:
    """One Area to upsert; parent is an Area code."""

    code: str
    name: str
    division_type: str
    level: str
    parent: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass(frozen=True)
class LinkRow:
    """One AreaLink to upsert, between two Area codes."""

    predecessor: str
    successor: str
    kind: str = LinkKind.WHOLE
    date: datetime.date = CURRENT_START


@dataclass(frozen=True)
class Tree:
    """What load_areas writes: the areas (each after its parent) and the succession links between them."""

    rows: list[AreaRow]
    links: list[LinkRow]


# --- names and codes -------------------------------------------------------------------------


def clean(text: str) -> str:
    """NFC with single spaces (the new package has names like "Xã  Bắc Đông Quan")."""
    return " ".join(normalise_text(text).split())


def split_name(full_name: str, fallback_type: str = "") -> tuple[str, str]:
    """("Huyện Gia Lâm", _) -> ("Gia Lâm", "huyện"); numbered units keep their prefix: "Phường 1"."""
    name = clean(full_name)
    for division_type in DIVISION_TYPES:
        prefix = division_type + " "
        if name.lower().startswith(prefix):
            rest = name[len(prefix) :]
            return (name if rest.isdigit() else rest), division_type
    return name, clean(fallback_type).lower()


def place_name(division_type: str, name: str) -> str:
    """The inverse of split_name, as a unit's name writes its place: ("xã", "Đặng Xá") -> "xã Đặng Xá",
    ("phường", "Phường 1") -> "phường 1" (never "phường Phường 1")."""
    kind, name = clean(division_type).lower(), clean(name)
    if not kind:
        return name
    if name.lower().startswith(kind + " "):
        return kind + name[len(kind) :]
    return f"{kind} {name}"


def official_code(area_code: str) -> str:
    """The official code inside an Area code: "LC00001" -> "00001", "P01" -> "01"."""
    match = OFFICIAL_CODE.match(area_code)
    if not match:
        raise ValueError(f"{area_code!r} is not a code of the administrative tree")
    return match.group(1)


def province_number(raw: str | int) -> int:
    """The province number in "01", "1", "P01" or "LP80"."""
    text = str(raw).strip().upper().removeprefix("L").removeprefix("P")
    if not (text.isascii() and text.isdigit()):
        raise UnknownProvince(f"{raw!r} is not a province code")
    return int(text)


def _name_key(name: str) -> str:
    return clean(name).lower().replace("’", "'").replace("–", "-")


def _bare_key(name: str) -> str:
    """Letters and digits without diacritics: "Xã Thuận Hòa" and "Xã Thuận Hoà" meet here."""
    return "".join(ch for ch in ascii_fold(name) if ch.isascii() and ch.isalnum())


# --- package data (read once per process) ----------------------------------------------------


@functools.cache
def current_provinces() -> dict[int, dict]:
    """Province number -> the new package's province, with its "wards" (communes)."""
    with open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        return {province["code"]: province for province in json.load(f)}


@functools.cache
def legacy_records() -> tuple[dict, ...]:
    """One record per legacy commune (or per commune-less island district), with its district and province."""
    fields = ["provinceCode", "province", "provinceKey", "districtCode", "district", "districtType", "districtKey"]
    fields += ["wardCode", "ward", "wardType", "wardKey"]
    return tuple(get_data(fields=fields, table="admin_units_legacy"))


@functools.cache
def new_ward_codes() -> dict[tuple[str, str], int]:
    """(new province key, new ward key) of vietnamadminunits -> official code in vietnam_provinces.

    The two packages disagree on 161 official commune codes, so communes are matched by name within
    the province: exactly first, then without diacritics where that is still unique.
    """
    exact, bare = {}, defaultdict(list)
    for number, province in current_provinces().items():
        for ward in province["wards"]:
            exact[number, _name_key(ward["name"])] = ward["code"]
            bare[number, _bare_key(ward["name"])].append(ward["code"])
    codes = {}
    for row in get_data(fields=["provinceCode", "provinceKey", "wardKey", "ward"], table="admin_units"):
        number = int(row["provinceCode"])
        code = exact.get((number, _name_key(row["ward"])))
        candidates = bare.get((number, _bare_key(row["ward"])), [])
        if code is None and len(candidates) == 1:
            code = candidates[0]
        if code is not None:
            codes[row["provinceKey"], row["wardKey"]] = code
    return codes


@functools.cache
def new_province_numbers() -> dict[str, int]:
    """vietnamadminunits' new province key ("thanhphohanoi") -> province number."""
    return {row["provinceKey"]: int(row["provinceCode"]) for row in get_data(["provinceKey", "provinceCode"], "admin_units")}


@functools.cache
def commune_successors() -> dict[str, tuple[tuple[int, str], ...]]:
    """Legacy converter key "province_district_ward" -> (official code of a current commune, link kind) for each
    current commune that took its territory: one whole link, or a part link to each commune of a divided one."""
    wards = new_ward_codes()
    links = defaultdict(dict)
    for new_province, kept in converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for new_ward, old_keys in kept.items():
            for old_key in old_keys:
                if (new_province, new_ward) in wards:
                    links[old_key][wards[new_province, new_ward]] = LinkKind.WHOLE
    for new_province, divided in converter_2025.DICT_PROVINCE_WARD_DIVIDED.items():
        for old_key, options in divided.items():
            codes = {wards[new_province, o["newWardKey"]] for o in options if (new_province, o["newWardKey"]) in wards}
            kind = LinkKind.PART if len(codes) > 1 else LinkKind.WHOLE
            for code in codes:
                links[old_key].setdefault(code, kind)
    return {old_key: tuple(sorted(targets.items())) for old_key, targets in links.items()}


@functools.cache
def legacy_provinces() -> dict[int, dict]:
    """Legacy province number -> name, division type, successor number and whether it continues as the same row."""
    numbers = new_province_numbers()
    successor_of = {old: numbers[new] for new, olds in converter_2025.DICT_PROVINCE.items() for old in olds}
    provinces = {}
    for record in legacy_records():
        number = int(record["provinceCode"])
        if number in provinces:
            continue
        name, division_type = split_name(record["province"])
        successor = successor_of[record["provinceKey"]]
        current_name, _ = split_name(current_provinces()[successor]["name"])
        continues = successor == number and _bare_key(current_name) == _bare_key(name)
        provinces[number] = {"name": name, "division_type": division_type, "successor": successor, "continues": continues}
    return provinces


# --- rows ------------------------------------------------------------------------------------


def selected_current_provinces(requested: Iterable[str] | None = None) -> list[int]:
    """Current province numbers to load: each requested code as a current province, or the one a legacy province joined.

    Loading a current province always brings every legacy province merged into it, so successor links resolve.
    """
    current, legacy = current_provinces(), legacy_provinces()
    if requested is None:
        return sorted(current)
    selected = set()
    for raw in requested:
        number = province_number(raw)
        if number not in current and number not in legacy:
            raise UnknownProvince(f"No province has code {raw!r}")
        if number in current:
            selected.add(number)
        if number in legacy:
            selected.add(legacy[number]["successor"])
    return sorted(selected)


def _province_code(number: int, *, legacy: bool) -> str:
    return f"LP{number:02d}" if legacy else f"P{number:02d}"


def current_rows(numbers: list[int]) -> tuple[list[AreaRow], list[AreaRow]]:
    """Current provinces and current communes of these province numbers."""
    legacy = legacy_provinces()
    provinces, communes = [], []
    for number in numbers:
        province = current_provinces()[number]
        name, division_type = split_name(province["name"], province["division_type"])
        continues = legacy.get(number, {}).get("continues", False)
        code = _province_code(number, legacy=False)
        provinces.append(
            AreaRow(
                code,
                name,
                PROVINCE_TYPES.get(division_type, division_type),
                AreaLevel.PROVINCE,
                valid_from=None if continues else CURRENT_START,
            )
        )
        for ward in province["wards"]:
            ward_name, ward_type = split_name(ward["name"], ward["division_type"])
            communes.append(
                AreaRow(f"C{ward['code']:05d}", ward_name, ward_type, AreaLevel.COMMUNE, parent=code, valid_from=CURRENT_START)
            )
    return provinces, communes


def _legacy_key(record: dict) -> str:
    return f"{record['provinceKey']}_{record['districtKey']}_{record['wardKey'] or ''}"


def _merged_province_row(number: int, province: dict) -> AreaRow:
    code = _province_code(number, legacy=True)
    return AreaRow(code, province["name"], province["division_type"], AreaLevel.PROVINCE, valid_to=LEGACY_END)


def _legacy_commune_row(record: dict) -> AreaRow:
    name, division_type = split_name(record["ward"], record["wardType"])
    parent = f"LD{record['districtCode']}"
    return AreaRow(f"LC{record['wardCode']}", name, division_type, AreaLevel.COMMUNE, parent=parent, valid_to=LEGACY_END)


def legacy_rows(numbers: list[int]) -> tuple[list[AreaRow], list[AreaRow], list[AreaRow], list[LinkRow]]:
    """Merged legacy provinces, legacy districts and legacy communes of the legacy provinces that joined these,
    and the links from them to the current areas."""
    legacy, successors = legacy_provinces(), commune_successors()
    wanted = {number for number, province in legacy.items() if province["successor"] in numbers}
    merged = [number for number in sorted(wanted) if not legacy[number]["continues"]]
    provinces = [_merged_province_row(number, legacy[number]) for number in merged]
    links = [LinkRow(_province_code(n, legacy=True), _province_code(legacy[n]["successor"], legacy=False)) for n in merged]
    districts, communes, district_successors = {}, [], defaultdict(list)
    for record in legacy_records():
        number = int(record["provinceCode"])
        if number not in wanted:
            continue
        district_code = f"LD{record['districtCode']}"
        targets = successors.get(_legacy_key(record), ())
        district_successors[district_code].append(targets)
        if district_code not in districts:
            name, division_type = split_name(record["district"], record["districtType"])
            districts[district_code] = (name, division_type, _province_code(number, legacy=not legacy[number]["continues"]))
        if record["wardCode"]:
            communes.append(_legacy_commune_row(record))
            links += [LinkRow(f"LC{record['wardCode']}", f"C{code:05d}", kind) for code, kind in targets]
    district_rows = [
        AreaRow(code, name, division_type, AreaLevel.DISTRICT, parent=parent, valid_to=LEGACY_END)
        for code, (name, division_type, parent) in districts.items()
    ]
    for code, targets in district_successors.items():
        links += _district_links(code, targets)
    return provinces, district_rows, communes, links


def _district_links(district: str, commune_targets: list[tuple[tuple[int, str], ...]]) -> list[LinkRow]:
    """A link to each current commune that received any of the district's communes: whole only when the entire
    district (every commune of it, whole) went into that one commune, as the island districts became đặc khu."""
    received = sorted({code for targets in commune_targets for code, _ in targets})
    entire = all(targets and all(kind == LinkKind.WHOLE for _, kind in targets) for targets in commune_targets)
    kind = LinkKind.WHOLE if entire and len(received) == 1 else LinkKind.PART
    return [LinkRow(district, f"C{code:05d}", kind) for code in received]


def build_tree(requested: Iterable[str] | None = None) -> Tree:
    """Every Area row for the requested province codes (all when None), each after its parent, and their links."""
    numbers = selected_current_provinces(requested)
    provinces, communes = current_rows(numbers)
    old_provinces, old_districts, old_communes, links = legacy_rows(numbers)
    return Tree([*provinces, *old_provinces, *communes, *old_districts, *old_communes], links)


def build_rows(requested: Iterable[str] | None = None) -> list[AreaRow]:
    """The Area rows of build_tree."""
    return build_tree(requested).rows


# --- database --------------------------------------------------------------------------------


def _batches(rows: list[AreaRow]) -> list[list[AreaRow]]:
    """Consecutive runs of rows that do not point at each other, so each run can be inserted at once."""
    batches, codes = [[]], set()
    for row in rows:
        if row.parent in codes:
            batches.append([])
            codes = set()
        batches[-1].append(row)
        codes.add(row.code)
    return [batch for batch in batches if batch]


@transaction.atomic
def save_rows(rows: list[AreaRow]) -> dict[str, Area]:
    """Upsert the rows by code in one transaction; returns the saved Areas by code."""
    saved: dict[str, Area] = {}
    for batch in _batches(rows):
        areas = []
        for row in batch:
            area = Area(
                code=row.code,
                name=row.name,
                division_type=row.division_type,
                level=row.level,
                parent=saved[row.parent] if row.parent else None,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
            )
            area.path = area.build_path()
            areas.append(area)
        Area.objects.bulk_create(
            areas, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["code"], update_fields=UPDATE_FIELDS
        )
        saved.update((area.code, area) for area in areas)
    return saved


@transaction.atomic
def save_tree(tree: Tree) -> dict[str, Area]:
    """Upsert the areas and their links; a loaded predecessor's links that the packages no longer give are deleted."""
    saved = save_rows(tree.rows)
    ids = {code: area.pk for code, area in saved.items()}
    missing = {code for link in tree.links for code in (link.predecessor, link.successor)} - ids.keys()
    ids.update(Area.objects.filter(code__in=missing).values_list("code", "pk"))
    links = [
        AreaLink(predecessor_id=ids[link.predecessor], successor_id=ids[link.successor], kind=link.kind, date=link.date)
        for link in tree.links
        if link.predecessor in ids and link.successor in ids
    ]
    AreaLink.objects.bulk_create(
        links,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["predecessor", "successor"],
        update_fields=["kind", "date"],
    )
    kept = {(link.predecessor_id, link.successor_id) for link in links}
    stale = AreaLink.objects.filter(predecessor_id__in=[ids[code] for code in saved]).values_list(
        "pk", "predecessor_id", "successor_id"
    )
    AreaLink.objects.filter(pk__in=[pk for pk, *pair in stale if tuple(pair) not in kept]).delete()
    links_loaded.send(sender=AreaLink)  # models of a merged former province answer to the province it joined
    return saved


def count_rows(rows: Iterable[AreaRow]) -> Counter:
    """(level, "current" or "legacy") -> number of rows; a province that continues counts as current."""
    return Counter((row.level, "legacy" if row.valid_to else "current") for row in rows)


def summary(counts: Counter) -> str:
    """One line: "14,122 areas: province 34 current + 36 legacy, district 696 legacy, commune 3321 current + 10035 legacy"."""
    parts = []
    for level in AreaLevel.values:
        numbers = [f"{counts[level, when]} {when}" for when in ("current", "legacy") if counts[level, when]]
        if numbers:
            parts.append(f"{level} " + " + ".join(numbers))
    return f"{sum(counts.values()):,} areas: " + ", ".join(parts)
