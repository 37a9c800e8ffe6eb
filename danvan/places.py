"""How a place is shown: `{{ area|place }}` writes its name and, for a former place (ended on 30/06/2025, seen
by its successor or in its own history), the badge "địa bàn cũ, đến 30/06/2025". A built-in filter."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from danvan.vietnamese import short_date

register = template.Library()


def former_note(area) -> str:
    """ "địa bàn cũ, đến 30/06/2025" for an area that has ended; "" for a current one."""
    if area is None or area.valid_to is None:
        return ""
    return gettext("legacy, until %(date)s") % {"date": short_date(area.valid_to)}


@register.filter
def place(area):
    if area is None:
        return "—"
    note = former_note(area)
    if not note:
        return area.name
    return format_html('{} <span class="badge text-bg-light border fw-normal">{}</span>', area.name, note)
