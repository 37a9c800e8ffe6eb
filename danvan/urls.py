from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from danvan import views
from danvan.forms import LoginForm
from reports.dashboard import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.health, name="health"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True, authentication_form=LoginForm, extra_context={"site_office": views.site_office}
            )
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("pick/", include("danvan.pickers")),
    path("units/", include("models_registry.units.urls")),
    path("models/", include("models_registry.initiatives.urls")),
    path("evaluations/", include("models_registry.evaluations.urls")),
    path("awards/", include("models_registry.awards.urls")),
    path("reports/", include("reports.urls")),
    path("import/", include("models_registry.imports.urls")),
    path("exports/", include("danvan.exports.urls")),
    path("admin/", admin.site.urls),
]
