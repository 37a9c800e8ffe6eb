"""Documents of recognitions and awards: the certificate's layout (printed from HTML) and the award proposal
as a "Tờ trình" with its list of proposed recipients (Word)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docx.shared import Cm

from danvan.documents import Layout, Text, layout, official_date, word
from danvan.vietnamese import short_date
from danvan.xlsx import export_filename

PROPOSAL_CODE = "TTr"  # tờ trình, in the document's number
PROPOSAL_BODY = gettext_noop(
    "Based on the results of the “Skilful mass mobilisation” movement in %(year)s, %(office)s respectfully proposes "
    "that %(issuer)s consider awarding %(form)s to %(count)s %(kind)s recipients with outstanding achievements "
    "(list attached)."
)


@dataclass(frozen=True)
class CertificateLayout:
    """The certificate's heading columns, its place and date (over the signature), and the signature."""

    left: tuple[Text, ...]
    right: tuple[Text, ...]
    place_date: Text
    layout: Layout


def certificate_layout(recognition) -> CertificateLayout:
    """The issuing office's heading (Party or State by the office), signed by the decision's signer."""
    office = recognition.office
    doc = layout(office, day=recognition.decided_on, title=_("CERTIFICATE OF RECOGNITION"), subject=[], signer=recognition.signer)
    left, place_date = tuple(text for text in doc.left if text.text), doc.right[-1]
    if office is None:  # a decision recorded without its office: the level issues it, in the model's area
        left = (Text(recognition.level.name.upper(), bold=True), Text("*"))
        area = recognition.initiative.unit.area.name
        place_date = Text(f"{area}, {official_date(recognition.decided_on)}", italic=True)
    return CertificateLayout(left=left, right=tuple(t for t in doc.right[:-1] if t.text), place_date=place_date, layout=doc)


def _recipient(item) -> tuple[str, str]:
    """(name, position and unit) of a proposed recipient."""
    if item.person_name:
        return item.person_name, ", ".join(p for p in (item.person_position, _unit_of(item)) if p)
    if item.initiative_id:
        return item.initiative.unit.name, ""  # the model itself is its achievement
    return item.unit.name, ""


def _unit_of(item) -> str:
    return item.initiative.unit.name if item.initiative_id else (item.unit.name if item.unit_id else "")


def _area_of(item) -> str:
    unit = item.initiative.unit if item.initiative_id else item.unit
    return unit.area.name if unit else ""


def _achievement(item) -> str:
    if item.initiative_id:
        recognition = next((r for r in item.initiative.recognitions.all() if r.in_force), None)
        kind = item.initiative.get_kind_display()
        if recognition is not None:
            return _("%(kind)s “%(name)s”, recognised by decision %(no)s of %(date)s") % {
                "kind": kind,
                "name": item.initiative.name,
                "no": recognition.decision_no,
                "date": short_date(recognition.decided_on),
            }
        return f"{kind} “{item.initiative.name}”"
    return ""


def proposal_document(proposal, items: list):
    """The Tờ trình of an award proposal, addressed to the award's issuer, with the list of recipients."""
    office, form = proposal.office, proposal.award_form
    day = timezone.localdate(proposal.sent_at) if proposal.sent_at else timezone.localdate()
    words = {
        "form": form.name,
        "kind": form.get_recipient_kind_display().lower(),
        "year": proposal.year,
        "office": office.name,
        "issuer": form.issuing_level,
        "count": len(items),
    }
    subject = _("On proposing %(form)s for %(kind)s recipients of the “Skilful mass mobilisation” movement, %(year)s") % words
    doc = layout(office, day=day, title=_("SUBMISSION"), subject=[subject], code=PROPOSAL_CODE, recipients_before=[_("As above")])
    document = word.new_document()
    word.write_heading(document, doc)
    word.write_title(document, doc)
    word.line(document, Text(_("To: %(issuer)s") % words), space_after=12)
    word.paragraph(document, _(PROPOSAL_BODY) % words)
    for part in proposal.note.splitlines():
        if part.strip():
            word.paragraph(document, part.strip())
    word.paragraph(document, _("Respectfully submitted to %(issuer)s for consideration and decision./.") % words)
    word.write_closing(document, doc)
    word.page_break(document)
    word.line(document, Text(_("LIST OF PROPOSED RECIPIENTS"), bold=True))
    word.line(document, Text(_("(attached to the submission of %(office)s)") % words, italic=True), space_after=8)
    headers = [_("No."), _("Name"), _("Position, unit"), _("Area"), _("Achievement")]
    rows = [[number, *_recipient(item), _area_of(item), _achievement(item)] for number, item in enumerate(items, start=1)]
    word.table(document, headers, rows, widths=[Cm(1.3), Cm(4.3), Cm(3.4), Cm(2.7), Cm(4.8)], size=12)
    return document


def proposal_response(proposal, items: list):
    filename = export_filename(proposal.office.area.name, "to-trinh-khen-thuong", str(proposal.year)).removesuffix(".xlsx")
    return word.response(proposal_document(proposal, items), filename + ".docx")
