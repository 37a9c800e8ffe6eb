"""The app's URLs plus the anchors: a bare 50-row list view (load test) and Django's own login view (login)."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.urls import path

from bench.views import bare_list
from danvan.urls import urlpatterns as app_urlpatterns

bare_login = LoginView.as_view(template_name="bench/bare_login.html", next_page="bench_bare")

urlpatterns = [
    path("bench/bare/", bare_list, name="bench_bare"),
    path("bench/login/", login_not_required(bare_login), name="bench_login"),
    *app_urlpatterns,
]
