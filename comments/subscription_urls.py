from django.urls import path

from . import subscriptions

app_name = "comment_subscriptions"

urlpatterns = [
    path("confirm/<str:token>/", subscriptions.ConfirmSubscriptionView.as_view(), name="confirm"),
    path("unsubscribe/<str:token>/", subscriptions.UnsubscribeView.as_view(), name="unsubscribe"),
]
