import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from models_registry.evaluations.models import Evaluation, format_points


class EvaluationTable(tables.Table):
    initiative = tables.Column(verbose_name=_("Model"), linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(verbose_name=_("Unit"), accessor="initiative__unit__name", order_by=("initiative__unit__name",))
    criteria_set = tables.Column(verbose_name=_("Criteria set"))
    evaluator = tables.Column(verbose_name=_("Evaluator"))
    total = tables.Column(verbose_name=_("Total"), empty_values=(), order_by=("total_points",), attrs={"td": {"class": "num"}})
    band = tables.Column(verbose_name=_("Rating"), empty_values=(), orderable=False)
    updated_at = tables.DateColumn(verbose_name=_("Updated"), short=True, attrs={"td": {"class": "date"}})

    class Meta:
        model = Evaluation
        fields = ["initiative", "unit", "criteria_set", "evaluator", "total", "band", "updated_at"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No evaluation matches.")

    order_initiative = vi_order("initiative__name")
    order_unit = vi_order("initiative__unit__name")
    order_evaluator = vi_order("evaluator__full_name", person=True)

    def render_total(self, record):
        result = record.result
        if result.total is None:
            return _("not scored")
        return format_points(result.total)

    def render_band(self, record):
        result = record.result
        if result.total is None:
            return "—"
        band = result.band.name if result.band else "—"
        if result.complete:
            return band
        return format_html('{} <span class="badge text-bg-warning">{}</span>', band, _("incomplete"))
