from django.urls import path

from models_registry.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/<slug:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("progress/<slug:what>/<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/confirm/", views.job_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.job_cancel, name="cancel"),
]
