from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from danvan.errors import DomainError
from models_registry.evaluations import domain
from models_registry.evaluations.models import CriteriaSet, Criterion, RatingBand, YearlyReview, format_points


class FrozenWhenUsedFormSet(forms.BaseInlineFormSet):
    """Refuses any change to the bands or criteria of a set already used for scoring."""

    def clean(self):
        super().clean()
        if self.has_changed():
            try:
                domain.check_editable(self.instance)
            except DomainError as error:
                raise forms.ValidationError(error.message) from None


class FrozenWhenUsedInline(admin.TabularInline):
    formset = FrozenWhenUsedFormSet
    extra = 0

    def _frozen(self, obj) -> bool:
        return obj is not None and domain.is_used(obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class RatingBandInline(FrozenWhenUsedInline):
    model = RatingBand
    fields = ["name", "lower_bound"]


class CriterionInline(FrozenWhenUsedInline):
    model = Criterion
    fields = ["order", "title", "guidance", "max_points", "evidence_required"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("widgets", {"guidance": forms.Textarea(attrs={"rows": 2, "cols": 40})})
        return super().get_formset(request, obj, **kwargs)


class CriteriaSetAdminForm(forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = ["name", "version", "phase", "year_from", "year_to", "applies_to", "pass_threshold", "is_example", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if set(self.changed_data) - {"is_active"}:
            try:
                domain.check_editable(self.instance)
            except DomainError as error:
                raise forms.ValidationError(error.message) from None
        return cleaned


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    form = CriteriaSetAdminForm
    inlines = [RatingBandInline, CriterionInline]
    list_display = ["name", "version", "applies_to", "pass_threshold", "total_points", "is_example", "is_active", "used_by"]
    list_filter = ["applies_to", "is_example", "is_active"]
    search_fields = ["name"]
    actions = ["copy_as_new_version"]
    editable_fields = [
        "name",
        "version",
        "phase",
        "year_from",
        "year_to",
        "applies_to",
        "pass_threshold",
        "is_example",
        "is_active",
    ]
    fields = [*editable_fields, "copied_from", "total_points", "used_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                points=Subquery(
                    Criterion.objects.filter(criteria_set=OuterRef("pk"))
                    .order_by()
                    .values("criteria_set")
                    .annotate(s=Sum("max_points"))
                    .values("s")
                ),
                uses=Count("evaluations"),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["copied_from", "total_points", "used_by"]
        if obj is not None and domain.is_used(obj):
            readonly += [f for f in self.editable_fields if f != "is_active"]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not domain.is_used(obj)) and super().has_delete_permission(request, obj)

    @admin.display(description=_("total points"))
    def total_points(self, obj):
        if obj.pk is None:
            return "—"
        points = obj.points if hasattr(obj, "points") else sum(c.max_points for c in obj.criteria.all())
        return format_points(points)

    @admin.display(description=_("evaluations"))
    def used_by(self, obj):
        return getattr(obj, "uses", None) if obj.pk else 0

    @admin.action(description=_("Copy into a new version"))
    def copy_as_new_version(self, request, queryset):
        for criteria_set in queryset:
            copy = domain.copy_criteria_set(criteria_set, by=request.user)
            self.message_user(request, _("Created %(set)s (inactive until you activate it).") % {"set": copy}, messages.SUCCESS)


@admin.register(YearlyReview)
class YearlyReviewAdmin(admin.ModelAdmin):
    list_display = ["initiative", "year", "rating", "reviewed_by", "reviewed_at"]
    list_filter = ["year", "rating"]
    raw_id_fields = ["initiative", "reviewed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
