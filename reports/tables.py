"""django-tables2 tables of the reports app: the records behind a figure, and the tracker."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from models_registry.awards.models import Award


class AwardRecordTable(tables.Table):
    decided_on = tables.DateColumn(short=True, attrs={"td": {"class": "date"}})
    decision_no = tables.Column(attrs={"td": {"class": "code"}})
    award_form = tables.Column(accessor="award_form__name", verbose_name=_("award form"))
    issuing_level = tables.Column(accessor="award_form__issuing_level", verbose_name=_("issuing level"))
    recipient_kind = tables.Column(accessor="award_form", verbose_name=_("recipient"), orderable=False)
    recipient = tables.Column(accessor="pk", verbose_name=_("Recipient"), orderable=False)
    area = tables.Column(order_by=("area__path",))

    class Meta:
        model = Award
        fields = ["decided_on", "decision_no", "award_form", "issuing_level", "recipient_kind", "recipient", "area"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No award.")

    def render_recipient_kind(self, value):
        return value.get_recipient_kind_display()

    def render_recipient(self, record):
        return record.recipient_name
