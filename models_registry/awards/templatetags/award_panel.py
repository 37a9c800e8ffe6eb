"""The recognitions / outstanding / awards panel of a model's detail page: a fixed number of queries."""

from django import template
from django.utils import timezone

from models_registry.awards import access
from models_registry.awards.forms import OutstandingForm
from models_registry.initiatives.enums import REGISTERED_STATUSES

register = template.Library()


@register.inclusion_tag("awards/_panel.html", takes_context=True)
def awards_panel(context, initiative):
    user = context["user"]
    recognitions = list(
        initiative.recognitions.select_related("level", "office", "recorded_by", "revoked_by", "replaces").order_by(
            "-recorded_at", "-pk"
        )
    )
    in_force = next((r for r in recognitions if r.in_force), None)
    marks = list(initiative.outstanding_marks.all())
    can_mark = access.can_mark_outstanding(user, initiative, in_force)
    return {
        "initiative": initiative,
        "user": user,
        "recognitions": recognitions,
        "in_force": in_force,
        "marks": marks,
        "awards": list(initiative.awards.select_related("award_form")),
        "can_recognise": access.can_recognise(user, initiative),
        "can_revoke": in_force is not None and (access.can_revoke(user, in_force) or access.can_replace(user, in_force)),
        "can_mark": can_mark,
        "outstanding_form": OutstandingForm() if can_mark else None,
        "this_year": timezone.localdate().year,
        "can_record_award": access.can_record_award(user) and initiative.status in REGISTERED_STATUSES,
    }


@register.filter
def official_date(value):
    """“ngày 05 tháng 02 năm 2025”: official papers pad days under 10 and the months January and February."""
    from django.utils.translation import gettext

    if not value:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return gettext("day %(day)s month %(month)s year %(year)s") % {
        "day": f"{value.day:02d}",
        "month": month,
        "year": value.year,
    }


@register.simple_tag
def certificate_place(recognition):
    """Where the certificate is issued: the office's place name, else its area, else the model's area."""
    office = recognition.office
    if office is not None:
        return office.place_name or office.area.name
    return recognition.initiative.unit.area.name
