"""The area scope of each user: the one place that says which areas a user may see.

An office sees its own area's subtree and the subtrees of its predecessors (areas it took over on 01/07/2025),
followed through the succession links (AreaLink) and their predecessors in turn:
- a whole link is always followed: a province sees the whole trees of the former provinces merged into it
  (Tây Ninh sees the former Long An and the former Tây Ninh), a đặc khu the island district it replaced;
- a part link is followed between areas of the same level: a commune sees every former commune it took over,
  whole or part (a divided former commune is seen by each commune that received part of it);
- a part link between levels is not followed: a commune that took some wards of a former district does not
  see the rest of the district (its other wards went to other communes), nor the units at district level,
  which the province sees.
The scope is computed once per request (cached on the user) and filters with an OR of path prefixes, so no
query grows with the number of predecessors.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from models_registry.units.models import province_path_of

# "id path" of every predecessor of the area {start} reached through followed links, recursively: one statement,
# however many predecessors there are. {start} is a bound parameter or the office's area of the user row. Each step
# carries its area's path, read by id as the step is taken: joining the areas again afterwards made Postgres hash
# all 14,000 of them on every request (15 ms at national scale; now 0.1 ms).
INHERITED_SQL = """
ARRAY(
    WITH RECURSIVE reached(id, path) AS (
        SELECT ({start})::bigint, NULL::varchar
        UNION
        SELECT link.predecessor_id, before.path
        FROM units_arealink link
        JOIN reached ON link.successor_id = reached.id
        JOIN units_area before ON before.id = link.predecessor_id
        JOIN units_area after ON after.id = link.successor_id
        WHERE link.kind = 'whole' OR before.level = after.level
    )
    SELECT id::text || ' ' || path FROM reached WHERE id <> ({start})::bigint ORDER BY path
)
"""
OFFICE_AREA_OF_USER = 'SELECT office.area_id FROM accounts_office office WHERE office.id = "accounts_user"."office_id"'
# The province that answers today for the office's area (Initiative.province_path): the first step of its path, or
# the province that step (a merged former province) joined.
ANSWERING_PROVINCE_OF_USER = """
SELECT COALESCE(
    (SELECT successor.path FROM units_arealink link
     JOIN units_area former ON former.id = link.predecessor_id
     JOIN units_area successor ON successor.id = link.successor_id
     WHERE former.parent_id IS NULL AND successor.parent_id IS NULL AND former.path = top.path LIMIT 1),
    top.path)
FROM (
    SELECT '/' || split_part(area.path, '/', 2) || '/' AS path
    FROM accounts_office office JOIN units_area area ON area.id = office.area_id
    WHERE office.id = "accounts_user"."office_id"
) top
"""


class Root(NamedTuple):
    """An area whose subtree is in scope, by id and materialised path."""

    pk: int
    path: str


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything, nothing, or the subtrees of `area` (their office's) and `inherited`."""

    everything: bool = False
    area: object = None  # the office's own Area
    inherited: tuple[Root, ...] = field(default=())  # its predecessors, by path
    province: str = ""  # the province that answers today for the area ("/P80/" for Kiến Tường): Initiative.province_path

    @property
    def nothing(self) -> bool:
        return not self.everything and self.area is None

    @property
    def roots(self) -> tuple[Root, ...]:
        """The subtree roots, none inside another: the own area and the inherited ones not already under a root."""
        areas = [Root(self.area.pk, self.area.path), *self.inherited] if self.area else []
        roots = []
        for area in sorted(areas, key=lambda a: (len(a.path), a.path)):
            if not any(area.path.startswith(root.path) for root in roots):
                roots.append(area)
        return tuple(roots)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(root.path for root in self.roots)

    def path_q(self, path_field: str = "path") -> Q:
        """Rows whose `path_field` (a materialised path) lies in the scope."""
        if self.everything:
            return Q()
        if self.nothing:
            return Q(pk__in=[])
        return Q(*[Q(**{f"{path_field}__startswith": path}) for path in self.paths], _connector=Q.OR)

    def q(self, area_field: str = "area") -> Q:
        """Rows whose `area_field` (a foreign key to Area) lies in the scope."""
        return self.path_q(f"{area_field}__path")

    def contains(self, area) -> bool:
        if self.everything:
            return True
        return area is not None and any(area.path.startswith(path) for path in self.paths)

    def is_inherited(self, area) -> bool:
        """Whether the area is seen only through a predecessor (a former place, not under the office's own area)."""
        return not self.everything and self.contains(area) and not area.path.startswith(self.area.path)


EVERYTHING = Scope(everything=True)
NOTHING = Scope()


def _roots(rows) -> tuple[Root, ...]:
    return tuple(Root(int(pk), path) for pk, path in (row.split(" ", 1) for row in rows or ()))


def inherited_of(area) -> tuple[Root, ...]:
    """The predecessors whose subtrees `area` inherits, through the links the module docstring says are followed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + INHERITED_SQL.format(start="%s"), [area.pk, area.pk])
        return _roots(cursor.fetchone()[0])


def with_inherited(users):
    """Users annotated with their office's inherited roots and answering province, so that scope_for needs no
    query of its own."""
    inherited = RawSQL(INHERITED_SQL.format(start=OFFICE_AREA_OF_USER), [])  # noqa: S611 -- constant SQL
    province = RawSQL(f"({ANSWERING_PROVINCE_OF_USER})", [])  # noqa: S611 -- constant SQL
    return users.annotate(scope_inherited=inherited, scope_province=province, scope_office_id=F("office_id"))


def scope_for(user) -> Scope:
    """The user's Scope, computed once and kept on the user object (one request) while office and role stay.
    A user loaded by the authentication backend (with_inherited) brings its inherited roots along."""
    key = (user.is_administrator, user.office_id)
    cached = getattr(user, "_dvk_scope", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    if user.is_administrator:
        scope = EVERYTHING
    elif not user.office_id:
        scope = NOTHING
    else:
        area = user.office.area
        if getattr(user, "scope_office_id", None) == user.office_id:
            scope = Scope(area=area, inherited=_roots(user.scope_inherited), province=user.scope_province)
        else:
            scope = Scope(area=area, inherited=inherited_of(area), province=province_path_of(area))
    user._dvk_scope = (key, scope)
    return scope


def scope_area(user):
    """The root of the user's own area subtree, or None when the user sees the whole country, False for nothing.
    What the user may see also includes inherited subtrees: filter with area_q / scope_for, not with this."""
    if user.is_administrator:
        return None
    return user.office.area if user.office_id else False


def area_q(user, area_field: str = "area") -> Q:
    """A filter that keeps rows whose `area_field` lies in the user's scope (own and inherited subtrees)."""
    return scope_for(user).q(area_field)


def in_scope(user, area) -> bool:
    """Whether an area lies inside the user's scope (own or inherited subtree)."""
    return scope_for(user).contains(area)


def scope_key(user) -> str:
    """A key shared by exactly the users who see the same areas: their office (whose area makes the scope) and
    their role. Caches of what depends on the scope (the filter panel, the navigation badge) are keyed by it."""
    role = "administrator" if user.is_administrator else user.role
    return f"office-{user.office_id or 0}-{role}"


# ---------------------------------------------------------------- what each role may do
# Views, templates and the navigation ask these (or the app access modules built on them), never the role itself:
# a new role is its enum member, its row in accounts.models' role properties and these predicates.


def can_register(user) -> bool:
    """District officers and province staff register and edit units, models and awards inside their area."""
    return user.can_edit_registry


def can_edit_in_area(user, area) -> bool:
    """Whether the user may create or change a registry record that lies in this area."""
    return can_register(user) and in_scope(user, area)


def can_review_models(user) -> bool:
    """Province staff of a working office review, score and recognise models, decide awards and manage report
    periods; an ended office (a former province's) reads its past."""
    return user.is_province_staff and user.works


def can_oversee(user) -> bool:
    """Administrators, province staff and leaders see the overview: the dashboard's charts and the report tracker."""
    return user.is_administrator or user.is_province_staff or user.is_leader


def can_administer(user) -> bool:
    """Administrators (and superusers) keep the reference data in the admin site."""
    return user.is_administrator


def can_report(user) -> bool:
    """District officers fill their own office's period report (the province consolidates instead)."""
    return user.is_officer and user.office_id is not None
