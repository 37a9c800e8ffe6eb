from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn


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


def _recipient_unit(award):
    """The unit awarded, or the unit of the model awarded."""
    return award.unit if award.unit_id else award.initiative.unit if award.initiative_id else None


AWARD_COLUMNS = [
    ExportColumn(_("Award form"), lambda a: a.award_form.name, 16),
    ExportColumn(_("Issuing level"), lambda a: a.award_form.issuing_level, 26),
    # The recipient in the award import's own columns, so that the file re-imports as it is.
    ExportColumn(_("Model"), lambda a: a.initiative.name if a.initiative_id else "", 40),
    ExportColumn(_("Model code"), lambda a: (a.initiative.code or "") if a.initiative_id else "", 14),
    ExportColumn(_("Unit"), lambda a: _recipient_unit(a).name if _recipient_unit(a) else "", 30),
    ExportColumn(_("Unit code"), lambda a: _recipient_unit(a).code if _recipient_unit(a) else "", 14),
    ExportColumn(_("Person's name"), lambda a: a.person_name, 24, personal=True),
    ExportColumn(_("Person's position"), lambda a: a.person_position, 24, personal=True),
    ExportColumn(_("Area"), lambda a: a.area.name, 20),
    ExportColumn(_("Area code"), lambda a: a.area.code, 12),
    ExportColumn(_("Year of achievement"), lambda a: a.year, 10),
    ExportColumn(_("Decision number"), lambda a: a.decision_no, 18),
    ExportColumn(_("Decision date"), lambda a: a.decided_on, 14, "date"),
    ExportColumn(_("Issuer"), lambda a: a.issuer, 26),
    ExportColumn(_("Signer"), lambda a: a.signer, 24),
]

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
