from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn


def _total(evaluation):
    total = evaluation.result.total
    return None if total is None else float(total)


def _band(evaluation):
    result = evaluation.result
    return result.band.name if result.band else ""


EVALUATION_COLUMNS = [
    ExportColumn(_("Model"), lambda e: e.initiative.name, 50),
    ExportColumn(_("Unit"), lambda e: e.initiative.unit.name, 30),
    ExportColumn(_("Area"), lambda e: e.initiative.unit.area.name, 20),
    ExportColumn(_("Criteria set"), lambda e: str(e.criteria_set), 36),
    ExportColumn(_("Evaluator"), lambda e: str(e.evaluator), 22),
    ExportColumn(_("Total"), _total, 10),
    ExportColumn(_("Rating"), _band, 14),
    ExportColumn(_("Criteria scored"), lambda e: f"{e.result.scored}/{e.result.criteria}", 12),
    ExportColumn(_("Overall comment"), lambda e: e.overall_comment, 40),
    ExportColumn(_("Updated"), lambda e: e.updated_at, 14, "date"),
]
