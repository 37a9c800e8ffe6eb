import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from models_registry.awards.models import Award, AwardProposal, Recognition


class RecognitionTable(tables.Table):
    decision_no = tables.Column(verbose_name=_("Decision"), attrs={"td": {"class": "code"}})
    decided_on = tables.DateColumn(verbose_name=_("Date"), short=True, attrs={"td": {"class": "date"}})
    initiative = tables.Column(verbose_name=_("Model"), linkify=lambda record: record.initiative.get_absolute_url())
    unit = tables.Column(verbose_name=_("Unit"), accessor="initiative__unit__name", order_by=("initiative__unit__name",))
    level = tables.Column(verbose_name=_("Level"), order_by=("level__order",))
    signer = tables.Column(verbose_name=_("Signer"))
    state = tables.Column(verbose_name=_("State"), empty_values=(), order_by=("revoked_at",))

    class Meta:
        model = Recognition
        fields = ["decision_no", "decided_on", "initiative", "unit", "level", "signer", "state"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No recognition matches.")

    order_initiative = vi_order("initiative__name")
    order_unit = vi_order("initiative__unit__name")

    def render_state(self, record):
        if record.in_force:
            url = reverse("awards:certificate", args=[record.pk])
            return format_html(
                '<span class="badge text-bg-success">{}</span> <a class="small" href="{}">{}</a>',
                _("In force"),
                url,
                _("Certificate"),
            )
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Revoked"))


class AwardTable(tables.Table):
    award_form = tables.Column(verbose_name=_("Award form"), accessor="award_form__name", order_by=("award_form__order",))
    recipient = tables.Column(verbose_name=_("Recipient"), empty_values=(), orderable=False)
    area = tables.Column(verbose_name=_("Area"), order_by=("area__path",))
    year = tables.Column(verbose_name=_("Year"))
    decision_no = tables.Column(verbose_name=_("Decision"), attrs={"td": {"class": "code"}})
    decided_on = tables.DateColumn(verbose_name=_("Date"), short=True, attrs={"td": {"class": "date"}})
    issuer = tables.Column(verbose_name=_("Issuer"))

    class Meta:
        model = Award
        fields = ["award_form", "recipient", "area", "year", "decision_no", "decided_on", "issuer"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No award matches.")

    def render_year(self, value):
        return str(value)  # a year, never 2.025

    def render_recipient(self, record):
        if record.person_name:
            return format_html("{}<div class='small text-muted'>{}</div>", record.person_name, record.person_position)
        if record.initiative_id:
            return format_html('<a href="{}">{}</a>', record.initiative.get_absolute_url(), record.initiative.name)
        return format_html('<a href="{}">{}</a>', record.unit.get_absolute_url(), record.unit.name)


class ProposalTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=lambda record: reverse("awards:proposal", args=[record.pk]))
    office = tables.Column(verbose_name=_("Office"))
    award_form = tables.Column(verbose_name=_("Award form"))
    year = tables.Column(verbose_name=_("Year"))
    items = tables.Column(verbose_name=_("Recipients"), accessor="item_count", attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateColumn(verbose_name=_("Created"), short=True, attrs={"td": {"class": "date"}})

    class Meta:
        model = AwardProposal
        fields = ["title", "office", "award_form", "year", "items", "status", "created_at"]
        attrs = {"class": "table table-sm table-hover align-middle table-cards"}
        empty_text = _("No proposal matches.")

    order_office = vi_order("office__name")

    def render_year(self, value):
        return str(value)
