"""Every create is idempotent against a double submit (issue 12, item 7).

A create form carries a one-time token (`OnceField`, a fresh UUID each time the page is drawn). The view makes
the record and stores the token with it in one transaction (`submit_once`). A second request with the same token,
at the same moment or later, waits for the first on the token's unique index, fails there, and is answered with
the record the first one made (`AlreadySubmitted`) instead of a second copy or a 500.
"""

import uuid

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from danvan.audit.models import SubmittedForm
from danvan.errors import DomainError

FIELD = "once"


class AlreadySubmitted(Exception):
    """This form was already saved; `record` is what it created."""

    def __init__(self, record):
        super().__init__(record)
        self.record = record


class OnceField(forms.UUIDField):
    """The hidden one-time token of a create form."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.HiddenInput, initial=uuid.uuid4, **kwargs)


def token_of(request) -> uuid.UUID | None:
    """The one-time token a POST carries, or None (none, or not a UUID)."""
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def new_token() -> uuid.UUID:
    """A token for a page that draws its own small form (a single button)."""
    return uuid.uuid4()


def previous(request):
    """The record an earlier request with this POST's token made, or None: a repeated submit goes straight to it."""
    token = token_of(request)
    if token is None:
        return None
    earlier = SubmittedForm.objects.filter(token=token, actor=request.user).select_related("content_type").first()
    return earlier.content_type.get_object_for_this_type(pk=earlier.object_id) if earlier else None


def submit_once(token, *, by, create):
    """Run `create()` (which returns the new record) unless this token already made one; without a token (a caller
    with no form) it simply runs."""
    if not token:
        return create()
    try:
        with transaction.atomic():
            record = create()
            SubmittedForm.objects.create(
                token=token, actor=by, content_type=ContentType.objects.get_for_model(record), object_id=record.pk
            )
    except (IntegrityError, DomainError):
        # The same form saved meanwhile by a request that held the same token (a unique value it also wrote, such
        # as a unit's code, may be what failed first); anything else is the create's own refusal.
        earlier = SubmittedForm.objects.filter(token=token, actor=by).select_related("content_type").first()
        if earlier is None:
            raise
        raise AlreadySubmitted(earlier.content_type.get_object_for_this_type(pk=earlier.object_id)) from None
    return record
