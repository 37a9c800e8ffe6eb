"""What every registry import shares: columns with Vietnamese headers and synonyms, cell widgets, and a
django-import-export ModelResource that is scoped to a user, finds existing records by their natural
key, refuses duplicates inside the file, and writes the audit trail for every row it saves."""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import IntegrityError
from django.db.models.expressions import BaseExpression
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field as ResourceField
from import_export.results import RowResult

from danvan.accounts.access import in_scope
from danvan.audit.domain import audit_entry, diff, snapshot
from danvan.search import CONTROL_CHARACTERS
from danvan.xlsx import ExportColumn
from models_registry.imports import parsing
from models_registry.imports.copying import assign_keys, copy_insert, maker
from models_registry.imports.enums import RowStatus

PROGRESS_EVERY = 200
UNSET = object()
# (resource class, language) -> (folded header -> column, file header -> column key): see column_index.
HEADER_INDEXES: dict[tuple, tuple[dict, dict]] = {}


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file: its field, template header, synonyms and the explanation sheet's text."""

    key: str
    header: str
    help: str = ""
    example: object = ""
    synonyms: tuple[str, ...] = ()
    required: bool = False
    choices: Callable[[], list[str]] | None = None
    width: int = 20
    ignored: bool = False  # shown by list exports (an area, a row number); accepted and not imported
    # How a cell becomes the record's value (a Widget factory); the resource field is then built from this entry.
    widget: Callable[[], widgets.Widget] | None = None
    keep_blank: bool = False  # an empty cell leaves the record's value (a code, a status) instead of clearing it
    # The same column in the list export, under the same header and width, when the list shows it: what it reads
    # for a row (a database path such as "unit__area__code", an expression, or a function of the row; see
    # danvan.xlsx.ExportColumn), how the cell is written, and whether it is personal or left off the printed page.
    export: Callable | str | BaseExpression | None = None
    kind: str = "text"
    labels: list | None = None  # (stored value, label) pairs: the export writes the label the import reads back
    personal: bool = False
    printed: bool = True

    def names(self) -> set[str]:
        names = {parsing.fold_key(self.header), *(parsing.fold_key(s) for s in self.synonyms)}
        return {name for name in names if name}

    def export_column(self) -> ExportColumn:
        return ExportColumn(
            self.header,
            self.export,
            self.width,
            self.kind,
            personal=self.personal,
            choices=self.labels,
            printed=self.printed,
        )


def export_columns(columns: list[ImportColumn], *extra: ExportColumn) -> list[ExportColumn]:
    """A list export's columns: the import's columns the list shows, in the import's order, then its own (a
    recognition's state, a copy's source) that no import reads."""
    return [*(column.export_column() for column in columns if column.export is not None), *extra]


YES_NO = [(True, gettext_lazy("Yes")), (False, gettext_lazy("No"))]


# The optional unit code beside a unit's name (models and awards files; exports write both).
UNIT_CODE_COLUMN = ImportColumn(
    "unit_code",
    gettext_lazy("Unit code"),
    gettext_lazy("Optional: when given, it names the unit instead of the Unit column (exports have both)."),
    "",
    ("Mã đơn vị", "Mã ĐV"),
    width=14,
)


# The optional area code beside an area's name: a former district and today's commune may share the name.
AREA_CODE_COLUMN = ImportColumn(
    "area_code",
    gettext_lazy("Area code"),
    gettext_lazy("Optional: when given, it names the area instead of the Area column (exports have both)."),
    "",
    ("Mã địa bàn", "Mã ĐB"),
    width=12,
)


# --- widgets: one cell to one Python value, with a Vietnamese message when it cannot --------


class TextWidget(widgets.Widget):
    """Cleaned text; an empty cell is the empty string (text fields are never NULL)."""

    def __init__(self, max_length: int | None = None, one_line: bool = True):
        super().__init__(coerce_to_string=True)
        self.max_length, self.one_line = max_length, one_line

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number
        text = parsing.clean_text(value)
        if CONTROL_CHARACTERS.search(text):  # NUL and the like: PostgreSQL refuses NUL, and nobody means them
            raise ValueError(_("This cell holds invisible control characters (such as NUL): remove them and import again."))
        if self.one_line:
            text = " ".join(text.split())
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("At most %(limit)s characters (this has %(count)s).") % {"limit": self.max_length, "count": len(text)}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CodeWidget(TextWidget):
    """A code; an empty cell is None (no code), never the empty string."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class NumberWidget(widgets.Widget):
    """A non-negative whole number written the Vietnamese way, in the base unit of `units` (parsing.MONEY_UNITS...)."""

    def __init__(self, units: dict[str, int] = parsing.COUNT_UNITS):
        super().__init__()
        self.units = units

    def clean(self, value, row=None, **kwargs):
        return parsing.parse_non_negative_int(value, self.units)

    def render(self, value, obj=None, **kwargs):
        return value


class DateWidget(widgets.Widget):
    def __init__(self):
        super().__init__()
        self.read: dict[str, datetime.date] = {}  # a date cell as written -> its date: a file repeats its days

    def clean(self, value, row=None, **kwargs):
        if not isinstance(value, str):
            return parsing.parse_date(value)
        found = self.read.get(value)
        if found is None:
            found = parsing.parse_date(value)
            if found is not None and len(self.read) < 10_000:
                self.read[value] = found
        return found

    def render(self, value, obj=None, **kwargs):
        return value


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its label, ignoring case and diacritics; extra spellings allowed."""

    def __init__(self, choices, synonyms: dict[str, str] | None = None, default=None):
        super().__init__()
        self.choices, self.synonyms, self.default = choices, synonyms or {}, default
        self.tables: dict[str, dict[str, str]] = {}

    def lookup(self) -> dict[str, str]:
        """Folded value, label and synonym -> stored value; built once per language (the labels are translated)."""
        language = get_language()
        if language not in self.tables:
            table = {}
            for value, label in self.choices:
                table[parsing.fold_key(value)] = value
                table[parsing.fold_key(label)] = value
            table.update({parsing.fold_key(word): value for word, value in self.synonyms.items()})
            self.tables[language] = table
        return self.tables[language]

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return self.default
        table = self.lookup()
        found = table.get(value)  # a cell as a previous one was written: its folded key was kept under it
        if found is None:
            found = table.get(parsing.fold_key(value))
            if found is not None and isinstance(value, str) and len(table) < 10_000:
                table[value] = found
        if found is None:
            labels = ", ".join(str(label) for _value, label in self.choices)
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.") % {"value": parsing.clean_text(value), "choices": labels}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class BooleanWidget(widgets.Widget):
    YES = {"co", "x", "yes", "true", "1", "dang hoat dong", "hoat dong"}
    NO = {"khong", "no", "false", "0", "ngung hoat dong", "ngung"}

    def __init__(self, default=True):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return self.default
        if isinstance(value, bool):
            return value
        key = parsing.fold_key(value)
        if key in self.YES:
            return True
        if key in self.NO:
            return False
        raise ValueError(_("Write “Có” or “Không”, not “%(value)s”.") % {"value": parsing.clean_text(value)})

    def render(self, value, obj=None, **kwargs):
        return _("Yes") if value else _("No")


class LookupWidget(widgets.Widget):
    """A related record named by code or name; the resource supplies the scoped lookup."""

    def __init__(self, lookup: Callable, label: Callable = str):
        super().__init__()
        self.lookup, self.label = lookup, label

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        return self.lookup(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return self.label(value) if value is not None else ""


# --- the resource ----------------------------------------------------------------------------


@dataclass
class RowOutcome:
    """What the dry run or the import says about one spreadsheet row."""

    row_number: int
    status: str
    label: str = ""
    errors: list = field(default_factory=list)  # [{"column": header, "message": text}]
    values: list = field(default_factory=list)  # [[file header, old value or None, value as read]]


def shown(value) -> str:
    """A value as the preview shows it: 30/06/2025, 1.234.567, Có / Không, a record by its name."""
    if value.__class__ is str:  # most cells: text, a code, a choice's label
        return parsing.printable(value) if value else ""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return parsing.printable(value)


@dataclass
class CheckedRows:
    """The new records a check built and validated, and the preview's values, kept for the confirm in the same
    process (see RegistryResource.import_checked)."""

    records: list  # (record, row_state()) per dataset row
    read_values: dict


class RegistryResource(resources.ModelResource):
    """A ModelResource for one user's import: scoped lookups, natural keys, audit rows, progress."""

    columns: list[ImportColumn] = []
    required_columns: tuple[str, ...] = ()  # a file without one of these is refused as a whole
    # A required column another one may stand for: a unit given by its code alone needs no "Đơn vị" column.
    column_alternatives: dict[str, tuple[str, ...]] = {}
    # Columns holding the code of what another column names by name ({"unit_code": "unit"}): a code, when the
    # row has one, wins; the name is only a fallback. Exports write both, so a file re-imports to the same record.
    code_columns: dict[str, str] = {}
    # Columns the resource's own rules read from the row (a past recognition's decision), not a field of the record.
    row_columns: tuple[str, ...] = ()
    tracked_fields: list[str] = []
    audit_create_action = "create"
    # Foreign keys resolved by scoped lookups; full_clean need not query them again.
    resolved_fields: tuple[str, ...] = ()
    # The column whose template example marks the example row a user forgot to delete (see drop_example).
    example_column = "name"
    # New records are written together after the last row (one insert per batch) instead of one save each; the
    # model's own save() work is then done by prepare_new (see InitiativeResource).
    bulk_new = False

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        skip_diff = True  # no deep copy of every record: skip_row compares with a shallow copy of an existing one
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, user, file_name: str = "", progress: Callable[[int], None] | None = None):
        super().__init__()
        self.user, self.file_name, self.progress = user, file_name, progress
        self.checking = False  # True for the check: every rule runs, nothing is saved
        self.pending: list = []  # unsaved rows written together after the last row (see after_import)
        self.new_rows: list = []  # (new record, its row, its row_state()) when bulk_new: inserted in after_import
        self.checked_new: list = []  # (new record, its row_state()) of each row the check found new, when bulk_new
        self.after_insert: list[Callable[[], object]] = []  # what needs the new records in their table (see after_import)
        self.original = None  # a shallow copy of the record a row updates, as it was (see skip_row)
        self._shown_fields = None
        self._import_fields = None
        self._areas_in_scope: dict[tuple, bool] = {}
        self._row_fields: tuple | None = None
        self._make = None
        self._cell_plan: tuple | None = None
        self._valid_defaults: list | None = None
        for column in self.columns:
            if column.widget is not None:
                self.fields[column.key] = ResourceField(
                    attribute=column.key, column_name=column.key, widget=column.widget(), saves_null_values=not column.keep_blank
                )
        self.row_numbers: list[int] = []
        self.early_errors: dict[int, dict[str, str]] = {}
        self.before_values: dict = {}
        self.before_shown: dict[str, str] = {}
        self.read_values: dict[int, list] = {}  # dataset row (1-based) -> [[header, old or None, new]]

    # columns and headers

    @classmethod
    def column_index(cls) -> dict[str, ImportColumn]:
        """Every folded header and synonym -> its column, built once per resource and language (the headers are
        translated): reading a file asks it for every cell of the rows it scans for the header."""
        key = (cls, get_language())
        if key not in HEADER_INDEXES:
            index = {}
            for column in cls.columns:
                for name in column.names():
                    index.setdefault(name, column)
            HEADER_INDEXES[key] = (index, {})
        return HEADER_INDEXES[key][0]

    @classmethod
    def match_header(cls, header: str) -> str | None:
        """The column key a file header means, whatever its case, diacritics, spaces or remarks."""
        index = cls.column_index()
        matched = HEADER_INDEXES[(cls, get_language())][1]
        if header not in matched:
            keys = parsing.header_keys(header)
            found = next((index[key].key for key in keys if key in index), None)
            if len(matched) < 10_000:  # a file's cells are not kept without bound
                matched[header] = found
            return found
        return matched[header]

    # dataset

    def load(self, table: parsing.FileTable, *, leave_out: set[int] = frozenset()):
        """A tablib Dataset of the table's known columns; rows in leave_out are dropped."""
        import tablib

        keys = [self.match_header(header) if header else None for header in table.headers]
        ignored = {column.key for column in self.columns if column.ignored}
        wanted = [(index, key) for index, key in enumerate(keys) if key and key not in ignored]
        self.headers = {key: table.headers[index] for index, key in wanted}
        self._shown_fields = None
        columns = self.dataset_keys([key for _index, key in wanted])
        dataset = tablib.Dataset(headers=columns)
        self.row_numbers = []
        for number, values in table.rows:
            if number in leave_out:
                continue
            row = {key: values[index] if index < len(values) else None for index, key in wanted}
            row = self.merge_row(row)
            dataset.append([row.get(key) for key in columns])
            self.row_numbers.append(number)
        return dataset

    def dataset_keys(self, keys: list[str]) -> list[str]:
        """The dataset's columns from the file's: each code column folds into the column it names."""
        folded = [key for key in keys if key not in self.code_columns]
        for code_key, key in self.code_columns.items():
            if code_key in keys:
                self.headers.setdefault(key, self.headers[code_key])
                if key not in folded:
                    folded.append(key)
        return folded

    def merge_row(self, row: dict) -> dict:
        for code_key, key in self.code_columns.items():
            if code_key in row:
                code = row.pop(code_key)
                row[key] = code if code not in (None, "") else row.get(key)
        return row

    @classmethod
    def drop_example(cls, table: parsing.FileTable) -> parsing.FileTable:
        """Leave out the template's example row when the user forgot to delete it."""
        example = next((str(column.example) for column in cls.columns if column.key == cls.example_column), "")
        keys = [cls.match_header(header) if header else None for header in table.headers]
        if not example or cls.example_column not in keys:
            return table
        index, folded = keys.index(cls.example_column), parsing.fold_key(example)
        table.rows = [
            (n, values) for n, values in table.rows if index >= len(values) or parsing.fold_key(values[index] or "") != folded
        ]
        return table

    # import-export hooks

    def before_import(self, dataset, **kwargs):
        rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
        self.prepare(rows)
        self.mark_duplicates(rows)

    def prepare(self, rows: list[dict]) -> None:
        """Load what the lookups need in a few queries (existing records, units, areas...)."""

    def identity(self, row: dict):
        """The natural key that makes two rows the same record, or None."""
        return None

    def describe_identity(self, row: dict) -> str:
        return ""

    def mark_duplicates(self, rows: list[dict]) -> None:
        seen: dict = {}
        for index, row in enumerate(rows, start=1):
            key = self.identity(row)
            if key is None:
                continue
            if key in seen:
                message = _("Same record as row %(row)s of this file (%(what)s); keep one of them.") % {
                    "row": self.row_numbers[seen[key] - 1],
                    "what": self.describe_identity(row),
                }
                self.early_errors.setdefault(index, {})[NON_FIELD_ERRORS] = message
            else:
                seen[key] = index

    def get_or_init_instance(self, instance_loader, row):
        instance = self.find_existing(row)
        if instance is not None:
            return instance, False
        return self.init_instance(row), True

    def find_existing(self, row: dict):
        """The record this row updates, or None for a new one; raises ValidationError when it is out of scope."""
        return None

    def after_init_instance(self, instance, new, row, **kwargs):
        self.before_values = {} if new else snapshot(instance, self.tracked_fields)
        self.before_shown = {} if new else self.shown_values(instance)
        self.original = None if new else copy.copy(instance)

    def init_instance(self, row=None):
        """A new record as `model()` makes it, thousands of times faster per file (see copying.maker)."""
        if self._make is None:
            self._make = maker(self._meta.model)
        return self._make()

    def get_import_fields(self):
        """The resource's fields to import, ordered once (import-export orders them again for every row)."""
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def save_m2m(self, instance, row, **kwargs):
        """Registry records have no many-to-many columns."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing record whose imported fields all read as before is "unchanged" (no write, no audit row)."""
        if self.original is None or import_validation_errors:
            return False
        return all(field.get_value(instance) == field.get_value(self.original) for field in self.get_import_fields())

    def shown_fields(self, instance) -> list[tuple]:
        """(column, attribute, attname, choice labels or None) of each of the file's columns that is a field of the
        record; found once per file (the file's columns are known once it is loaded, the labels in its language)."""
        if self._shown_fields is None:
            self._shown_fields = []
            for column, resource_field in self.fields.items():
                if column not in self.headers or not resource_field.attribute:
                    continue
                try:
                    model_field = instance._meta.get_field(resource_field.attribute)
                except FieldDoesNotExist:
                    continue
                labels = {value: str(label) for value, label in model_field.flatchoices} if model_field.choices else None
                self._shown_fields.append((column, resource_field.attribute, model_field.attname, labels))
        return self._shown_fields

    def shown_values(self, instance) -> dict[str, str]:
        """Each of the file's columns as the record holds it, written as a person reads it (a choice by its label,
        as get_FOO_display gives it)."""
        values = {}
        for column, attribute, attname, labels in self.shown_fields(instance):
            if labels is not None:
                stored = getattr(instance, attname)
                value = labels.get(stored, stored) if stored else ""
            else:
                try:
                    value = getattr(instance, attribute)
                except ObjectDoesNotExist:
                    value = None
            values[column] = shown(value)
        return values

    def in_scope(self, area) -> bool:
        """Whether an area lies in the user's scope, asked once per area of the file."""
        if area is None:
            return in_scope(self.user, area)
        key = (area.pk, area.path)
        if key not in self._areas_in_scope:
            self._areas_in_scope[key] = in_scope(self.user, area)
        return self._areas_in_scope[key]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            self.import_cells(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        finally:
            self.keep_read_values(instance, kwargs.get("row_number"))
        for key, message in self.early_errors.get(kwargs.get("row_number"), {}).items():
            errors.setdefault(key, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def import_cells(self, instance, row, **kwargs) -> None:
        """Each cell of the row through its column's widget onto the record; ValidationError with every bad cell's
        message under its field (import-export's import_instance, without its layers around each cell)."""
        errors = {}
        if type(self).import_field is not RegistryResource.import_field:  # a resource's own way with some cells
            for resource_field in self.row_fields(row):
                try:
                    self.import_field(resource_field, instance, row, **kwargs)
                except ValueError as error:
                    errors[resource_field.attribute] = ValidationError(str(error), code="invalid")
        else:  # import_field's work, inline: the per-file part (which widget, which attribute) found once
            for column_name, clean, attribute, saves_null in self.cell_plan(row):
                try:
                    value = clean(row[column_name], row=row, **kwargs)
                except ValueError as error:
                    errors[attribute] = ValidationError(str(error), code="invalid")
                    continue
                if value is not None or saves_null:
                    setattr(instance, attribute, value)
        if errors:
            raise ValidationError(errors)

    def cell_plan(self, row: dict) -> list[tuple]:
        """(column, widget's clean, attribute, whether an empty cell clears it) of each cell import_field would set."""
        fields = self.row_fields(row)
        if self._cell_plan is None or self._cell_plan[0] is not fields:
            plan = [
                (field.column_name, field.widget.clean, field.attribute, field.saves_null_values)
                for field in fields
                if field.attribute and not field.readonly
            ]
            self._cell_plan = (fields, plan)
        return self._cell_plan[1]

    def row_fields(self, row: dict) -> list:
        """The resource fields a row of this file fills (its columns are the file's: found once per file)."""
        columns = tuple(row)
        if self._row_fields is None or self._row_fields[0] != columns:
            fields = [field for field in self.get_import_fields() if field.attribute and field.column_name in row]
            self._row_fields = (columns, fields)
        return self._row_fields[1]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """One cell: its widget's value set on the record (registry records have no many-to-many columns, no
        column defaults and no dotted attributes, which import-export's Field.save also handles)."""
        if not field.attribute or field.readonly or field.column_name not in row:
            return
        value = field.widget.clean(row[field.column_name], row=row, **kwargs)
        if value is not None or field.saves_null_values:
            setattr(instance, field.attribute, value)

    def fill_defaults(self, instance) -> None:
        """What an empty optional cell means, set before the row is validated (a generated code, a default kind)."""

    def keep_read_values(self, instance, number) -> None:
        """What the preview shows of a row: every value read for a new record; for an update, what changes."""
        after = self.shown_values(instance)
        if not self.before_shown:
            self.read_values[number] = [[self.headers[c], None, value] for c, value in after.items() if value]
        else:
            self.read_values[number] = [
                [self.headers[c], self.before_shown.get(c, ""), value]
                for c, value in after.items()
                if value != self.before_shown.get(c, "")
            ]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        self.fill_defaults(instance)
        try:
            instance.full_clean(exclude=self.clean_exclude(instance, errors), validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self.validate_row(instance)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                if key not in errors:  # one message per column: the cell's own error says it best
                    errors[key] = [ValidationError(message) for message in messages]
        if errors:
            raise ValidationError(errors)

    def clean_exclude(self, instance, errors: dict) -> set:
        """What full_clean leaves out: a field whose cell was refused (the cell's message says it best), the records
        the lookups found (in scope), and on a new record each field that still holds the model's default, whose
        validators passed once for the file (a value that cannot fail need not be checked 10,000 times). Every
        field a cell sets is validated, as the form's model validation does."""
        exclude = {*errors.keys(), *self.resolved_fields}
        if instance.pk is None:
            held = instance.__dict__
            exclude.update(name for name, attname, value in self.valid_defaults() if held.get(attname, UNSET) is value)
        return exclude

    def valid_defaults(self) -> list[tuple]:
        """(name, attname, value) of each field whose default on a new record passes its validators: the same value
        object every new record holds until a cell or a rule sets another. Nothing for a model with constraints
        (full_clean would also leave out the constraints over the fields it excludes)."""
        if self._valid_defaults is None:
            model = self._meta.model
            fresh, self._valid_defaults = model(), []
            if any(m._meta.constraints for m in (model, *model._meta.get_parent_list())):
                return self._valid_defaults
            names = [field.name for field in model._meta.concrete_fields]
            for field in model._meta.concrete_fields:
                if field.has_default() and callable(field.default):
                    continue  # a new value for every record (a moment): validated with each
                value = fresh.__dict__[field.attname]
                try:
                    fresh.clean_fields(exclude=[name for name in names if name != field.name])
                except ValidationError:
                    continue
                self._valid_defaults.append((field.name, field.attname, value))
        return self._valid_defaults

    def validate_row(self, instance) -> None:
        """Rules beyond the model's own (scope, uniqueness against the caches); raise ValidationError."""

    def save_instance(self, instance, is_create, row, **kwargs):
        """The check validates every row as the import will and writes nothing: no insert to roll back, no
        savepoint per row (the import's own transaction is the only one)."""
        if self.checking:
            self.before_save_instance(instance, row, **kwargs)
            if is_create and self.bulk_new:
                self.checked_new.append((instance, self.row_state()))
            return
        if is_create and self.bulk_new:
            self.before_save_instance(instance, row, **kwargs)
            self.prepare_new(instance)
            self.new_rows.append((instance, row, self.row_state()))
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def prepare_new(self, instance) -> None:
        """What the model's save() does before its insert, for a record inserted together with the others."""

    def row_state(self):
        """What after_create needs of the row being imported, kept until the new record is inserted."""
        return None

    def restore_row_state(self, state) -> None:
        """Put back what row_state kept, before the inserted record's audit and history rows are made."""

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None and hasattr(instance, "created_by_id"):
            instance.created_by = self.user
        if hasattr(instance, "updated_by_id"):
            instance.updated_by = self.user

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        note = _("Imported from %(file)s") % {"file": self.file_name}
        after = snapshot(instance, self.tracked_fields)
        if not self.before_values:
            changes, action = diff({}, after), self.audit_create_action
        else:
            changes, action = diff(self.before_values, after), "update"
        self.pending.append(audit_entry(instance, by=self.user, action=action, changes=changes, note=note))
        if not self.before_values:
            self.after_create(instance, note=note)

    def after_import(self, dataset, result, **kwargs):
        """The new records and the rows collected while importing (audit rows, a model's first history row), in one
        COPY each. Every row was validated as it was read; PostgreSQL's triggers fire as for an insert.

        The new records get their keys first and are written after the rows that point at them (foreign keys are
        checked at commit): each model's row trigger then reads its registry dates from its history as it is
        inserted, instead of the history's statement trigger updating every new model once more afterwards."""
        new = [instance for instance, _row, _state in self.new_rows]
        assign_keys(self._meta.model, new)
        for instance, row, state in self.new_rows:
            self.restore_row_state(state)
            self.before_values = {}
            self.after_save_instance(instance, row)
        for model in dict.fromkeys(type(row) for row in self.pending):
            copy_insert(model, [row for row in self.pending if type(row) is model])
        copy_insert(self._meta.model, new)
        for action in self.after_insert:
            action()
        self.new_rows, self.pending, self.after_insert = [], [], []

    def after_create(self, instance, *, note: str) -> None:
        """Extra rows a new record needs (a status history row for a model)."""

    # the confirm of a checked file in the same process

    def checked_rows(self, result) -> "CheckedRows | None":
        """What the check built of a file whose rows are all new records, for its confirm in the same process."""
        if not self.bulk_new or result.base_errors or len(self.checked_new) != len(result.rows):
            return None
        if any(row_result.import_type != RowResult.IMPORT_TYPE_NEW for row_result in result.rows):
            return None
        return CheckedRows(self.checked_new, self.read_values)

    def import_checked(self, dataset, checked: "CheckedRows"):
        """Import the records the check built and validated, when the registry still lets each of them in: no record
        is it now (by ID, code, or unit and name), each record its cells name (a unit, a field, a phase) is still
        found in the user's area, the same one, and the rules that read the registry or the user (scope, codes
        taken, how a record may start) pass again, on the records as they are now. The cells are not read and the
        model's field validators not run a second time: their outcome depends on the cells alone, which are the
        check's (same file, same SHA-256). None, with nothing written, when a row is no longer as the check saw it:
        the caller then imports the file row by row."""
        rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
        if len(rows) != len(checked.records):
            return None
        self.prepare(rows)
        result = self.get_result_class()()
        for number, (row, (instance, state)) in enumerate(zip(rows, checked.records, strict=True), start=1):
            self.after_init_instance(instance, True, row)
            self.restore_row_state(state)
            if not self.still_new(instance, row):
                self.new_rows = []
                return None
            self.save_instance(instance, True, row)
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_NEW
            result.append_row_result(row_result)
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(number)
        self.read_values = checked.read_values
        self.after_import(dataset, result)
        return result

    def still_new(self, instance, row: dict) -> bool:
        """Whether a row the check found new still is (see import_checked); its looked-up records are taken again."""
        try:
            if self.find_existing(row) is not None:
                return False
            for resource_field in self.get_import_fields():
                if isinstance(resource_field.widget, LookupWidget) and resource_field.column_name in row:
                    attname = instance._meta.get_field(resource_field.attribute).attname
                    before = getattr(instance, attname)
                    self.import_field(resource_field, instance, row)
                    if getattr(instance, attname) != before:
                        return False
            self.validate_row(instance)
        except (ValueError, ValidationError):
            return False
        return True

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number", 0)
        if self.progress and number % PROGRESS_EVERY == 0:
            self.progress(number)

    # results

    def label(self, row: dict) -> str:
        return ""

    def outcomes(self, result, dataset) -> list[RowOutcome]:
        """One RowOutcome per dataset row, in order, with each error's column as the file names it."""
        outcomes = []
        rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
        for index, row_result in enumerate(result.rows):
            row = rows[index] if index < len(rows) else {}
            outcomes.append(
                RowOutcome(
                    row_number=self.row_numbers[index],
                    status=self.row_status(row_result),
                    label=parsing.printable(self.label(row))[:255],
                    errors=[{**error, "message": parsing.printable(error["message"])} for error in self.row_errors(row_result)],
                    values=self.read_values.get(index + 1, []),
                )
            )
        return outcomes

    @staticmethod
    def row_status(row_result) -> str:
        return {
            RowResult.IMPORT_TYPE_NEW: RowStatus.NEW,
            RowResult.IMPORT_TYPE_UPDATE: RowStatus.UPDATE,
            RowResult.IMPORT_TYPE_SKIP: RowStatus.UNCHANGED,
        }.get(row_result.import_type, RowStatus.ERROR)

    def header_of(self, attribute: str) -> str:
        """The file's own header of the column behind a model attribute; "" for the whole row."""
        if attribute == NON_FIELD_ERRORS:
            return ""
        for name, resource_field in self.fields.items():
            if resource_field.attribute == attribute or name == attribute:
                return self.headers.get(resource_field.column_name, "") or self.header_label(resource_field.column_name)
        return self.header_label(attribute)

    @classmethod
    def header_label(cls, key: str) -> str:
        for column in cls.columns:
            if column.key == key:
                return str(column.header)
        return ""

    def row_errors(self, row_result) -> list[dict]:
        errors = []
        if row_result.validation_error is not None:
            for attribute, messages in row_result.validation_error.message_dict.items():
                column = self.header_of(attribute)
                errors.extend({"column": column, "message": str(message)} for message in messages)
        for error in row_result.errors:
            if isinstance(error.error, IntegrityError):
                message = _("This row conflicts with a record already in the registry (a code or the same award twice).")
            else:
                message = _("This row could not be saved: %(error)s") % {"error": error.error}
            errors.append({"column": "", "message": message})
        return errors
