"""The top navigation: one entry per section, shown to whoever its access rule lets in."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.accounts.access import can_register, can_review_models


def everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    shown_to: Callable = everyone  # an access predicate: may this user use the section?
    badge: str = ""  # name of a context value shown as a count
    badge_title: str = ""
    working_only: bool = False  # an ended office does not see it (it could only be refused there)


NAV_ITEMS = [
    NavItem("home", _("Home")),
    NavItem("initiatives:list", _("Models"), badge="nav_returned_count", badge_title=_("returned to you")),
    NavItem("initiatives:review_queue", _("Review queue"), can_review_models, badge="nav_review_count", badge_title=_("waiting")),
    NavItem("units:list", _("Units")),
    NavItem("evaluations:list", _("Evaluations")),  # every role: officers reach the yearly review from it
    NavItem("awards:recognitions", _("Recognitions")),
    NavItem("awards:list", _("Awards")),
    NavItem("reports:index", _("Reports")),
    NavItem("imports:index", _("Import"), can_register),
]


def items_for(user, current_path: str) -> list[dict]:
    """The entries this user sees, with their URLs."""
    items = []
    for item in NAV_ITEMS:
        if not item.shown_to(user):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": item.label, "active": active, "badge": item.badge, "badge_title": item.badge_title})
    # Nested sections (/awards/ and /awards/recognitions/): only the most specific one is current.
    current = max((i["url"] for i in items if i["active"]), key=len, default=None)
    for entry in items:
        entry["active"] = entry["url"] == current
    return items
