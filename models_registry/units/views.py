from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.audit.domain import entries_for
from danvan.audit.shown import trail
from danvan.errors import DomainError, StaleEdit
from danvan.lists import ScopedListView
from danvan.once import AlreadySubmitted, previous, submit_once
from danvan.versions import changed_since, redraw_with_current_version
from models_registry.initiatives import domain as initiatives_domain
from models_registry.units import domain
from models_registry.units.access import can_create_unit, can_edit_unit, units_for
from models_registry.units.exporters import UNIT_COLUMNS
from models_registry.units.filters import UnitFilter
from models_registry.units.forms import UnitForm
from models_registry.units.models import Unit
from models_registry.units.tables import UnitTable


class UnitListView(ScopedListView):
    filterset_class = UnitFilter
    table_class = UnitTable
    export_columns = UNIT_COLUMNS
    export_what = "don-vi"
    export_key = "units"
    template_name = "units/list.html"

    title = gettext_lazy("Units")

    def may_create(self) -> bool:
        return can_create_unit(self.request.user)

    def scoped_queryset(self):
        return units_for(self.request.user).select_related("area")


def unit_detail(request, pk):
    unit = get_object_or_404(units_for(request.user).select_related("area", "created_by", "updated_by"), pk=pk)
    return render(
        request,
        "units/detail.html",
        {
            "unit": unit,
            "audit": trail(entries_for(unit)[:50], Unit, order=domain.TRACKED_FIELDS),
            "can_edit": can_edit_unit(request.user, unit),
        },
    )


def unit_create(request):
    if not can_create_unit(request.user):
        raise PermissionDenied
    if request.method == "POST" and (done := previous(request)) is not None:
        return redirect(done)  # the same form, sent again: the unit it made
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("seen", "once")}
        try:
            unit = submit_once(
                form.cleaned_data["once"], by=request.user, create=lambda: domain.create_unit(by=request.user, **fields)
            )
        except AlreadySubmitted as done:
            return redirect(done.record)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Unit “%(name)s” was created.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "units/form.html", {"form": form, "unit": None})


def unit_edit(request, pk):
    unit = get_object_or_404(units_for(request.user), pk=pk)
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    meanwhile = []
    if request.method == "POST" and form.is_valid():
        try:
            initiatives_domain.update_unit(form.instance, by=request.user, seen=form.cleaned_data["seen"] or None)
        except StaleEdit as error:
            current = Unit.objects.get(pk=unit.pk)
            entries = changed_since(current, form.cleaned_data["seen"])
            meanwhile = trail(entries, Unit, order=domain.TRACKED_FIELDS)
            redraw_with_current_version(form, current, entries)
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(request, "units/form.html", {"form": form, "unit": unit, "meanwhile": meanwhile})


@require_POST
def unit_set_active(request, pk):
    unit = get_object_or_404(units_for(request.user), pk=pk)
    if not can_edit_unit(request.user, unit):
        raise PermissionDenied
    active = request.POST.get("active") == "1"
    domain.set_unit_active(unit, by=request.user, active=active)
    messages.success(request, _("The unit was reactivated.") if active else _("The unit was deactivated."))
    return redirect(unit)
