from django.urls import path

from . import views

app_name = "subscribers"

urlpatterns = [
    path("", views.FollowView.as_view(), name="follow"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("manage/<str:token>/", views.ManageView.as_view(), name="manage"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
