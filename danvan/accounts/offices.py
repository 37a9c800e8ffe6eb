"""Offices in time: an office works from started_on to ended_on. After its end it keeps read access to its past
but cannot register, edit, submit or report; the refusal names the offices to turn to instead."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import Office
from danvan.collation import ViSortKey
from danvan.errors import NotAllowed
from danvan.vietnamese import short_date


def open_offices(on=None):
    """Offices working on the day (today by default)."""
    on = on or timezone.localdate()
    return Office.objects.filter(
        Q(started_on__isnull=True) | Q(started_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on), is_active=True
    )


def successor_offices(office) -> list[Office]:
    """The working offices that took over from an ended one: those of the areas that succeeded its area (through
    the succession links), then that of the nearest current area above it (the province, for a former district)."""
    area = office.area
    above = area.parent
    while above is not None and above.valid_to is not None:
        above = above.parent
    areas = Q(area__predecessor_links__predecessor=area) | (Q(area=above) if above is not None else Q(pk__in=[]))
    offices = open_offices().filter(areas).exclude(pk=office.pk).distinct()
    successors = sorted(offices.order_by(ViSortKey("name"), "pk"), key=lambda o: above is not None and o.area_id == above.pk)
    return successors


def closed_refusal(office) -> str:
    """Why an ended office may not register, edit, submit or report, and whom to turn to."""
    names = ", ".join(str(successor) for successor in successor_offices(office))
    message = _(
        "%(office)s stopped working on %(date)s: it can still read its past, but no longer register, edit, submit or report."
    ) % {"office": office, "date": short_date(office.ended_on)}
    if names:
        message += " " + _("Turn to: %(offices)s.") % {"offices": names}
    return message


def check_office_open(office, on=None) -> None:
    """NotAllowed, naming the successor offices, when the office does not work on the day (today by default)."""
    if office is not None and not office.is_open(on):
        raise NotAllowed(closed_refusal(office))
