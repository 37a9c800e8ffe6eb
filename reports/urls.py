from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.registry_report, name="registry"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/lock/", views.period_lock, name="period_lock"),
    path("periods/<int:pk>/records/", views.records, name="records"),
    path("periods/<int:pk>/my-report/", views.my_report, name="my_report"),
    path("periods/<int:pk>/tracker/", views.tracker, name="tracker"),
    path("periods/<int:pk>/consolidated/", views.consolidated, name="consolidated"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
]
