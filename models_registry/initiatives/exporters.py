"""The columns of the registry list export (the same filtered rows as the page)."""

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.units.enums import UnitKind

YES_NO = [(True, _("Yes")), (False, _("No"))]


def _exemplar_only(field: str) -> Case:
    """A person's data only for exemplars; the list is already limited to the user's area."""
    return Case(When(kind=InitiativeKind.EXEMPLAR, then=F(field)), default=Value(""))


# Printed: the register (code, name, kind, unit, area, field, phase, date, status); the registration content,
# results and people stay in the file, to read and re-import, but would shrink a printed page to nothing.
# Read straight from the list's queryset, which annotates `recognised` (a recognition in force) and
# `source_name` (the source of a copy, when it lies in the user's area too): see InitiativeListView.export_rows.
INITIATIVE_COLUMNS = [
    ExportColumn(_("Code"), "code", 14),
    ExportColumn(_("Name"), "name", 50),
    ExportColumn(_("Model or exemplar"), "kind", 14, choices=InitiativeKind.choices),
    ExportColumn(_("Unit"), "unit__name", 32),
    ExportColumn(_("Unit code"), "unit__code", 14, printed=False),
    ExportColumn(_("Unit kind"), "unit__kind", 20, choices=UnitKind.choices, printed=False),
    ExportColumn(_("Area"), "unit__area__name", 22),
    ExportColumn(_("Area code"), "unit__area__code", 12, printed=False),
    ExportColumn(_("Field"), "field__name", 22),
    ExportColumn(_("Phase"), "phase__name", 12),
    ExportColumn(_("Registration date"), "registered_on", 14, "date"),
    ExportColumn(_("Start date"), "started_on", 14, "date", printed=False),
    ExportColumn(_("Status"), "status", 16, choices=Status.choices),
    ExportColumn(_("Recognised"), "recognised", 12, choices=YES_NO, printed=False),
    ExportColumn(_("Situation and reason"), "situation", 50, printed=False),
    ExportColumn(_("Goals and measurable criteria"), "goals", 50, printed=False),
    ExportColumn(_("Content and method"), "content_method", 50, printed=False),
    ExportColumn(_("Place and target group"), "place_target", 30, printed=False),
    ExportColumn(_("Lead force"), "lead_force", 30, printed=False),
    ExportColumn(_("Partner forces"), "partner_forces", 30, printed=False),
    ExportColumn(_("Participating forces"), "participating_forces", 30, printed=False),
    ExportColumn(_("Resources and timeline"), "resources_timeline", 30, printed=False),
    ExportColumn(_("Expected outputs"), "expected_outputs", 30, printed=False),
    ExportColumn(_("Sustainability and replicability"), "sustainability", 30, printed=False),
    ExportColumn(_("People reached"), "people_reached", 14, "number", printed=False),
    ExportColumn(_("Money mobilised (đồng)"), "money_mobilised", 18, "number", printed=False),
    ExportColumn(_("Land donated (m²)"), "land_donated_m2", 14, "number", printed=False),
    ExportColumn(_("Works completed"), "works_completed", 14, "number", printed=False),
    ExportColumn(_("Person's name"), _exemplar_only("person_name"), 24, personal=True, printed=False),
    ExportColumn(_("Person's position"), _exemplar_only("person_position"), 24, personal=True, printed=False),
    ExportColumn(_("Person's contact"), _exemplar_only("person_contact"), 24, personal=True, printed=False),
    ExportColumn(_("Replicated from"), "source_name", 30, printed=False),
]

REVIEW_QUEUE_COLUMNS = [
    ExportColumn(_("Name"), lambda i: i.name, 50),
    ExportColumn(_("Model or exemplar"), lambda i: i.get_kind_display(), 14),
    ExportColumn(_("Unit"), lambda i: i.unit.name, 32),
    ExportColumn(_("Area"), lambda i: i.unit.area.name, 22),
    ExportColumn(_("Field"), lambda i: i.field.name if i.field else "", 22),
    ExportColumn(_("Submitted at"), lambda i: i.status_changed_at, 18, "date"),
]
