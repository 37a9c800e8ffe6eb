from django.urls import path

from models_registry.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="list"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("score/<int:initiative_pk>/", views.score, name="score"),
    path("criteria/", views.criteria_sets, name="criteria_sets"),
    path("criteria/<int:pk>/", views.criteria_set_detail, name="criteria_set"),
    path("criteria/<int:pk>/copy/", views.criteria_set_copy, name="criteria_set_copy"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:year>/<int:initiative_pk>/discontinue/", views.review_discontinue, name="review_discontinue"),
]
