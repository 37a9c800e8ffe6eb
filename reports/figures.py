"""Registry figures: every figure of a report is defined here, once.

A figure is a set of source rows (the models, yearly reviews, outstanding marks,
recognitions, awards) picked by a Q that depends only on the report window. The same Q gives
both the number on the page (one GROUP BY query per source, `COUNT(*) FILTER (WHERE ...)`)
and the drill-down list of the records behind it, so the two cannot disagree.

Figures are computed as of the window's end from the dates the history gives each model (when it
entered the registry, when it was discontinued: Initiative.approved_at and discontinued_at, kept by
the database from the status history), never from the current status: a model discontinued after
the period still counts as active in it. To change what "effective", "outstanding", "recognised" or
"awards" mean, change its Q below, nothing else. Counting rows equals counting models because the
workflow keeps one recognition in force at a time, and allows one review and one outstanding mark
per model and year.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, BigIntegerField, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import Star
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from models_registry.awards.enums import RecipientKind
from models_registry.awards.models import Award, Outstanding, Recognition, RecognitionLevel
from models_registry.evaluations.enums import ReviewRating
from models_registry.evaluations.models import YearlyReview
from models_registry.initiatives.models import Initiative
from reports.maps import PathSegment, Roots
from reports.periods import Window

NONE = "none"  # the value of a split for rows without it (an award to a person has no unit kind)


class CountRows(Aggregate):
    """COUNT(*) FILTER (WHERE ...). Django refuses Count("*", filter=...), and counting a column
    (Count("id")) makes Postgres read that column, defeating an index-only scan."""

    function = "COUNT"
    name = "CountRows"
    output_field = BigIntegerField()
    empty_result_set_value = 0

    def __init__(self, *, filter):  # noqa: A002 -- Django's name for it
        super().__init__(Star(), filter=filter)


@dataclass(frozen=True)
class Source:
    """A table figures count, and where its rows find their area, unit kind, kind, field and model."""

    model: type
    area_path: str
    unit_kind: Any
    kind: str
    field: str
    initiative: str | None  # lookup of the model (Initiative) a row belongs to; None: the rows are listed themselves
    split: str | None = None  # a further split (recognition level, award recipient kind)

    def dims(self, depth: int) -> dict:
        """The expressions rows are grouped by; `child` is the code of the child area of the scope."""
        dims = {
            "child": PathSegment(F(self.area_path), depth + 2),
            "unit_kind": self.unit_kind if not isinstance(self.unit_kind, str) else F(self.unit_kind),
            "kind": F(self.kind),
            "field_id": F(self.field),
        }
        for name in ("kind", "field_id"):  # the model's own columns are grouped by as they are
            if dims[name].name == name:
                del dims[name]
        if self.split:
            dims["split"] = F(self.split)
        return dims


def _via_initiative(model, **extra) -> Source:
    return Source(
        model=model,
        area_path="initiative__unit__area__path",
        unit_kind="initiative__unit__kind",
        kind="initiative__kind",
        field="initiative__field_id",
        initiative="initiative_id",
        **extra,
    )


# The models themselves: when each entered the registry and was discontinued (Initiative.approved_at and
# discontinued_at, kept by the database from the status history), one row a model.
REGISTRY = Source(
    model=Initiative,
    area_path="unit__area__path",
    unit_kind="unit__kind",
    kind="kind",
    field="field_id",
    initiative="id",
)
REVIEWS = _via_initiative(YearlyReview)
OUTSTANDING = _via_initiative(Outstanding)
RECOGNITIONS = _via_initiative(Recognition, split="level_id")
AWARDS = Source(
    model=Award,
    area_path="area__path",
    unit_kind=Coalesce("unit__kind", "initiative__unit__kind"),
    kind="initiative__kind",
    field="initiative__field_id",
    initiative=None,
    split="award_form__recipient_kind",
)


# The row sets. Each takes the window and returns a Q over its source.
def approval_q(w: Window) -> Q:
    """Models that entered the registry before the window's end: approved (submitted → in progress), or imported
    from an office's old records straight into a registered status."""
    return Q(approved_at__lt=w.until)


def _discontinued_by_end_q(w: Window) -> Q:
    return Q(discontinued_at__lt=w.until)


def _approved_in_window(w: Window) -> Q:
    return Q(approved_at__gte=w.since, approved_at__lt=w.until)


def _discontinued_in_window(w: Window) -> Q:
    return Q(discontinued_at__gte=w.since, discontinued_at__lt=w.until)


def _in_force_at_end_q(w: Window) -> Q:
    """Decided by the end date and not revoked by then, of a model registered by the end."""
    in_force = Q(decided_on__lte=w.end) & (Q(revoked_at__isnull=True) | Q(revoked_at__gte=w.until))
    return in_force & _registered_by_end_q(w)


def _registered_by_end_q(w: Window) -> Q:
    """For rows that belong to a model (reviews, marks, recognitions): the model was registered by the end."""
    return Q(initiative__approved_at__lt=w.until)


def _active_at_end_q(w: Window) -> Q:
    """For rows that belong to a model: the model was registered by the end and not discontinued by then."""
    return _registered_by_end_q(w) & ~Q(initiative__discontinued_at__lt=w.until)


def effective_q(w: Window) -> Q:
    """The review of the period's review year rates the model effective, and the model was active at the end.
    A half-year reads its year's review, written at the year's end; a model registered or stopped after the
    window's end is not counted even when that review rates it (Hà Nội, first half of 2017: 11 effective
    against 8 registered, before this rule)."""
    return Q(year=w.review_year, rating=ReviewRating.EFFECTIVE) & _active_at_end_q(w)


def outstanding_q(w: Window) -> Q:
    """The model was marked outstanding for the period's review year and was registered by the end."""
    return Q(year=w.review_year) & _registered_by_end_q(w)


@dataclass(frozen=True)
class Figure:
    """One figure of the report: its rows, its column group, and its rule (what a row satisfies by the window's end)."""

    key: str
    label: Any
    source: Source
    rows: Any  # Window -> Q
    rule: str  # one line, the figure's rule: README's report section is generated from these
    group: Any = None  # the merged header above its column(s)
    flag: bool = False  # a yes/no column beside each model on the records sheet
    measure: str | None = None  # a lookup to sum instead of counting rows
    minus: tuple[str, str] | None = None  # derived: rows of the first figure's models not in the second's
    hidden: bool = False
    split_total: bool = True  # a split figure (by level, by recipient) also has its total column


MODELS = _("Models and exemplars")
OTHER = _("Outstanding, replicated, discontinued")
RESULTS = _("Measurable results by the model registry (models registered as of the end)")
# The model's measurable results, each summed over the models registered by the end.
RESULT_FIELDS = ("people_reached", "money_mobilised", "land_donated_m2", "works_completed")


def _result_label(name: str):
    return capfirst(Initiative._meta.get_field(name).verbose_name)


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in [
        Figure(
            "registered",
            _("Registered as of the end"),
            REGISTRY,
            approval_q,
            "models approved (or imported as registered) before the window's end, whatever happened to them later",
            MODELS,
        ),
        Figure(
            "new",
            _("New in the period"),
            REGISTRY,
            _approved_in_window,
            "registered models whose approval falls inside the window",
            MODELS,
            flag=True,
        ),
        Figure(
            "active",
            _("Active at the end"),
            REGISTRY,
            None,
            "registered models not discontinued before the window's end",
            MODELS,
            flag=True,
            minus=("registered", "discontinued_by_end"),
        ),
        Figure(
            "discontinued_by_end",
            "",
            REGISTRY,
            _discontinued_by_end_q,
            "models discontinued before the window's end",
            hidden=True,
        ),
        Figure(
            "effective",
            _("Effective"),
            REVIEWS,
            effective_q,
            "models active at the window's end whose yearly review of the period's year rates them effective",
            MODELS,
            flag=True,
        ),
        Figure(
            "recognised_period",
            _("Recognised in the period"),
            RECOGNITIONS,
            lambda w: _in_force_at_end_q(w) & Q(decided_on__gte=w.start),
            "recognitions of registered models decided inside the window and not revoked by its end, by level",
            _("Recognised in the period"),
            flag=True,
        ),
        Figure(
            "recognised_total",
            _("Recognised in total"),
            RECOGNITIONS,
            _in_force_at_end_q,
            "recognitions of registered models decided by the window's end and still in force at it, by level",
            _("Recognised in total"),
        ),
        Figure(
            "outstanding",
            _("Outstanding"),
            OUTSTANDING,
            outstanding_q,
            "models registered by the window's end marked outstanding for the period's year",
            OTHER,
            flag=True,
        ),
        Figure(
            "replicated",
            _("Replicated in the period"),
            REGISTRY,
            lambda w: _approved_in_window(w) & Q(replicated_from__isnull=False),
            "new models (approved inside the window) that replicate another model",
            OTHER,
            flag=True,
        ),
        Figure(
            "discontinued",
            _("Discontinued in the period"),
            REGISTRY,
            _discontinued_in_window,
            "registered models discontinued inside the window",
            OTHER,
            flag=True,
        ),
        Figure(
            "awards",
            _("Awards in the period"),
            AWARDS,
            lambda w: Q(decided_on__gte=w.start, decided_on__lte=w.end),
            "awards decided inside the window, to units, models or people of the area, by recipient",
            _("Awards in the period"),
            split_total=False,
        ),
        *[
            Figure(
                name,
                _result_label(name),
                REGISTRY,
                approval_q,
                f"the models' recorded {name.replace('_', ' ').removesuffix(' m2')}, summed over the models registered"
                " by the window's end",
                RESULTS,
                measure=name,
            )
            for name in RESULT_FIELDS
        ],
    ]
}
SOURCES = [REGISTRY, REVIEWS, OUTSTANDING, RECOGNITIONS, AWARDS]
DERIVED = [f for f in FIGURES.values() if f.minus]
# The figures shown as yes/no columns beside each model on the records sheet.
FLAG_FIGURES = [f for f in FIGURES.values() if f.flag]


@dataclass(frozen=True)
class Filters:
    """Narrowing of a whole report page: one kind (model / exemplar) and/or one field."""

    kind: str | None = None
    field_id: int | None = None


@dataclass(frozen=True)
class Cell:
    """Which part of the cube a figure is read from (None: all)."""

    child: str | None = None  # child area code; "" for rows directly in the scope area
    unit_kind: str | None = None
    kind: str | None = None
    field_id: str | None = None

    def as_q(self) -> Q:
        q = Q()
        for name in ("child", "unit_kind", "kind", "field_id"):
            value = getattr(self, name)
            if value is None:
                continue
            q &= Q(**{f"{name}__isnull": True}) if value == NONE else Q(**{name: value})
        return q


def scope_depth(scope) -> int:
    """How many levels the scope area is below the root (0 for the whole country)."""
    return 0 if scope is None else len(scope.path.strip("/").split("/"))


# What a cube's cells are keyed by: the child area, the unit kind, the kind (model or exemplar) and the field.
AXES = ("child", "unit_kind", "kind", "field_id")


def _rows(source: Source, scope, filters: Filters, *, axes=AXES) -> QuerySet:
    """The source's rows in the scope, annotated with the dimensions they are grouped by; without the child area or
    the unit kind among the `axes`, no join to units and areas for them (kind and field are annotated whatever the
    axes: the filters and the split name them)."""
    dims = source.dims(scope_depth(scope))
    if isinstance(scope, Roots):  # several roots of a report's map (reports.maps): child is "ROOT/CHILD"
        dims["child"] = scope.child(source.area_path)
    dims = {name: value for name, value in dims.items() if name in axes or name not in ("child", "unit_kind")}
    qs = source.model.objects.annotate(**dims)
    if isinstance(scope, Roots):
        qs = qs.filter(scope.q(source.area_path))
    elif scope is not None:
        qs = qs.filter(**{f"{source.area_path}__startswith": scope.path})
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    return qs


def _aggregate(figure: Figure, window: Window):
    if figure.measure:
        return Coalesce(Sum(figure.measure, filter=figure.rows(window)), 0)
    return CountRows(filter=figure.rows(window))


def _base(source: Source, window: Window) -> Q:
    """What a source's query reads at all (the union of its figures' rows), so the index narrows it first."""
    if source is REGISTRY:  # every model figure reads models registered by the end (a discontinued one was registered)
        return approval_q(window)
    q = Q()
    for i, figure in enumerate(f for f in FIGURES.values() if f.source is source and f.rows):
        q = figure.rows(window) if i == 0 else q | figure.rows(window)
    return q


@dataclass
class Cube:
    """Figure values by (child, unit_kind, kind, field_id); keys are column keys ("recognised_period:3")."""

    cells: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, dims: tuple, values: dict) -> None:
        cell = self.cells[dims]
        for key, value in values.items():
            cell[key] += value or 0

    def project(self, axis: str | None) -> dict:
        """Sums by one dimension ("child", "unit_kind", "kind", "field_id"), or the grand total for None."""
        index = {"child": 0, "unit_kind": 1, "kind": 2, "field_id": 3}
        sums = defaultdict(lambda: defaultdict(int))
        for dims, values in self.cells.items():
            key = dims[index[axis]] if axis else None
            for name, value in values.items():
                sums[key][name] += value
        for values in sums.values():
            for figure in DERIVED:
                first, second = figure.minus
                values[figure.key] = values.get(first, 0) - values.get(second, 0)
        return sums


def compute(scope, window: Window, filters: Filters = Filters(), sources=None, *, axes=AXES) -> Cube:  # noqa: B008 -- frozen dataclass
    """All figures of a scope (an Area, or None for the country) for a window: one query per source. Rows are grouped
    by the `axes` only (a subset of AXES), so only the cube's projections on those are right: () for the grand total
    alone (the comparison with the year before), ("child",) for the figures by area (the dashboard's chart)."""
    cube = Cube()
    for source in sources or SOURCES:
        figures = [f for f in FIGURES.values() if f.source is source and f.rows]
        dims = [axis for axis in AXES if axis in axes]
        dims += ["split"] if source.split else []
        whole = {} if dims else {"whole": Value(0)}  # grouped by nothing: a constant, so the rows still come as one
        rows = (
            _rows(source, scope, filters, axes=axes)
            .filter(_base(source, window))
            .values(*dims, **whole)
            .annotate(**{f.key: _aggregate(f, window) for f in figures})
            .order_by()
        )
        for row in rows:
            key = (
                row.get("child", NONE),
                row.get("unit_kind") or NONE,
                row.get("kind") or NONE,
                str(row.get("field_id") or NONE),
            )
            values = {f.key: row[f.key] for f in figures}
            if source.split:
                values.update({f"{f.key}:{row['split']}": row[f.key] for f in figures})
            cube.add(key, values)
    return cube


def parse_column(column: str) -> tuple[Figure, str | None]:
    """'recognised_period:3' → (the figure, "3"); raises KeyError for an unknown figure."""
    key, _sep, split = column.partition(":")
    figure = FIGURES[key]
    if figure.hidden or (split and not figure.source.split):
        raise KeyError(column)
    return figure, split or None


def records(column: str, scope, window: Window, filters: Filters = Filters(), cell: Cell = Cell()) -> QuerySet:  # noqa: B008
    """The records behind one figure of one cell: Initiatives, or Awards for award figures."""
    figure, split = parse_column(column)
    return _records(figure, split, scope, window, filters, cell)


def _records(figure: Figure, split, scope, window: Window, filters: Filters, cell: Cell) -> QuerySet:
    if figure.minus:
        first, second = (_records(FIGURES[key], None, scope, window, filters, cell) for key in figure.minus)
        return first.exclude(pk__in=second.values("pk"))
    rows = _source_rows(figure, split, scope, window, filters, cell)
    if figure.source.initiative is None:
        return figure.source.model.objects.filter(pk__in=rows.values("pk"))
    return Initiative.objects.filter(pk__in=rows.values(figure.source.initiative))


def _source_rows(figure: Figure, split, scope, window: Window, filters: Filters, cell: Cell) -> QuerySet:
    rows = _rows(figure.source, scope, filters).filter(figure.rows(window), cell.as_q())
    return rows.filter(split=split) if split else rows


def rows_behind(column: str, scope, window: Window, filters: Filters = Filters(), cell: Cell = Cell()) -> QuerySet:  # noqa: B008
    """The source rows (history, recognitions...) one figure counts; not for derived figures."""
    figure, split = parse_column(column)
    return _source_rows(figure, split, scope, window, filters, cell)


@dataclass(frozen=True)
class FigureColumn:
    key: str
    label: Any
    group: Any
    is_sum: bool = False


def columns(levels=None) -> list[FigureColumn]:
    """The report's columns in order, grouped for the merged two-row header, built from FIGURES."""
    levels = list(RecognitionLevel.objects.all()) if levels is None else levels
    cols = []
    for figure in FIGURES.values():
        if figure.hidden:
            continue
        if figure.source.split:
            cols += [
                FigureColumn(f"{figure.key}:{value}", label, figure.group) for value, label in _splits(figure.source, levels)
            ]
            if figure.split_total:
                cols.append(FigureColumn(figure.key, pgettext_lazy("sum", "Total"), figure.group))
        else:
            cols.append(FigureColumn(figure.key, figure.label, figure.group, is_sum=bool(figure.measure)))
    return cols


def _splits(source: Source, levels) -> list[tuple[Any, Any]]:
    """The values a split figure's columns stand for: recognition levels, or award recipient kinds."""
    if source is RECOGNITIONS:
        return [(level.pk, level.name) for level in levels]
    return list(RecipientKind.choices)


def header_groups(cols: list[FigureColumn]) -> list[tuple[Any, int]]:
    """(group label, number of columns) in order, for the first header row."""
    groups: list[tuple[Any, int]] = []
    for col in cols:
        if groups and groups[-1][0] == col.group:
            groups[-1] = (col.group, groups[-1][1] + 1)
        else:
            groups.append((col.group, 1))
    return groups


def rules_markdown() -> str:
    """README's list of what each figure counts, one line each, generated from FIGURES."""
    with translation.override("vi"):
        lines = [f"- `{f.key}` — {f.label}: {f.rule}." for f in FIGURES.values() if not f.hidden]
    return "\n".join(lines) + "\n"
