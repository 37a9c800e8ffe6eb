from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn
from models_registry.awards.resources import AWARD_COLUMNS as IMPORT_COLUMNS
from models_registry.awards.resources import RECOGNITION_COLUMNS as RECOGNITION_IMPORT_COLUMNS
from models_registry.imports.base import export_columns

# The recognitions list: the recognition import's columns (resources.RECOGNITION_COLUMNS), read from the list's
# queryset, with the codes of the model, its unit and its area beside their names, so that the file re-imports as it is.
RECOGNITION_COLUMNS = export_columns(RECOGNITION_IMPORT_COLUMNS)


# The awards list: the import's columns (resources.AWARD_COLUMNS), read straight from the list's queryset, so that
# the file re-imports as it is.
AWARD_COLUMNS = export_columns(IMPORT_COLUMNS)

PROPOSAL_COLUMNS = [
    ExportColumn(_("Title"), lambda p: p.title, 40),
    ExportColumn(_("Office"), lambda p: p.office.name, 30),
    ExportColumn(_("Award form"), lambda p: str(p.award_form), 30),
    ExportColumn(_("Year of achievement"), lambda p: p.year, 10),
    ExportColumn(_("Recipients"), lambda p: p.item_count, 10, "number"),
    ExportColumn(_("Awarded"), lambda p: p.awarded_count, 10, "number"),
    ExportColumn(_("Status"), lambda p: p.get_status_display(), 12),
    ExportColumn(_("Sent at"), lambda p: p.sent_at, 14, "date"),
]
