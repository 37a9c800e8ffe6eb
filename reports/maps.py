"""The map a report uses: the areas in force during its period.

A report of an area for a period lists the areas valid during the period. When the area itself did not exist
then (Tây Ninh since 01/07/2025 opening 2023), its predecessors that did stand in its place (the former Long An
and the former Tây Ninh, with Kiến Tường under Long An): those are the report's *roots*. Within a root, the rows
are its children that existed during the period (a 2017 Hà Nội report lists the 2017 districts, not today's
communes). Figures of several roots are counted in one query per source and root depth, so the query count does
not grow with the number of predecessors.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Concat

from danvan.accounts.access import inherited_of, scope_for
from models_registry.units.models import Area


class PathSegment(Func):
    """The area code at a given depth of a materialised path: split_part('/P01/LD018/', '/', 3) = 'LD018'."""

    function = "split_part"
    output_field = CharField()

    def __init__(self, path, index: int):
        super().__init__(path, Value("/"), Value(index))


def existed(area, start: datetime.date, end: datetime.date) -> bool:
    """Whether the area existed at some time between start and end."""
    return (area.valid_from is None or area.valid_from <= end) and (area.valid_to is None or area.valid_to >= start)


def predecessors_in_scope(area, scope) -> list:
    """The areas `area` took over (through the succession links) that the user's scope holds."""
    if area is None:
        return []
    own = scope.area is not None and area.pk == scope.area.pk
    pks = [root.pk for root in (scope.inherited if own else inherited_of(area))]  # the own ones came with the user
    return [a for a in Area.objects.filter(pk__in=pks).order_by("path") if scope.contains(a)] if pks else []


def predecessors_seen_by(user, area) -> list:
    """The predecessors of `area` that the user's scope holds: what stands in for it on an old period's map."""
    return predecessors_in_scope(area, scope_for(user)) if user is not None else []


def period_roots(area, predecessors, start: datetime.date, end: datetime.date) -> list:
    """The area itself if it existed between start and end, and the predecessors that did, none inside another."""
    candidates = [a for a in (area, *predecessors) if a is not None and existed(a, start, end)]
    roots = []
    for candidate in sorted(candidates, key=lambda a: (len(a.path), a.path)):
        if not any(candidate.path.startswith(root.path) for root in roots):
            roots.append(candidate)
    return roots or ([area] if area is not None else [])


@dataclass(frozen=True)
class Roots:
    """Several subtree roots of one depth, counted together: `child` is "ROOT/CHILD" (the root's code, then the
    code of the root's child holding the row; "ROOT/" for rows directly in the root)."""

    paths: tuple[str, ...]

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def depth(self) -> int:
        return len(self.path.strip("/").split("/"))

    def q(self, path_field: str) -> Q:
        return Q(*[Q(**{f"{path_field}__startswith": path}) for path in self.paths], _connector=Q.OR)

    def child(self, path_field: str):
        path = F(path_field)
        return Concat(PathSegment(path, self.depth + 1), Value("/"), PathSegment(path, self.depth + 2))


def groups(roots) -> list[Roots]:
    """The roots grouped by depth (usually one group: provinces, or former communes)."""
    by_depth = {}
    for root in roots:
        by_depth.setdefault(root.path.count("/"), []).append(root.path)
    return [Roots(tuple(paths)) for _depth, paths in sorted(by_depth.items())]
