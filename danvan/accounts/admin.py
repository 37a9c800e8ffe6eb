from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Office, User
from danvan.collation import ViPersonSortKey, ViSortKey


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "superior_name", "started_on", "ended_on", "is_active"]
    list_filter = ["is_party_body", "is_active", "ended_on"]
    search_fields = ["name", "superior_name"]
    raw_id_fields = ["area"]
    ordering = [ViSortKey("name"), "pk"]
    fieldsets = (
        (None, {"fields": ("name", "area", "email", "is_active", "started_on", "ended_on")}),
        (
            _("Documents: heading"),
            {
                "fields": ("is_party_body", "superior_name", "heading_name", "abbreviation", "place_name"),
                "description": _(
                    "How the office's reports, certificates and proposals are headed (Hướng dẫn 36-HD/VPTW for Party "
                    "bodies, Nghị định 30/2020/NĐ-CP for State bodies)."
                ),
            },
        ),
        (
            _("Documents: signature and recipients"),
            {"fields": ("signing_mode", "signing_for", "signer_title", "signer_name", "recipients")},
        ),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "office", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    ordering = [ViPersonSortKey("full_name"), "username"]
    raw_id_fields = ["office"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone")}),
        (_("Office and role"), {"fields": ("role", "office")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Office and role"), {"fields": ("full_name", "role", "office")}))
