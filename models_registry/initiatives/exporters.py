"""The columns of the registry list export (the same filtered rows as the page)."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from danvan.xlsx import Column
from models_registry.initiatives.enums import InitiativeKind, Status
from models_registry.units.enums import UnitKind


def _labels(choices):
    """The label of a stored choice in the active language, translated once per language rather than per row:
    get_FOO_display() rebuilds its choices dict on every call, a fifth of a 100,000-row export's time."""
    tables = {}

    def label(value):
        language = get_language()
        table = tables.get(language)
        if table is None:
            table = tables[language] = {key: str(text) for key, text in choices}
        return table.get(value, value)

    return label


_kind, _status, _unit_kind = _labels(InitiativeKind.choices), _labels(Status.choices), _labels(UnitKind.choices)
_yes_no = _labels([(True, _("Yes")), (False, _("No"))])


def _person(attribute):
    """Person data only for exemplars; the list is already limited to the user's area."""
    return lambda i: getattr(i, attribute) if i.is_exemplar else ""


def _recognised(initiative):
    """From the list's annotation (a recognition in force); other callers get the status."""
    value = getattr(initiative, "recognised", None)
    if value is None:
        value = initiative.status == Status.RECOGNISED
    return _yes_no(bool(value))


# Printed: the register (code, name, kind, unit, area, field, phase, date, status); the registration content,
# results and people stay in the file, to read and re-import, but would shrink a printed page to nothing.
INITIATIVE_COLUMNS = [
    Column(_("Code"), lambda i: i.code or "", 14),
    Column(_("Name"), lambda i: i.name, 50),
    Column(_("Model or exemplar"), lambda i: _kind(i.kind), 14),
    Column(_("Unit"), lambda i: i.unit.name, 32),
    Column(_("Unit code"), lambda i: i.unit.code, 14, printed=False),
    Column(_("Unit kind"), lambda i: _unit_kind(i.unit.kind), 20, printed=False),
    Column(_("Area"), lambda i: i.unit.area.name, 22),
    Column(_("Field"), lambda i: i.field.name if i.field else "", 22),
    Column(_("Phase"), lambda i: i.phase.name if i.phase else "", 12),
    Column(_("Registration date"), lambda i: i.registered_on, 14, "date"),
    Column(_("Start date"), lambda i: i.started_on, 14, "date", printed=False),
    Column(_("Status"), lambda i: _status(i.status), 16),
    Column(_("Recognised"), _recognised, 12, printed=False),
    Column(_("Situation and reason"), lambda i: i.situation, 50, printed=False),
    Column(_("Goals and measurable criteria"), lambda i: i.goals, 50, printed=False),
    Column(_("Content and method"), lambda i: i.content_method, 50, printed=False),
    Column(_("Place and target group"), lambda i: i.place_target, 30, printed=False),
    Column(_("Lead force"), lambda i: i.lead_force, 30, printed=False),
    Column(_("Partner forces"), lambda i: i.partner_forces, 30, printed=False),
    Column(_("Participating forces"), lambda i: i.participating_forces, 30, printed=False),
    Column(_("Resources and timeline"), lambda i: i.resources_timeline, 30, printed=False),
    Column(_("Expected outputs"), lambda i: i.expected_outputs, 30, printed=False),
    Column(_("Sustainability and replicability"), lambda i: i.sustainability, 30, printed=False),
    Column(_("People reached"), lambda i: i.people_reached, 14, "number", printed=False),
    Column(_("Money mobilised (đồng)"), lambda i: i.money_mobilised, 18, "number", printed=False),
    Column(_("Land donated (m²)"), lambda i: i.land_donated_m2, 14, "number", printed=False),
    Column(_("Works completed"), lambda i: i.works_completed, 14, "number", printed=False),
    Column(_("Person's name"), _person("person_name"), 24, personal=True, printed=False),
    Column(_("Person's position"), _person("person_position"), 24, personal=True, printed=False),
    Column(_("Person's contact"), _person("person_contact"), 24, personal=True, printed=False),
    Column(_("Replicated from"), lambda i: getattr(i, "source_name", None) or "", 30, printed=False),
]

REVIEW_QUEUE_COLUMNS = [
    Column(_("Name"), lambda i: i.name, 50),
    Column(_("Model or exemplar"), lambda i: i.get_kind_display(), 14),
    Column(_("Unit"), lambda i: i.unit.name, 32),
    Column(_("Area"), lambda i: i.unit.area.name, 22),
    Column(_("Field"), lambda i: i.field.name if i.field else "", 22),
    Column(_("Submitted at"), lambda i: i.status_changed_at, 18, "date"),
]
