"""The units list export: the import's columns (resources.UNIT_COLUMNS), read straight from the list's rows."""

from models_registry.imports.base import export_columns
from models_registry.units.resources import UNIT_COLUMNS as IMPORT_COLUMNS

UNIT_COLUMNS = export_columns(IMPORT_COLUMNS)
