"""Records named in a cell by code or by name, looked up only inside the user's area, with names as people
write them: "UBND phường 1", "Phường 01", "P.1", "xã Đặng Xá" for "UBND xã Đặng Xá", "VH-XH" for "Văn hóa – xã hội".
A name that is not found gets the nearest one the user may use (trigram similarity) as a suggestion."""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import TextField, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from danvan.search import ImmutableUnaccent
from models_registry.imports import parsing
from models_registry.units.access import units_for

SUGGEST_THRESHOLD = 0.3
TYPE_WORDS = re.compile(r"^(ubnd|uy ban nhan dan|hdnd)\s+")
PLACE_WORDS = re.compile(r"^(phuong|xa|thi tran|tt|thi xa|tx|quan|huyen|thanh pho|tp)\s+")
NUMBERED = re.compile(r"\b(phuong|ph|p|xa|thi tran|tt)\s*0*(\d+)\b")
NUMBER_WORDS = {"ph": "phuong", "p": "phuong", "tt": "thi tran"}


def name_key(text) -> str:
    """The folded name with the numbered ward written one way: "UBND P.01", "Phường 1" -> "phuong 1"."""
    key = parsing.fold_key(text)
    key = re.sub(r"\b(phuong|xa|thi tran) \1\b", r"\1", key)  # the old demo's "UBND phường Phường 1"
    return NUMBERED.sub(lambda m: f"{NUMBER_WORDS.get(m[1], m[1])} {int(m[2])}", key)


def unit_keys(text) -> list[str]:
    """Keys a unit's name may be written by, most exact first: with its type word, without, without the place word."""
    key = name_key(text)
    bare = TYPE_WORDS.sub("", key)
    place = PLACE_WORDS.sub("", bare) if not NUMBERED.fullmatch(bare) else bare
    return list(dict.fromkeys([key, bare, place]))


def abbreviations(name: str) -> set[str]:
    """What a list name may be shortened to: "Văn hóa – xã hội" -> vhxh, "Xây dựng hệ thống chính trị" -> xdhtct and
    "xaydunghtct" (the first words written out, the rest as initials), compared without spaces or dashes."""
    words = parsing.fold_key(name).split()
    return {"".join(words[:cut]) + "".join(word[0] for word in words[cut:]) for cut in range(len(words) + 1)}


def compact(text) -> str:
    return parsing.fold_key(text).replace(" ", "")


def suggestion(queryset, field: str, text: str, label=None) -> str:
    """ " Did you mean “…”?" with the most similar name in the queryset, or ""."""
    folded = parsing.clean_text(text)
    if not folded:
        return ""
    similarity = TrigramSimilarity(
        ImmutableUnaccent(Lower(field)), ImmutableUnaccent(Lower(Value(folded, output_field=TextField())))
    )
    best = (
        queryset.annotate(similarity=similarity).filter(similarity__gte=SUGGEST_THRESHOLD).order_by("-similarity", "pk").first()
    )
    if best is None:
        return ""
    return " " + _("Did you mean “%(name)s”?") % {"name": label(best) if label else getattr(best, field)}


def suggest_in(names: list[str], text: str) -> str:
    """The same for a short list kept in memory (fields, phases, award forms): the name sharing most trigrams."""
    wanted = _trigrams(text)
    scored = [(len(wanted & _trigrams(name)) / len(wanted | _trigrams(name)), name) for name in names if wanted]
    score, name = max(scored, default=(0, ""))
    return " " + _("Did you mean “%(name)s”?") % {"name": name} if score >= SUGGEST_THRESHOLD else ""


def find_level(levels: list, value):
    """The recognition level a cell names, by code or name (accents and case aside); else a message naming them all."""
    key = parsing.fold_key(value)
    for level in levels:
        if key in (parsing.fold_key(level.code), parsing.fold_key(level.name)):
            return level
    names = ", ".join(level.name for level in levels)
    raise ValueError(
        _("“%(value)s” is not a recognition level; use one of: %(names)s.") % {"value": parsing.clean_text(value), "names": names}
        + suggest_in([level.name for level in levels], value)
    )


def _trigrams(text) -> set[str]:
    grams = set()
    for word in parsing.fold_key(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


class UnitFinder:
    """Units of the user's area by code (exact or any case) or by name (any case, with or without diacritics, the
    type word "UBND" optional, numbered wards however written)."""

    def __init__(self, user):
        self.user = user
        self.loaded = False
        self.missing: dict[str, str] = {}

    def load(self):
        self.by_code, self.by_code_folded, self.by_name = {}, {}, {}
        self.by_key: list[dict[str, list]] = [{}, {}, {}]
        for unit in units_for(self.user).select_related("area"):
            self.by_code[unit.code] = unit
            self.by_code_folded.setdefault(parsing.fold_key(unit.code), []).append(unit)
            self.by_name.setdefault(parsing.fold_key(unit.name), []).append(unit)
            for depth, key in enumerate(unit_keys(unit.name)):
                self.by_key[depth].setdefault(key, []).append(unit)
        self.loaded = True

    def find(self, value):
        """The unit a cell names; ValueError with a Vietnamese message when none or several match."""
        if not self.loaded:
            self.load()
        text = parsing.clean_text(value if not isinstance(value, float) or not value.is_integer() else int(value))
        if text in self.by_code:
            return self.by_code[text]
        key = parsing.fold_key(text)
        tiers = [self.by_code_folded.get(key, []), self.by_name.get(key, [])]
        tiers += [table.get(written, []) for written in unit_keys(text) for table in self.by_key]
        for candidates in tiers:
            candidates = list(dict.fromkeys(candidates))
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                codes = ", ".join(sorted(unit.code for unit in candidates))
                raise ValueError(
                    _("Several units in your area are called “%(value)s” (%(codes)s): write the unit code.")
                    % {"value": text, "codes": codes}
                )
        if text not in self.missing:
            self.missing[text] = suggestion(units_for(self.user), "name", text, label=lambda unit: f"{unit.name} ({unit.code})")
        message = _("No unit “%(value)s” was found in your area (by code or name).") % {"value": text}
        raise ValueError(message + self.missing[text])
