from django.contrib import admin

from models_registry.initiatives.models import Field, Phase


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    """An administrator adds a field beyond the four (e.g. "xây dựng nông thôn mới") or retires one."""

    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
