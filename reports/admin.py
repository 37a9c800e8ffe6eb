from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reports.models import ActivityIndicator, PeriodReport, ReportPeriod, ReportSentence
from reports.narrative import placeholders


@admin.register(ActivityIndicator)
class ActivityIndicatorAdmin(admin.ModelAdmin):
    """Indicators are reference data an administrator edits; retire one by unticking "active"."""

    list_display = ["name", "unit_of_measure", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(ReportSentence)
class ReportSentenceAdmin(admin.ModelAdmin):
    """The Word report's sentences: Vietnamese text with the figures in braces; the form lists every name."""

    list_display = ["order", "__str__", "is_active"]
    list_display_links = ["__str__"]
    list_editable = ["order", "is_active"]
    fields = ["order", "text", "is_active", "names"]
    readonly_fields = ["names"]

    @admin.display(description=_("Figures a sentence may name"))
    def names(self, obj=None):
        rows = format_html_join("", "<li><code>{{{}}}</code>: {}</li>", sorted(placeholders().items()))
        return format_html("<ul>{}</ul>", rows)


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
