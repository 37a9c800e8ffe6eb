from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import Office, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "superior_name", "is_party_body", "is_active"]
    list_filter = ["is_party_body", "is_active"]
    search_fields = ["name", "superior_name"]
    raw_id_fields = ["area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    raw_id_fields = ["office"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Office and role"), {"fields": ("role", "office", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Office and role"), {"fields": ("role", "office")}))
