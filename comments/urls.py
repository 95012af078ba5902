from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/privacy/", views.PrivacyPageView.as_view(), name="privacy"),
    path("comments/privacy/my-data/", views.DataRequestView.as_view(), name="data_request"),
    path("comments/privacy/my-data/<str:token>/", views.DataRequestConfirmView.as_view(), name="data_request_confirm"),
    path("comments/report/<int:pk>/", views.ReportCommentView.as_view(), name="report"),
    path("comments/moderate/<str:token>/", views.EmailActionView.as_view(), name="moderate_by_email"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed_rss"),
    path("comments/feed/atom/", feeds.LatestCommentsAtomFeed(), name="feed_atom"),
    path("comments/feed/article/<id:pk>/", feeds.ArticleCommentsFeed(), name="article_feed_rss"),
    path("comments/feed/article/<id:pk>/atom/", feeds.ArticleCommentsAtomFeed(), name="article_feed_atom"),
]

# Under their own namespace, included at comments/subscriptions/ by the site.
subscription_patterns = (
    [
        path("confirm/<str:token>/", views.ConfirmSubscriptionView.as_view(), name="confirm"),
        path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    ],
    "comment_subscriptions",
)
