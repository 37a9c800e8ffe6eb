"""Status badges: each status enum carries its members' colours, and one template tag draws any of them.

A status enum subclasses `BadgedChoices` and says each member's Bootstrap colour in `badges()`; templates write
`{% status_badge "Status" value %}` (a built-in tag) with the enum's class name. A member without a colour is a
KeyError (and a failing test), never a silently grey badge.
"""

from django import template
from django.db import models
from django.utils.html import format_html

BADGED: dict[str, type] = {}
register = template.Library()


class BadgedChoices(models.TextChoices):
    """Choices whose members each have a badge colour, from the subclass's `badges()` classmethod."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__name__ in BADGED and BADGED[cls.__name__] is not cls:
            raise TypeError(f"Two badged enums are called {cls.__name__}; templates name them by class name.")
        BADGED[cls.__name__] = cls

    @classmethod
    def badges(cls) -> dict:
        raise NotImplementedError

    @property
    def badge(self) -> str:
        """The Bootstrap colour of this member's badge ("success", "light border"...)."""
        return type(self).badges()[self]


@register.simple_tag
def status_badge(enum_name: str, value, label="", css: str = "", id: str = ""):  # noqa: A002 (the HTML attribute)
    """<span class="badge ..."> of one status, in its enum's colour, with its label unless another is given."""
    member = BADGED[enum_name](value)
    classes = " ".join(part for part in ("badge status-badge", css, f"text-bg-{member.badge}") if part)
    if id:
        return format_html('<span class="{}" id="{}">{}</span>', classes, id, label or member.label)
    return format_html('<span class="{}">{}</span>', classes, label or member.label)
