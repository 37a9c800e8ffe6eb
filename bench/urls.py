"""The app's URLs plus the bare 50-row list view the load test compares the registry list with."""

from django.urls import path

from bench.views import bare_list
from danvan.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/bare/", bare_list, name="bench_bare"), *app_urlpatterns]
