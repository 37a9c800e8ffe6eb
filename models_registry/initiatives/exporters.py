"""The columns of the registry list export (the same filtered rows as the page)."""

from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn
from models_registry.imports.base import export_columns
from models_registry.initiatives.resources import INITIATIVE_COLUMNS as IMPORT_COLUMNS

# The registry list: the import's columns (resources.INITIATIVE_COLUMNS), read straight from the list's queryset.
# Printed: the register (code, kind, name, unit, field, phase, date, status, area); the registration content,
# results and people stay in the file, to read and re-import, but would shrink a printed page to nothing.
INITIATIVE_COLUMNS = export_columns(IMPORT_COLUMNS)

REVIEW_QUEUE_COLUMNS = [
    ExportColumn(_("Name"), lambda i: i.name, 50),
    ExportColumn(_("Model or exemplar"), lambda i: i.get_kind_display(), 14),
    ExportColumn(_("Unit"), lambda i: i.unit.name, 32),
    ExportColumn(_("Area"), lambda i: i.unit.area.name, 22),
    ExportColumn(_("Field"), lambda i: i.field.name if i.field else "", 22),
    ExportColumn(_("Submitted at"), lambda i: i.status_changed_at, 18, "date"),
]
