from django.utils.translation import gettext_lazy as _

from danvan.xlsx import Column


def _state(recognition):
    return _("In force") if recognition.in_force else _("Revoked")


RECOGNITION_COLUMNS = [
    Column(_("Decision number"), lambda r: r.decision_no, 18),
    Column(_("Decision date"), lambda r: r.decided_on, 14, "date"),
    Column(_("Model"), lambda r: r.initiative.name, 50),
    Column(_("Model code"), lambda r: r.initiative.code or "", 14),
    Column(_("Kind"), lambda r: r.initiative.get_kind_display(), 12),
    Column(_("Unit"), lambda r: r.initiative.unit.name, 30),
    Column(_("Unit code"), lambda r: r.initiative.unit.code, 14),
    Column(_("Area"), lambda r: r.initiative.unit.area.name, 20),
    Column(_("Area code"), lambda r: r.initiative.unit.area.code, 12),
    Column(_("Recognition level"), lambda r: r.level.name, 16),
    Column(_("Signer"), lambda r: r.signer, 24),
    Column(_("Issuing office"), lambda r: r.office.name if r.office else "", 30),
    Column(_("State"), _state, 12),
    Column(_("Reason for revoking"), lambda r: r.revoke_reason, 30),
]


def _recipient_unit(award):
    """The unit awarded, or the unit of the model awarded."""
    return award.unit if award.unit_id else award.initiative.unit if award.initiative_id else None


AWARD_COLUMNS = [
    Column(_("Award form"), lambda a: a.award_form.name, 16),
    Column(_("Issuing level"), lambda a: a.award_form.issuing_level, 26),
    # The recipient in the award import's own columns, so that the file re-imports as it is.
    Column(_("Model"), lambda a: a.initiative.name if a.initiative_id else "", 40),
    Column(_("Model code"), lambda a: (a.initiative.code or "") if a.initiative_id else "", 14),
    Column(_("Unit"), lambda a: _recipient_unit(a).name if _recipient_unit(a) else "", 30),
    Column(_("Unit code"), lambda a: _recipient_unit(a).code if _recipient_unit(a) else "", 14),
    Column(_("Person's name"), lambda a: a.person_name, 24, personal=True),
    Column(_("Person's position"), lambda a: a.person_position, 24, personal=True),
    Column(_("Area"), lambda a: a.area.name, 20),
    Column(_("Area code"), lambda a: a.area.code, 12),
    Column(_("Year of achievement"), lambda a: a.year, 10),
    Column(_("Decision number"), lambda a: a.decision_no, 18),
    Column(_("Decision date"), lambda a: a.decided_on, 14, "date"),
    Column(_("Issuer"), lambda a: a.issuer, 26),
    Column(_("Signer"), lambda a: a.signer, 24),
]

PROPOSAL_COLUMNS = [
    Column(_("Title"), lambda p: p.title, 40),
    Column(_("Office"), lambda p: p.office.name, 30),
    Column(_("Award form"), lambda p: str(p.award_form), 30),
    Column(_("Year of achievement"), lambda p: p.year, 10),
    Column(_("Recipients"), lambda p: p.item_count, 10, "number"),
    Column(_("Awarded"), lambda p: p.awarded_count, 10, "number"),
    Column(_("Status"), lambda p: p.get_status_display(), 12),
    Column(_("Sent at"), lambda p: p.sent_at, 14, "date"),
]
