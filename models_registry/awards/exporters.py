from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn
from models_registry.awards.resources import AWARD_COLUMNS as IMPORT_COLUMNS
from models_registry.imports.base import export_columns


def _state(recognition):
    return _("In force") if recognition.in_force else _("Revoked")


RECOGNITION_COLUMNS = [
    ExportColumn(_("Decision number"), lambda r: r.decision_no, 18),
    ExportColumn(_("Decision date"), lambda r: r.decided_on, 14, "date"),
    ExportColumn(_("Model"), lambda r: r.initiative.name, 50),
    ExportColumn(_("Model code"), lambda r: r.initiative.code or "", 14),
    ExportColumn(_("Kind"), lambda r: r.initiative.get_kind_display(), 12),
    ExportColumn(_("Unit"), lambda r: r.initiative.unit.name, 30),
    ExportColumn(_("Unit code"), lambda r: r.initiative.unit.code, 14),
    ExportColumn(_("Area"), lambda r: r.initiative.unit.area.name, 20),
    ExportColumn(_("Area code"), lambda r: r.initiative.unit.area.code, 12),
    ExportColumn(_("Recognition level"), lambda r: r.level.name, 16),
    ExportColumn(_("Signer"), lambda r: r.signer, 24),
    ExportColumn(_("Issuing office"), lambda r: r.office.name if r.office else "", 30),
    ExportColumn(_("State"), _state, 12),
    ExportColumn(_("Reason for revoking"), lambda r: r.revoke_reason, 30),
]


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
