from django.contrib import admin

from reports.models import ActivityIndicator, PeriodReport, ReportPeriod


@admin.register(ActivityIndicator)
class ActivityIndicatorAdmin(admin.ModelAdmin):
    """Indicators are reference data an administrator edits; retire one by unticking "active"."""

    list_display = ["name", "unit_of_measure", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Periods and reports change only through the reports pages, which check locks and record the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportPeriod)
class ReportPeriodAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "area", "start", "end", "due_on", "is_locked"]
    list_filter = ["kind", "is_locked"]


@admin.register(PeriodReport)
class PeriodReportAdmin(ReadOnlyAdmin):
    list_display = ["office", "period", "status", "submitted_at"]
    list_filter = ["status", "period"]
    search_fields = ["office__name"]
