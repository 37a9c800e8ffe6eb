"""The public showcase: its filters, header totals and cached pages (what it may show is access.showcase_initiatives).

Pages are cached per query under the number of ShowcaseVersion, which grows in the same transaction as every
change the showcase shows: a recognition made or revoked, a recognised model moved on, a photo made public.
"""

from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from danvan.collation import sort_key
from danvan.search import normalise_text, search_q
from models_registry.awards.models import Recognition, RecognitionLevel
from models_registry.initiatives.access import showcase_initiatives
from models_registry.initiatives.models import Field, Initiative, ShowcaseVersion
from models_registry.units.enums import AreaLevel, UnitKind
from models_registry.units.models import Area, AreaLink

CACHE_SECONDS = 600
PER_PAGE = 18
YEARS = range(2010, 2101)


def bump_version() -> None:
    """Say that what the showcase shows has changed; call inside the transaction that changes it."""
    if not ShowcaseVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ShowcaseVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def current_version() -> int:
    return ShowcaseVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def cached(key: str, version: int, build):
    """The cached value of `key` for this showcase version and language, built by `build()` on a miss."""
    return cache.get_or_set(f"showcase:{version}:{get_language()}:{key}", build, CACHE_SECONDS)


@dataclass(frozen=True)
class ShowcaseQuery:
    """The showcase's filters as read from the URL; anything unknown is dropped, never an error."""

    province: str = ""
    field: str = ""
    level: str = ""
    year: int | None = None
    unit_kind: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_get(cls, params, choices: "Choices") -> "ShowcaseQuery":
        def pick(name, allowed):
            value = params.get(name, "")
            return value if value in allowed else ""

        year = params.get("year", "")
        page = params.get("page", "")
        return cls(
            province=pick("province", choices.provinces),
            field=pick("field", choices.fields),
            level=pick("level", choices.levels),
            year=int(year) if year.isascii() and year.isdigit() and int(year) in YEARS else None,
            unit_kind=pick("unit_kind", dict(UnitKind.choices)),
            q=normalise_text(params.get("q", ""))[:200],
            page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    def params(self, **changes) -> dict:
        values = {field.name: getattr(replace(self, **changes), field.name) for field in fields(self)}
        return {name: value for name, value in values.items() if value not in ("", None) and (name, value) != ("page", 1)}

    def url(self, **changes) -> str:
        return "?" + urlencode(self.params(**changes)) if self.params(**changes) else "?"

    @property
    def key(self) -> str:
        return urlencode(sorted(self.params().items()))

    @property
    def active_count(self) -> int:
        return len([name for name in self.params() if name != "page"])


@dataclass(frozen=True)
class Choices:
    """The filter choices: current provinces (each standing for itself and the former provinces merged into it),
    fields and recognition levels; code -> name, in Vietnamese order."""

    provinces: dict
    fields: dict
    levels: dict
    province_paths: dict  # current province code -> its path and its predecessors' paths

    @classmethod
    def load(cls) -> "Choices":
        provinces = Area.objects.filter(level=AreaLevel.PROVINCE, valid_to__isnull=True, parent__isnull=True)
        former = AreaLink.objects.filter(predecessor__level=AreaLevel.PROVINCE, successor__level=AreaLevel.PROVINCE)
        former = former.values_list("successor__code", "predecessor__path")
        paths = {area.code: [area.path] for area in provinces}
        for code, path in former:
            if code in paths and path not in paths[code]:
                paths[code].append(path)
        return cls(
            provinces=_sorted({area.code: area.name for area in provinces}),
            fields={field.code: field.name for field in Field.objects.filter(is_active=True)},
            levels={level.code: level.name for level in RecognitionLevel.objects.all()},
            province_paths=paths,
        )


def _sorted(names: dict) -> dict:
    return dict(sorted(names.items(), key=lambda item: sort_key(item[1])))


def showcase_rows(query: ShowcaseQuery, choices: Choices) -> QuerySet[Initiative]:
    """The showcase's models for this query, newest recognition first, with their replication count."""
    rows = showcase_initiatives()
    if query.province:
        rows = rows.filter(province_path__in=choices.province_paths[query.province])
    if query.field:
        rows = rows.filter(field__code=query.field)
    if query.unit_kind:
        rows = rows.filter(unit__kind=query.unit_kind)
    if query.level or query.year:
        decision = Q(initiative=OuterRef("pk"), revoked_at__isnull=True)
        if query.level:
            decision &= Q(level__code=query.level)
        if query.year:
            decision &= Q(decided_on__year=query.year)
        rows = rows.filter(Exists(Recognition.objects.filter(decision)))
    if query.q:
        rows = rows.filter(search_q(["name", "content_method", "unit__name"], query.q))
    return rows.annotate(replication_count=replication_count()).order_by("-status_changed_at", "-pk")


def replication_count():
    """How many models were copied from this one (its replications that left the draft stage)."""
    copies = (
        Initiative.objects.filter(replicated_from=OuterRef("pk"))
        .exclude(status="draft")
        .order_by()
        .values("replicated_from")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(copies, output_field=IntegerField()), Value(0))


def totals() -> dict:
    """The header's figures: recognised models on show and how often they were replicated."""
    shown = showcase_initiatives().order_by()
    copies = Initiative.objects.filter(replicated_from__in=shown.values("pk")).exclude(status="draft")
    return {"models": shown.count(), "replications": copies.count()}


def province_names() -> dict:
    """Every province's path -> name, former ones included: a card names its province without a join."""
    return dict(Area.objects.filter(level=AreaLevel.PROVINCE).values_list("path", "name"))
