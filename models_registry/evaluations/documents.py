"""The score sheet (Phiếu chấm điểm) of an evaluation as a Word document: the evaluator's office heading, the
model, each criterion with its maximum and the points given, the total and the rating, the evaluator's signature."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.documents import layout, word
from danvan.xlsx import export_filename
from models_registry.evaluations.models import format_points


def score_sheet_document(evaluation, rows: list):
    """rows: (criterion, score or None) in the criteria set's order; unscored criteria print empty, to fill by hand."""
    initiative, result = evaluation.initiative, evaluation.result
    office = evaluation.evaluator.office
    day = timezone.localdate(evaluation.updated_at)
    subject = _("%(kind)s “Dân vận khéo”: %(name)s") % {"kind": initiative.get_kind_display(), "name": initiative.name}
    doc = layout(
        office,
        day=day,
        title=_("SCORE SHEET"),
        subject=[subject],
        signer=evaluation.evaluator.get_full_name(),
        signer_title=_("EVALUATOR"),
        with_recipients=False,
    )
    document = word.new_document()
    word.write_heading(document, doc)
    word.write_title(document, doc)
    facts = [
        (_("Unit"), f"{initiative.unit.name} — {initiative.unit.area.name}"),
        (_("Criteria set"), str(evaluation.criteria_set)),
        (_("Evaluator"), evaluation.evaluator.get_full_name() or evaluation.evaluator.username),
    ]
    for label, value in facts:
        word.paragraph(document, f"{label}: {value}", indent=False)
    word.paragraph(document, "", size=6, indent=False)
    table_rows = [
        [index, criterion.title, format_points(criterion.max_points), format_points(score.points) if score else ""]
        for index, (criterion, score) in enumerate(rows, start=1)
    ]
    maximum = sum(criterion.max_points for criterion, _score in rows)
    table_rows.append(["", pgettext("sum", "Total"), format_points(maximum), format_points(result.total)])
    headers = [_("No."), _("Criterion"), _("Maximum points"), _("Points given")]
    grid = word.table(document, headers, table_rows, widths=[Cm(1.3), Cm(10.2), Cm(2.5), Cm(2.5)], size=12, bold_last=True)
    for row in grid.rows[1:]:
        for cell in row.cells[2:]:
            cell.paragraphs[0].alignment = word.RIGHT
    band = result.band.name if result.band else "—"
    word.paragraph(document, "", size=6, indent=False)
    word.paragraph(document, _("Rating: %(band)s") % {"band": band}, bold=True, indent=False)
    if evaluation.overall_comment.strip():
        word.paragraph(document, _("Comment: %(comment)s") % {"comment": evaluation.overall_comment.strip()}, indent=False)
    word.write_closing(document, doc)
    return document


def score_sheet_response(evaluation, rows: list):
    filename = export_filename(evaluation.initiative.unit.area.name, "phieu-cham-diem", str(evaluation.pk)).removesuffix(".xlsx")
    return word.response(score_sheet_document(evaluation, rows), filename + ".docx")
