"""The anchor of the load test: a model, a queryset, a plain template; 50 rows of the same initiatives.

`?scope=/P01/` narrows it to an area subtree, so it shows the rows the province's list page shows."""

from django.shortcuts import render

from models_registry.initiatives.models import Initiative


def bare_list(request):
    rows = Initiative.objects.select_related("unit").order_by("-registered_on", "-pk")
    scope = request.GET.get("scope")
    if scope:
        rows = rows.filter(unit__area__path__startswith=scope)
    return render(request, "bench/bare_list.html", {"rows": rows[:50]})
