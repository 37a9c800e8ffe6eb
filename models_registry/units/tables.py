import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from danvan.places import place
from models_registry.units.models import Unit


class UnitTable(tables.Table):
    code = tables.Column(linkify=True, attrs={"td": {"class": "code"}})
    name = tables.Column(linkify=True, attrs={"td": {"class": "card-title-cell"}})
    area = tables.Column(order_by=("area__path",))
    is_active = tables.BooleanColumn(yesno=(_("Yes"), _("No")))

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "area", "is_active"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No unit matches.")

    order_name = vi_order("name")

    def render_area(self, value):
        return place(value)
