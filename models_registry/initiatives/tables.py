import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from danvan.places import place
from models_registry.initiatives.models import Initiative

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class InitiativeTable(tables.Table):
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-wrap initiative-name card-title-cell"}})
    unit = tables.Column(order_by=("unit__name",))
    area = tables.Column(accessor="unit__area", verbose_name=_("Area"), order_by=("unit__area__path",))
    kind = tables.Column(attrs=WIDE_ONLY)
    field = tables.Column(attrs=WIDE_ONLY)
    phase = tables.Column(attrs=WIDE_ONLY)
    registered_on = tables.DateColumn(short=True, attrs={"td": {"class": "date"}})
    status = tables.TemplateColumn(
        template_code='{% status_badge "Status" record.status %}',
        order_by=("status",),
    )

    class Meta:
        model = Initiative
        fields = ["name", "kind", "unit", "area", "field", "phase", "registered_on", "status"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No model matches.")
        template_name = "initiatives/_table.html"  # rows rendered from the record, in this column order

    order_name = vi_order("name")
    order_unit = vi_order("unit__name")

    @cached_property
    def detail_base(self) -> str:
        """ "/models/": each row's link is this plus its id (one reverse() a page instead of one a row)."""
        return reverse("initiatives:list")


class ReviewQueueTable(tables.Table):
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-wrap initiative-name card-title-cell"}})
    unit = tables.Column(order_by=("unit__name",))
    area = tables.Column(accessor="unit__area", verbose_name=_("Area"), order_by=("unit__area__path",))
    status_changed_at = tables.DateTimeColumn(verbose_name=_("Submitted at"), short=True, attrs={"td": {"class": "date"}})
    waiting = tables.Column(
        verbose_name=_("Days waiting"), accessor="status_changed_at", orderable=False, attrs={"td": {"class": "num"}}
    )

    class Meta:
        model = Initiative
        fields = ["name", "kind", "unit", "area", "field", "status_changed_at", "waiting"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("Nothing waits for review.")

    order_name = vi_order("name")
    order_unit = vi_order("unit__name")

    def render_area(self, value):
        return place(value)

    def render_waiting(self, value):
        return (timezone.now() - value).days
