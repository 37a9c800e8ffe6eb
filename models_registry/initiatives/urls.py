from django.urls import path

from models_registry.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("new/", views.initiative_create, name="create"),
    path("similar/", views.similar_names, name="similar"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("showcase/<int:pk>/photos/<int:file_pk>/", views.showcase_photo, name="showcase_photo"),
    path("showcase/<int:pk>/replicate/", views.showcase_replicate, name="showcase_replicate"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/move/<slug:move>/", views.initiative_move, name="move"),
    path("<int:pk>/replicate/", views.initiative_replicate, name="replicate"),
    path("<int:pk>/files/<int:file_pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/files/<int:file_pk>/public/", views.evidence_public, name="evidence_public"),
]
