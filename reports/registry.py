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
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Field
from models_registry.units.enums import UnitKind
from models_registry.units.models import Area
from reports import figures
from reports.models import FrozenFigures
from reports.periods import Window


@dataclass
class Row:
    label: str
    values: dict
    params: dict = field(default_factory=dict)  # the cell's drill-down parameters (child, unit_kind, kind, field)
    note: str = ""  # e.g. "legacy" for a district abolished in 2025
    area_id: int | None = None  # a child area one can drill into


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


def child_areas(scope) -> list[Area]:
    """Direct children of the scope (legacy districts and current communes together), current ones first."""
    children = Area.objects.filter(parent=scope) if scope is not None else Area.objects.filter(parent__isnull=True)
    return sorted(children, key=lambda a: (not a.is_current, sort_key(a.name)))


def _values(sums: dict, columns: list[figures.Column]) -> dict:
    return {c.key: int(sums.get(c.key, 0)) for c in columns}


def _table(key, title, first_header, cube_axis: dict, entries, columns, total) -> Table:
    """entries: (cube key, label, params, note, area_id) in display order; rows without figures are kept (zeros)."""
    rows = [
        Row(label=str(label), values=_values(cube_axis.get(k, {}), columns), params=params, note=note, area_id=area_id)
        for k, label, params, note, area_id in entries
    ]
    return Table(key=key, title=str(title), first_header=str(first_header), rows=rows, total=total)


def _area_entries(scope, children, by_child):
    entries = []
    if by_child.get(""):
        name = scope.name if scope is not None else _("Nationwide")
        entries.append(("", _("%(area)s (directly)") % {"area": name}, {"child": scope.pk if scope else ""}, "", None))
    for area in children:
        note = _("legacy, until %(date)s") % {"date": area.valid_to.strftime("%d/%m/%Y")} if area.valid_to else ""
        entries.append((area.code, area.name, {"child": area.pk}, note, area.pk))
    return entries


def _optional_none(axis: dict, entries: list, label: str, param: str) -> list:
    if figures.NONE in axis:
        entries.append((figures.NONE, label, {param: figures.NONE}, "", None))
    return entries


def _split_entries(choices, param: str, none_label):
    """Entries of a table by a split: one row per choice, and a row for records without it when there are any."""

    def entries(_scope, axis: dict) -> list:
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
    entries: object  # (scope, projected cube) -> [(cube key, label, params, note, area_id)]


AXES = [
    Axis("area", _lazy("By area"), _lazy("Area"), "child", lambda scope, axis: _area_entries(scope, child_areas(scope), axis)),
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


def _axis_table(axis: Axis, scope, cube: figures.Cube, columns, total: Row) -> Table:
    projected = cube.project(axis.dimension)
    return _table(axis.key, axis.title, axis.first_header, projected, axis.entries(scope, projected), columns, total)


def build(scope, period, filters: figures.Filters = figures.Filters()) -> Report:  # noqa: B008
    """The registry report of a scope for a period, with the comparison to the same period a year earlier."""
    window = window_of(period)
    columns = figures.columns()
    cube = figures.compute(scope, window, filters)
    total = Row(label=pgettext("sum", "Total"), values=_values(cube.project(None).get(None, {}), columns))
    tables = [_axis_table(axis, scope, cube, columns, total) for axis in AXES]
    previous = figures.compute(scope, window.year_before(), filters).project(None).get(None, {})
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


@dataclass
class RecordSheet:
    initiatives: list
    flags: dict  # figure key -> set of initiative pks
    levels: dict  # initiative pk -> name of the recognition level in force at the end
    awards: list


def record_sheet(scope, period, filters: figures.Filters = figures.Filters()) -> RecordSheet:  # noqa: B008
    """The records behind a report's figures: models registered by the end (with their flags) and awards of the period."""
    window = window_of(period)
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


def served(scope, period, filters: figures.Filters = figures.Filters()) -> Report:  # noqa: B008
    """The report a page, an export or a consolidation shows: a locked period's frozen figures when it has them
    for this scope (and no kind or field filter narrows it), otherwise computed now."""
    if period.is_locked and filters == figures.Filters():
        frozen = period.frozen_figures.filter(area=scope).values_list("report", flat=True).first()
        if frozen is not None:
            return Report.from_json(frozen)
    return build(scope, period, filters)
