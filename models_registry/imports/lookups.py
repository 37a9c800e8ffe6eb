"""Records named in a cell by code or by name, looked up only inside the user's area."""

from django.utils.translation import gettext as _

from models_registry.imports import parsing
from models_registry.units.access import units_for


class UnitFinder:
    """Units of the user's area by code (exact or any case) or by name (any case, with or without diacritics)."""

    def __init__(self, user):
        self.user = user
        self.loaded = False

    def load(self):
        self.by_code, self.by_code_folded, self.by_name = {}, {}, {}
        for unit in units_for(self.user).select_related("area"):
            self.by_code[unit.code] = unit
            self.by_code_folded.setdefault(parsing.fold_key(unit.code), []).append(unit)
            self.by_name.setdefault(parsing.fold_key(unit.name), []).append(unit)
        self.loaded = True

    def find(self, value):
        """The unit a cell names; ValueError with a Vietnamese message when none or several match."""
        if not self.loaded:
            self.load()
        text = parsing.clean_text(value if not isinstance(value, float) or not value.is_integer() else int(value))
        if text in self.by_code:
            return self.by_code[text]
        key = parsing.fold_key(text)
        for candidates in (self.by_code_folded.get(key, []), self.by_name.get(key, [])):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                codes = ", ".join(sorted(unit.code for unit in candidates))
                raise ValueError(
                    _("Several units in your area are called “%(value)s” (%(codes)s): write the unit code.")
                    % {"value": text, "codes": codes}
                )
        raise ValueError(_("No unit “%(value)s” was found in your area (by code or name).") % {"value": text})
