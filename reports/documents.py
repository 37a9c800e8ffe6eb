"""Period reports as Word documents (python-docx): the office's heading, the figures written into sentences,
the narrative sections, "Nơi nhận" and the signature, then the figure tables on landscape pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.documents import Text, layout, word
from danvan.xlsx import export_filename
from reports import narrative, registry
from reports.domain import ActivityRow, activity_rows
from reports.exporters import REPORT_CODE, _window_line, report_subject

TABLE_FONT = 7  # the figure tables have some twenty columns: they fit a landscape page (26.7 cm of text) at this size


def _document(office, day, subject: str, window: str):
    document = word.new_document()
    doc = layout(office, day=day, title=_("REPORT"), subject=[subject], code=REPORT_CODE)
    word.write_heading(document, doc)
    word.write_title(document, doc, window)
    return document, doc


def _section(document, title: str) -> None:
    word.paragraph(document, title, bold=True, indent=False).paragraph_format.keep_with_next = True


def _text(document, text: str) -> None:
    for part in (text or "").splitlines():
        if part.strip():
            word.paragraph(document, part.strip())


def _figures_appendix(document, report: registry.Report, activity: list[ActivityRow], subject: str) -> None:
    """The figure tables, on landscape pages after the signature."""
    word.landscape_section(document)
    word.line(document, Text(_("APPENDIX: FIGURES"), bold=True, size=13))
    word.line(document, Text(subject, italic=True, size=12), space_after=6)
    if activity:
        word.paragraph(document, _("Activity figures"), bold=True, size=11, indent=False)
        rows = [[r.name, r.unit, r.reported, "—" if r.registry is None else r.registry] for r in activity]
        heads = [_("Indicator"), _("Unit of measure"), _("reported by the office"), _("by the model registry")]
        word.table(document, [h[:1].upper() + h[1:] for h in heads], rows, size=10)
        word.paragraph(document, "", size=6, indent=False)
    widths = [Cm(3.2), *[Cm(2) if c.get("is_sum") else Cm(0.8) for c in report.columns]]
    for table in report.tables:
        word.paragraph(document, table.title, bold=True, size=11, indent=False)
        headers = [table.first_header, *[c["label"] for c in report.columns]]
        rows = [
            [f"{row.label} ({row.note})" if row.note else row.label, *[int(row.values.get(c["key"], 0)) for c in report.columns]]
            for row in [*table.rows, table.total]
        ]
        word.table(document, headers, rows, groups=report.groups, widths=widths, size=TABLE_FONT, bold_last=True)
        word.paragraph(document, "", size=6, indent=False)


def period_report_document(report, frozen: registry.Report | None, values: list):
    """An office's period report: its figures in sentences, its narrative, then the figure tables."""
    period, office = report.period, report.office
    frozen = frozen or registry.build(office.area, period)
    day = timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate()
    subject = report_subject(period)
    document, doc = _document(office, day, subject, _window_line(frozen, office.area.name))
    activity = {v.indicator.code: v.value for v in values}
    figures = narrative.figures(frozen, activity, period=period, area=office.area)
    _section(document, _("I. RESULTS"))
    for sentence in narrative.sentences(figures):
        word.paragraph(document, sentence)
    _text(document, report.results)
    _section(document, _("II. SHORTCOMINGS AND CAUSES"))
    _text(document, report.shortcomings)
    _section(document, _("III. DIRECTIONS FOR THE NEXT PERIOD"))
    _text(document, report.directions)
    word.write_closing(document, doc)
    _figures_appendix(document, frozen, activity_rows([(v.indicator, v.value) for v in values], frozen), subject)
    return document


def consolidated_document(consolidation, period, *, office, scope):
    """The province report: its figures in sentences, each accepted office's narrative, who has not reported."""
    report = consolidation.registry
    subject = report_subject(period)
    document, doc = _document(office, timezone.localdate(), subject, _window_line(report, report.scope_name))
    activity = {i.code: consolidation.totals.get(i.pk, 0) for i in consolidation.indicators}
    figures = narrative.figures(report, activity, period=period, area=scope)
    _section(document, _("I. RESULTS"))
    for sentence in narrative.sentences(figures):
        word.paragraph(document, sentence)
    parts = [
        (_("II. SHORTCOMINGS AND CAUSES"), "shortcomings"),
        (_("III. DIRECTIONS FOR THE NEXT PERIOD"), "directions"),
    ]
    for title, attribute in parts:
        _section(document, title)
        for accepted in consolidation.accepted:
            text = getattr(accepted, attribute).strip()
            if text:
                word.paragraph(document, f"{accepted.office.name}: {text}")
    _section(document, _("IV. OFFICES WITHOUT AN ACCEPTED REPORT"))
    missing = [o.name for o, _status in consolidation.missing]
    word.paragraph(document, "; ".join(missing) + "." if missing else _("None: every office has reported."))
    word.write_closing(document, doc)
    rows = activity_rows([(i, consolidation.totals.get(i.pk, 0)) for i in consolidation.indicators], report)
    _figures_appendix(document, report, rows, subject)
    _offices_table(document, consolidation)
    return document


def _offices_table(document, consolidation) -> None:
    word.paragraph(document, _("Activity figures by office (accepted reports)"), bold=True, size=11, indent=False)
    headers = [_("Office"), *[f"{i.name} ({i.unit_of_measure})" for i in consolidation.indicators]]
    rows = [[r.office.name, *[int(r.value_of.get(i.pk, 0)) for i in consolidation.indicators]] for r in consolidation.accepted]
    rows.append([pgettext("sum", "Total"), *[int(consolidation.totals.get(i.pk, 0)) for i in consolidation.indicators]])
    word.table(document, headers, rows, size=9, bold_last=True)


def docx_filename(scope_name: str, what: str, period) -> str:
    return export_filename(scope_name, what, f"{period.kind}-{period.year}").removesuffix(".xlsx") + ".docx"


def period_report_response(report, frozen, values):
    document = period_report_document(report, frozen, values)
    return word.response(document, docx_filename(report.office.area.name, "bao-cao", report.period))


def consolidated_response(consolidation, period, *, office, scope):
    document = consolidated_document(consolidation, period, office=office, scope=scope)
    name = scope.name if scope is not None else "toan-quoc"
    return word.response(document, docx_filename(name, "tong-hop", period))
