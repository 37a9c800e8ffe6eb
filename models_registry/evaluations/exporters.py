from django.utils.translation import gettext_lazy as _

from danvan.xlsx import Column


def _total(evaluation):
    total = evaluation.result.total
    return None if total is None else float(total)


def _band(evaluation):
    result = evaluation.result
    return result.band.name if result.band else ""


EVALUATION_COLUMNS = [
    Column(_("Model"), lambda e: e.initiative.name, 50),
    Column(_("Unit"), lambda e: e.initiative.unit.name, 30),
    Column(_("Area"), lambda e: e.initiative.unit.area.name, 20),
    Column(_("Criteria set"), lambda e: str(e.criteria_set), 36),
    Column(_("Evaluator"), lambda e: str(e.evaluator), 22),
    Column(_("Total"), _total, 10),
    Column(_("Rating"), _band, 14),
    Column(_("Criteria scored"), lambda e: f"{e.result.scored}/{e.result.criteria}", 12),
    Column(_("Overall comment"), lambda e: e.overall_comment, 40),
    Column(_("Updated"), lambda e: e.updated_at, 14, "date"),
]
