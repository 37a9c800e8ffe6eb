from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """One recorded change of a registry object: who, when, what, from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Edited")
        STATUS = "status", _("Status changed")
        DEACTIVATE = "deactivate", _("Deactivated")
        REACTIVATE = "reactivate", _("Reactivated")
        IMPORT = "import", _("Imported")
        EXPORT = "export", _("Exported")
        FILE = "file", _("File changed")
        LOCK = "lock", pgettext_lazy("audit action", "Locked")
        UNLOCK = "unlock", pgettext_lazy("audit action", "Unlocked")
        SUBMIT = "submit", pgettext_lazy("audit action", "Submitted")
        RETURN = "returned", pgettext_lazy("audit action", "Returned")
        ACCEPT = "accepted", pgettext_lazy("audit action", "Accepted")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=255)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_at")]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class SubmittedForm(models.Model):
    """The one-time token of a create form that was saved, and what it created: a double click or a repeated
    request with the same token finds the first record instead of making a second one."""

    token = models.UUIDField(unique=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.BigIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)
