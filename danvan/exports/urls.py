from django.urls import path

from danvan.exports import views

app_name = "exports"
urlpatterns = [
    path("<int:pk>/", views.export_detail, name="export"),
    path("<int:pk>/download/", views.export_download, name="download"),
]
