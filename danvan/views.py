from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse

from danvan.accounts.models import Office


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def site_office() -> dict:
    """The office running this installation, as the login page names it: the office of a current province (the
    first of several), its superior body above it; empty before any office exists."""
    offices = Office.objects.order_by("area__path", "pk").values("name", "superior_name")
    return offices.filter(area__parent__isnull=True, area__valid_to__isnull=True).first() or offices.first() or {}
