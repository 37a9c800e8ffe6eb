from django.contrib import admin

from models_registry.units.models import Area, AreaLink, Unit


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(AreaLink)
class AreaLinkAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "date"]
    list_filter = ["kind", "date"]
    search_fields = ["predecessor__name", "successor__name", "predecessor__code", "successor__code"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area", "created_by", "updated_by"]
