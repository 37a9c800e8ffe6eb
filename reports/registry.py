"""The registry report of a scope and period: the figures of figures.py laid out as tables.

One structure feeds the page, the Excel file and the snapshot frozen into a submitted report,
so all three show the same numbers. It is plain data (strings, ints, dicts) so that it can be
stored as JSON and rebuilt from it.
"""

from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from danvan.collation import ViSortKey, sort_key
from danvan.places import former_note
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field
from models_registry.units.enums import UnitKind
from models_registry.units.models import Area
from reports import figures, maps
from reports.models import FrozenFigures
from reports.periods import Window


@dataclass
class Row:
    label: str
    values: dict
    params: dict = field(default_factory=dict)  # the cell's drill-down parameters (child, unit_kind, kind, field)
    note: str = ""  # e.g. "legacy" for a district abolished in 2025
    area_id: int | None = None  # a child area one can drill into
    depth: int = 0  # 1 for an area listed under a predecessor row (Kiến Tường under the former Long An)
    cells: list = field(default_factory=list)  # on a page: (value, drill-down URL, column) per column (views.link_cells)

    @property
    def is_empty(self) -> bool:
        return not any(self.values.values())


@dataclass
class FigureTable:
    key: str
    title: str
    first_header: str
    rows: list[Row]
    total: Row


@dataclass
class Report:
    scope_id: int | None
    scope_name: str
    period_id: int
    start: str
    end: str
    columns: list[dict]
    tables: list[FigureTable]
    comparison: list[dict]
    filters: dict = field(default_factory=dict)
    computed_at: str = ""

    @property
    def groups(self) -> list[tuple[str, int]]:
        return [(str(label), span) for label, span in figures.header_groups([figures.FigureColumn(**c) for c in self.columns])]

    def header(self) -> tuple[list[tuple[str, int, int]], list[str]]:
        """The two header rows: (label, colspan, rowspan) of the groups, then the labels under them.
        A group of one column labelled like its group spans both rows."""
        first, second, index = [], [], 0
        for label, span in self.groups:
            columns = self.columns[index : index + span]
            if span == 1 and columns[0]["label"] == label:
                first.append((label, 1, 2))
            else:
                first.append((label, span, 1))
                second += [c["label"] for c in columns]
            index += span
        return first, second

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        tables = [FigureTable(**{**t, "rows": [Row(**r) for r in t["rows"]], "total": Row(**t["total"])}) for t in data["tables"]]
        return cls(**{**data, "tables": tables})


def window_of(period) -> Window:
    return Window(period.start, period.end, period.review_year)


def child_areas(scope, window: Window | None = None, holding=frozenset()) -> list[Area]:
    """Direct children of the scope, current ones first; with a window, only those that existed during it (the map
    of the period: a 2017 report lists the districts of 2017, a second-half 2025 one today's communes), and those
    whose code is in `holding` (areas that hold figures of the period although it is not theirs: a unit left in a
    former district, counted in a 2026 report, is a row of its own, so rows always add up to the total)."""
    children = Area.objects.filter(parent=scope) if scope is not None else Area.objects.filter(parent__isnull=True)
    if window is not None:
        children = [a for a in children if maps.existed(a, window.start, window.end) or a.code in holding]
    return sorted(children, key=lambda a: (not a.is_current, sort_key(a.name)))


def on_map(scope, roots: list) -> bool:
    """Whether a report is drawn over its period's roots rather than the scope itself (reports.maps)."""
    return not (len(roots) == 1 and roots[0] is scope)


def _compute(scope, roots: list, window: Window, filters: figures.Filters, *, axes=figures.AXES) -> figures.Cube:
    """The figures of the scope, or of the period's roots standing in for it (one query per source and root depth),
    grouped by the `axes` (figures.compute)."""
    if not on_map(scope, roots):
        return figures.compute(scope, window, filters, axes=axes)
    cube = figures.Cube()
    for group in maps.groups(roots):
        for dims, values in figures.compute(group, window, filters, axes=axes).cells.items():
            cube.add(dims, values)
    return cube


def _map_entries(roots: list, by_child: dict, window: Window) -> list:
    """Rows of a report over several roots: each root (a predecessor in force during the period) with its total,
    then what lies directly in it, then its children of the period, one level in."""
    children = {}
    for child in Area.objects.filter(parent__in=roots).select_related("parent"):
        if maps.existed(child, window.start, window.end) or _holds(by_child.get(f"{child.parent.code}/{child.code}")):
            children.setdefault(child.parent_id, []).append(child)
    entries = []
    for root in sorted(roots, key=lambda a: (not a.is_current, sort_key(a.name), a.path)):
        prefix = f"{root.code}/"
        total = {}
        for key, values in by_child.items():
            if key and key.startswith(prefix):
                for name, value in values.items():
                    total[name] = total.get(name, 0) + value
        by_child[root.code] = total
        entries.append((root.code, root.typed_name, {"area": root.pk}, former_note(root), root.pk, 0))
        if by_child.get(prefix):
            entries.append(
                (prefix, _("%(area)s (directly)") % {"area": root.name}, {"area": root.pk, "child": root.pk}, "", None, 1)
            )
        for child in sorted(children.get(root.pk, []), key=lambda a: (not a.is_current, sort_key(a.name))):
            entries.append((prefix + child.code, child.typed_name, {"area": child.pk}, former_note(child), child.pk, 1))
    return entries


def _values(sums: dict, columns: list[figures.FigureColumn]) -> dict:
    return {c.key: int(sums.get(c.key, 0)) for c in columns}


def _table(key, title, first_header, cube_axis: dict, entries, columns, total) -> FigureTable:
    """entries: (cube key, label, params, note, area_id[, depth]) in display order; rows without figures are kept
    (zeros): the page hides them behind a switch, files keep them."""
    rows = [
        Row(
            label=str(label),
            values=_values(cube_axis.get(k, {}), columns),
            params=params,
            note=note,
            area_id=area_id,
            depth=depth[0] if depth else 0,
        )
        for k, label, params, note, area_id, *depth in entries
    ]
    return FigureTable(key=key, title=str(title), first_header=str(first_header), rows=rows, total=total)


def _area_entries(scope, children, by_child):
    entries = []
    if by_child.get(""):
        name = scope.name if scope is not None else _("Nationwide")
        entries.append(("", _("%(area)s (directly)") % {"area": name}, {"child": scope.pk if scope else ""}, "", None))
    for area in children:
        entries.append((area.code, area.typed_name, {"child": area.pk}, former_note(area), area.pk))
    return entries


def _optional_none(axis: dict, entries: list, label: str, param: str) -> list:
    if figures.NONE in axis:
        entries.append((figures.NONE, label, {param: figures.NONE}, "", None))
    return entries


def _split_entries(choices, param: str, none_label):
    """Entries of a table by a split: one row per choice, and a row for records without it when there are any."""

    def entries(_report_map, axis: dict) -> list:
        rows = [(str(value), label, {param: value}, "", None) for value, label in choices()]
        return _optional_none(axis, rows, none_label(), param)

    return entries


@dataclass(frozen=True)
class Axis:
    """One table of the report: the cube's dimension it projects on and the rows it lists."""

    key: str
    title: object
    first_header: object
    dimension: str
    entries: object  # (ReportMap, projected cube) -> [(cube key, label, params, note, area_id[, depth])]


AXES = [
    Axis("area", _lazy("By area"), _lazy("Area"), "child", lambda on, axis: _by_area(on.scope, on.roots, axis, on.window)),
    Axis(
        "unit_kind",
        _lazy("By unit kind"),
        _lazy("Unit kind"),
        "unit_kind",
        _split_entries(lambda: UnitKind.choices, "unit_kind", lambda: _("Individuals (no unit)")),
    ),
    Axis(
        "kind",
        _lazy("By kind"),
        _lazy("Kind"),
        "kind",
        _split_entries(lambda: InitiativeKind.choices, "kind", lambda: _("Awards to units and people")),
    ),
    Axis(
        "field",
        _lazy("By field"),
        _lazy("Field"),
        "field_id",
        _split_entries(lambda: [(f.pk, f.name) for f in Field.objects.all()], "field", lambda: _("No field")),
    ),
]


@dataclass(frozen=True)
class ReportMap:
    """What a report's tables are drawn over: its scope, the period's roots standing in for it, and the window."""

    scope: object
    roots: list
    window: Window


def _axis_table(axis: Axis, on: ReportMap, cube: figures.Cube, columns, total: Row) -> FigureTable:
    projected = cube.project(axis.dimension)
    return _table(axis.key, axis.title, axis.first_header, projected, axis.entries(on, projected), columns, total)


def build(scope, period, filters: figures.Filters = figures.Filters(), predecessors=()) -> Report:  # noqa: B008
    """The registry report of a scope for a period on the map of the period, with the comparison to the same period
    a year earlier. `predecessors`: the areas the scope took over; those in force during the period stand in for
    the scope when it did not exist yet (reports.maps)."""
    window = window_of(period)
    columns = figures.columns()
    roots = maps.period_roots(scope, predecessors, window.start, window.end) if scope is not None else [None]
    cube = _compute(scope, roots, window, filters)
    total = Row(label=pgettext("sum", "Total"), values=_values(cube.project(None).get(None, {}), columns))
    tables = [_axis_table(axis, ReportMap(scope, roots, window), cube, columns, total) for axis in AXES]
    before = window.year_before()
    previous_roots = maps.period_roots(scope, predecessors, before.start, before.end) if scope is not None else [None]
    previous = _compute(scope, previous_roots, before, filters, axes=()).project(None).get(None, {})
    comparison = [
        {"key": c.key, "label": f"{c.group} — {c.label}", "current": total.values[c.key], "previous": int(previous.get(c.key, 0))}
        for c in columns
    ]
    for line in comparison:
        line["difference"] = line["current"] - line["previous"]
    return Report(
        scope_id=scope.pk if scope is not None else None,
        scope_name=scope.name if scope is not None else _("Nationwide"),
        period_id=period.pk,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        columns=[{"key": c.key, "label": str(c.label), "group": str(c.group), "is_sum": c.is_sum} for c in columns],
        tables=tables,
        comparison=comparison,
        filters={"kind": filters.kind or "", "field": filters.field_id or ""},
        computed_at=timezone.now().isoformat(),
    )


def _by_area(scope, roots: list, by_child: dict, window: Window) -> list:
    if on_map(scope, roots):
        return _map_entries(roots, by_child, window)
    holding = frozenset(key for key, values in by_child.items() if _holds(values))
    return _area_entries(scope, child_areas(scope, window, holding), by_child)


def _holds(values) -> bool:
    return bool(values) and any(values.values())


def records_scope(scope, predecessors, window: Window):
    """What the records behind a report's figure are read from: the scope, or its period's roots together."""
    roots = maps.period_roots(scope, predecessors, window.start, window.end) if scope is not None else [None]
    return maps.Roots(tuple(root.path for root in roots)) if on_map(scope, roots) else scope


@dataclass
class RecordSheet:
    initiatives: list
    flags: dict  # figure key -> set of initiative pks
    levels: dict  # initiative pk -> name of the recognition level in force at the end
    awards: list


def record_sheet(scope, period, filters: figures.Filters = figures.Filters(), predecessors=()) -> RecordSheet:  # noqa: B008
    """The records behind a report's figures: models registered by the end (with their flags) and awards of the
    period; on the period's map (the predecessors that stood in for the scope then)."""
    window = window_of(period)
    scope = records_scope(scope, predecessors, window)
    flags = {
        key: set(figures.records(key, scope, window, filters).values_list("pk", flat=True))
        for key in (f.key for f in figures.FLAG_FIGURES)
    }
    levels = dict(figures.rows_behind("recognised_total", scope, window, filters).values_list("initiative_id", "level__name"))
    initiatives = (
        figures.records("registered", scope, window, filters)
        .select_related("unit__area", "field")
        .order_by("unit__area__path", ViSortKey("name"), "pk")
    )
    awards = (
        figures.records("awards", scope, window, filters)
        .select_related("award_form", "area", "unit", "initiative")
        .order_by("decided_on", "pk")
    )
    return RecordSheet(list(initiatives), flags, levels, list(awards))


def frozen_scopes(period) -> list:
    """The scopes whose report a locked period keeps: its own area (or the country) and the areas one level below,
    the reports that read the most rows. Deeper areas are small and computed as before."""
    root = period.area
    children = Area.objects.filter(parent=root) if root is not None else Area.objects.filter(parent__isnull=True)
    return [root, *children.filter(children__isnull=False).distinct()]


def freeze(period) -> int:
    """Write the period's figures for each frozen scope (the caller holds the transaction); how many were written."""
    rows = [FrozenFigures(period=period, area=scope, report=build(scope, period).to_json()) for scope in frozen_scopes(period)]
    FrozenFigures.objects.bulk_create(rows)
    return len(rows)


def served(scope, period, filters: figures.Filters = figures.Filters(), predecessors=()) -> Report:  # noqa: B008
    """The report a page, an export or a consolidation shows: a locked period's frozen figures when it has them
    for this scope (and no kind or field filter narrows it, and no predecessor stands in for the scope: frozen
    reports are drawn over the scope itself), otherwise computed now on the map of the period."""
    if period.is_locked and filters == figures.Filters() and not predecessors:
        frozen = period.frozen_figures.filter(area=scope).values_list("report", flat=True).first()
        if frozen is not None:
            return Report.from_json(frozen)
    return build(scope, period, filters, predecessors)
