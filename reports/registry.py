"""The registry report of a scope and period: the figures of figures.py laid out as tables.

One structure feeds the page, the Excel file and the snapshot frozen into a submitted report,
so all three show the same numbers. It is plain data (strings, ints, dicts) so that it can be
stored as JSON and rebuilt from it.
"""

from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.collation import ViSortKey, sort_key
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field
from models_registry.units.enums import UnitKind
from models_registry.units.models import Area
from reports import figures, maps
from reports.periods import Window


@dataclass
class Row:
    label: str
    values: dict
    params: dict = field(default_factory=dict)  # the cell's drill-down parameters (child, unit_kind, kind, field)
    note: str = ""  # e.g. "legacy" for a district abolished in 2025
    area_id: int | None = None  # a child area one can drill into
    depth: int = 0  # 1 for an area listed under a predecessor row (Kiến Tường under the former Long An)

    @property
    def is_empty(self) -> bool:
        return not any(self.values.values())


@dataclass
class Table:
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
    tables: list[Table]
    comparison: list[dict]
    filters: dict = field(default_factory=dict)
    computed_at: str = ""

    @property
    def groups(self) -> list[tuple[str, int]]:
        return [(str(label), span) for label, span in figures.header_groups([figures.Column(**c) for c in self.columns])]

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
        tables = [Table(**{**t, "rows": [Row(**r) for r in t["rows"]], "total": Row(**t["total"])}) for t in data["tables"]]
        return cls(**{**data, "tables": tables})


def window_of(period) -> Window:
    return Window(period.start, period.end, period.review_year)


def child_areas(scope, window: Window | None = None) -> list[Area]:
    """Direct children of the scope, current ones first; with a window, only those that existed during it (the map
    of the period: a 2017 report lists the districts of 2017, a second-half 2025 one today's communes)."""
    children = Area.objects.filter(parent=scope) if scope is not None else Area.objects.filter(parent__isnull=True)
    if window is not None:
        children = [a for a in children if maps.existed(a, window.start, window.end)]
    return sorted(children, key=lambda a: (not a.is_current, sort_key(a.name)))


def _note(area) -> str:
    return _("legacy, until %(date)s") % {"date": area.valid_to.strftime("%d/%m/%Y")} if area.valid_to else ""


def on_map(scope, roots: list) -> bool:
    """Whether a report is drawn over its period's roots rather than the scope itself (reports.maps)."""
    return not (len(roots) == 1 and roots[0] is scope)


def _compute(scope, roots: list, window: Window, filters: figures.Filters) -> figures.Cube:
    """The figures of the scope, or of the period's roots standing in for it (one query per source and root depth)."""
    if not on_map(scope, roots):
        return figures.compute(scope, window, filters)
    cube = figures.Cube()
    for group in maps.groups(roots):
        for dims, values in figures.compute(group, window, filters).cells.items():
            cube.add(dims, values)
    return cube


def _map_entries(roots: list, by_child: dict, window: Window) -> list:
    """Rows of a report over several roots: each root (a predecessor in force during the period) with its total,
    then what lies directly in it, then its children of the period, one level in."""
    children = {}
    for child in Area.objects.filter(parent__in=roots):
        if maps.existed(child, window.start, window.end):
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
        entries.append((root.code, root.typed_name, {"area": root.pk}, _note(root), root.pk, 0))
        if by_child.get(prefix):
            entries.append(
                (prefix, _("%(area)s (directly)") % {"area": root.name}, {"area": root.pk, "child": root.pk}, "", None, 1)
            )
        for child in sorted(children.get(root.pk, []), key=lambda a: (not a.is_current, sort_key(a.name))):
            entries.append((prefix + child.code, child.typed_name, {"area": child.pk}, _note(child), child.pk, 1))
    return entries


def _values(sums: dict, columns: list[figures.Column]) -> dict:
    return {c.key: int(sums.get(c.key, 0)) for c in columns}


def _table(key, title, first_header, cube_axis: dict, entries, columns, total) -> Table:
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
    return Table(key=key, title=str(title), first_header=str(first_header), rows=rows, total=total)


def _area_entries(scope, children, by_child):
    entries = []
    if by_child.get(""):
        name = scope.name if scope is not None else _("Nationwide")
        entries.append(("", _("%(area)s (directly)") % {"area": name}, {"child": scope.pk if scope else ""}, "", None))
    for area in children:
        entries.append((area.code, area.typed_name, {"child": area.pk}, _note(area), area.pk))
    return entries


def _optional_none(axis: dict, entries: list, label: str, param: str) -> list:
    if figures.NONE in axis:
        entries.append((figures.NONE, label, {param: figures.NONE}, "", None))
    return entries


def build(scope, period, filters: figures.Filters = figures.Filters(), predecessors=()) -> Report:  # noqa: B008
    """The registry report of a scope for a period on the map of the period, with the comparison to the same period
    a year earlier. `predecessors`: the areas the scope took over; those in force during the period stand in for
    the scope when it did not exist yet (reports.maps)."""
    window = window_of(period)
    columns = figures.columns()
    roots = maps.period_roots(scope, predecessors, window.start, window.end) if scope is not None else [None]
    cube = _compute(scope, roots, window, filters)
    total = Row(label=pgettext("sum", "Total"), values=_values(cube.project(None).get(None, {}), columns))
    by_child, by_unit_kind, by_kind, by_field = (cube.project(axis) for axis in ("child", "unit_kind", "kind", "field_id"))
    fields = list(Field.objects.all())
    tables = [
        _table("area", _("By area"), _("Area"), by_child, _by_area(scope, roots, by_child, window), columns, total),
        _table(
            "unit_kind",
            _("By unit kind"),
            _("Unit kind"),
            by_unit_kind,
            _optional_none(
                by_unit_kind,
                [(v, label, {"unit_kind": v}, "", None) for v, label in UnitKind.choices],
                _("Individuals (no unit)"),
                "unit_kind",
            ),
            columns,
            total,
        ),
        _table(
            "kind",
            _("By kind"),
            _("Kind"),
            by_kind,
            _optional_none(
                by_kind,
                [(v, label, {"kind": v}, "", None) for v, label in InitiativeKind.choices],
                _("Awards to units and people"),
                "kind",
            ),
            columns,
            total,
        ),
        _table(
            "field",
            _("By field"),
            _("Field"),
            by_field,
            _optional_none(by_field, [(str(f.pk), f.name, {"field": f.pk}, "", None) for f in fields], _("No field"), "field"),
            columns,
            total,
        ),
    ]
    before = window.year_before()
    previous_roots = maps.period_roots(scope, predecessors, before.start, before.end) if scope is not None else [None]
    previous = _compute(scope, previous_roots, before, filters).project(None).get(None, {})
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
    return _area_entries(scope, child_areas(scope, window), by_child)


def records_scope(scope, predecessors, window: Window):
    """What the records behind a report's figure are read from: the scope, or its period's roots together."""
    roots = maps.period_roots(scope, predecessors, window.start, window.end) if scope is not None else [None]
    return maps.Roots(tuple(root.path for root in roots)) if on_map(scope, roots) else scope


# The figures shown as yes/no columns beside each model on the records sheet.
FLAG_FIGURES = ("new", "active", "effective", "recognised_period", "outstanding", "replicated", "discontinued")


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
    flags = {key: set(figures.records(key, scope, window, filters).values_list("pk", flat=True)) for key in FLAG_FIGURES}
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
