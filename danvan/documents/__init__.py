"""The form of the documents an office issues, as data; one writer per output kind lays it out.

Party bodies follow Hướng dẫn 36-HD/VPTW (Văn phòng Trung ương Đảng, 03/04/2018), State bodies (UBND, Sở...)
Nghị định 30/2020/NĐ-CP. Both put the issuer on the left of the heading (superior body, then the office)
and the heading of the system on the right ("ĐẢNG CỘNG SẢN VIỆT NAM", underlined; or the national name
and motto); the number and symbol under the issuer, place and date in italics under the right heading;
then the document's kind and its subject, the body, "Nơi nhận" on the left and the signature on the right:
the authority (T/M a collective body, K/T a deputy for the head; TM./KT. in State documents), the
signer's title, room to sign and seal, and the full name. What varies is the office's data
(danvan.accounts.models.Office), edited by an administrator.

Writers: documents/workbook.py (openpyxl), documents/word.py (python-docx) and the certificate template
(templates/includes/document_*.html). A document of kind `BC` (báo cáo) of a Party office is numbered
"Số    -BC/BDVTU", of a State body "Số:    /BC-UBND": the number itself is left blank for the clerk who
registers the signed document (văn thư), as on drafts sent for signature.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from danvan.accounts.enums import SigningMode

PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"  # fixed by the Party's rules, whatever the interface language
STATE_HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
NUMBER_BLANK = "\u00a0" * 6  # room to write the number by hand; non-breaking, so the line stays whole
PARTY_AUTHORITY = {SigningMode.ON_BEHALF: "T/M", SigningMode.DEPUTY: "K/T"}
STATE_AUTHORITY = {SigningMode.ON_BEHALF: "TM.", SigningMode.DEPUTY: "KT."}


@dataclass(frozen=True)
class Text:
    """One line of a document and how it is set (sizes in points, as the rules give them)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 14


@dataclass(frozen=True)
class Layout:
    """Everything around a document's body. `left` and `right` are the heading's two columns, row by row."""

    party: bool
    left: tuple[Text, ...]
    right: tuple[Text, ...]
    title: Text
    subject: tuple[Text, ...]
    recipients: tuple[Text, ...]
    authority: tuple[Text, ...]
    signer: Text
    rule_under_subject: bool = True  # Party documents put a short line (-----) under the subject
    sign_room_lines: int = 5  # blank lines left for the signature and the seal (about 3 cm)
    extra: dict = field(default_factory=dict)


def official_date(day) -> str:
    """'ngày 05 tháng 01 năm 2026': days under 10 and the months January and February take a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("day %(day)s month %(month)s year %(year)s") % {"day": f"{day.day:02d}", "month": month, "year": day.year}


def place_and_date(office, day) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026' (without a place when the office has none)."""
    place = place_of(office)
    return f"{place}, {official_date(day)}" if place else official_date(day)


def place_of(office) -> str:
    if office is None:
        return ""
    return office.place_name or office.area.name


def issuer_name(office) -> str:
    """The office as its heading prints it, under its superior body: its heading name, else its name without
    the superior's ("Ban Dân vận Huyện ủy Gia Lâm" under "HUYỆN ỦY GIA LÂM" is "BAN DÂN VẬN")."""
    if office is None:
        return ""
    name, superior = office.heading_name or office.name, office.superior_name.strip()
    if not office.heading_name and superior and name.upper().endswith(" " + superior.upper()):
        name = name[: -len(superior) - 1]
    return name.strip().upper()


def number_line(office, code: str) -> str:
    """'Số    -BC/BDVTU' (Party) or 'Số:    /BC-UBND' (State); the number is written when the document is issued."""
    abbreviation = office.abbreviation if office else ""
    if office is not None and not office.is_party_body:
        return f"Số:{NUMBER_BLANK}/{code}-{abbreviation}" if abbreviation else f"Số:{NUMBER_BLANK}/{code}"
    return f"Số{NUMBER_BLANK}-{code}/{abbreviation}" if abbreviation else f"Số{NUMBER_BLANK}-{code}"


def heading(office, day, code: str | None) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    """The heading's left column (issuer, number) and right column (system heading, place and date)."""
    superior = Text(office.superior_name.upper() if office else "", size=14)
    issuer = Text(issuer_name(office), bold=True, size=14)
    number = Text(number_line(office, code), size=14) if code else Text("")
    date = Text(place_and_date(office, day), italic=True, size=14)
    if office is None or office.is_party_body:
        left = (superior, issuer, Text("*", size=14), number)
        right = (Text(PARTY_HEADING, bold=True, underline=True, size=15), Text(""), Text(""), date)
    else:
        left = (Text(superior.text, size=13), Text(issuer.text, bold=True, underline=True, size=13), number)
        right = (
            Text(STATE_HEADING[0], bold=True, size=13),
            Text(STATE_HEADING[1], bold=True, underline=True, size=14),
            date,
        )
    return left, right


def recipients(office, extra: list[str] | None = None) -> tuple[Text, ...]:
    """'Nơi nhận:' and one line a recipient, each after a dash, the last one ending with a full stop."""
    party = office is None or office.is_party_body
    lines = [*(extra or []), *(office.recipients.splitlines() if office else [])]
    lines = [line.strip().rstrip(",.;") for line in lines if line.strip()]
    title = Text(_("Recipients:"), underline=party, bold=not party, italic=not party, size=14 if party else 12)
    size = 12 if party else 11
    return (title, *(Text(f"- {line}{'.' if i == len(lines) - 1 else ','}", size=size) for i, line in enumerate(lines)))


def authority(office) -> tuple[Text, ...]:
    """'K/T TRƯỞNG BAN' over 'PHÓ TRƯỞNG BAN', 'T/M BAN THƯỜNG VỤ' over 'PHÓ BÍ THƯ', or just 'TRƯỞNG BAN'."""
    if office is None:
        return (Text(_("HEAD OF THE OFFICE"), bold=True),)
    title = Text((office.signer_title or _("HEAD OF THE OFFICE")).upper(), bold=True)
    marks = PARTY_AUTHORITY if office.is_party_body else STATE_AUTHORITY
    if office.signing_mode in marks and office.signing_for:
        return (Text(f"{marks[office.signing_mode]} {office.signing_for.upper()}", bold=True), title)
    return (title,)


def layout(
    office,
    *,
    day,
    title: str,
    subject: list[str],
    code: str | None = None,
    signer: str | None = None,
    signer_title: str | None = None,
    recipients_before: list[str] | None = None,
    with_recipients: bool = True,
) -> Layout:
    """The layout of one document of `office` dated `day`.

    `code` numbers it (BC, TTr); `signer` and `signer_title` replace the office's signer (a score sheet is signed
    by its evaluator); `recipients_before` go first in "Nơi nhận" (e.g. "Như trên"); a form has none."""
    left, right = heading(office, day, code)
    party = office is None or office.is_party_body
    name = signer if signer is not None else (office.signer_name if office else "")
    return Layout(
        party=party,
        left=left,
        right=right,
        title=Text(title.upper(), bold=True, size=15),
        subject=tuple(Text(line, bold=True, size=14) for line in subject if line),
        recipients=recipients(office, recipients_before) if with_recipients else (),
        authority=(Text(signer_title.upper(), bold=True),) if signer_title else authority(office),
        signer=Text(" ".join(name.split()), bold=True),
        rule_under_subject=party,
    )


def format_number(value) -> str:
    """1.234.567 (Vietnamese thousands separator)."""
    return f"{int(value):,}".replace(",", ".")
