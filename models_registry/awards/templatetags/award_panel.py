"""The recognitions / outstanding / awards panel of a model's detail page: a fixed number of queries."""

import re

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from danvan import documents
from models_registry.awards import access
from models_registry.awards.forms import OutstandingForm
from models_registry.initiatives.enums import REGISTERED_STATUSES

register = template.Library()
NUMBER_AFTER_SPACE = re.compile(r" (?=\d)")


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
    return documents.official_date(value) if value else ""


@register.filter
def nobreak(value):
    """A phrase that must not break across lines (a phase "2026–2030", a decision number)."""
    return format_html('<span class="nowrap">{}</span>', value)


@register.filter
def keep_numbers(value):
    """A date line that breaks only between its parts: "ngày 05", "tháng 12", "năm 2025" stay whole."""
    return mark_safe(NUMBER_AFTER_SPACE.sub("\u00a0", conditional_escape(value)))  # noqa: S308 -- escaped just before
