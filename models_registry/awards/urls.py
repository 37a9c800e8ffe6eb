from django.urls import path

from models_registry.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.AwardListView.as_view(), name="list"),
    path("new/", views.award_create, name="create"),
    path("<int:pk>/file/", views.award_file, name="award_file"),
    path("recognitions/", views.RecognitionListView.as_view(), name="recognitions"),
    path("recognise/<int:initiative_pk>/", views.recognise, name="recognise"),
    path("recognitions/<int:pk>/revoke/", views.recognition_revoke, name="revoke"),
    path("recognitions/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("recognitions/<int:pk>/file/", views.recognition_file, name="recognition_file"),
    path("outstanding/<int:initiative_pk>/", views.outstanding_mark, name="outstanding_mark"),
    path("outstanding/<int:pk>/remove/", views.outstanding_unmark, name="outstanding_unmark"),
    path("proposals/", views.ProposalListView.as_view(), name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/items/", views.proposal_add_item, name="proposal_add_item"),
    path("proposals/<int:pk>/items/<int:item_pk>/remove/", views.proposal_remove_item, name="proposal_remove_item"),
    path("proposals/<int:pk>/send/", views.proposal_send, name="proposal_send"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
]
