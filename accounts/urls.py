"""Password reset, under the names Django's admin and auth templates look up
(the admin login shows its "Forgotten your password?" link once
``admin_password_reset`` exists), and the two-factor pages."""

from django.urls import include, path

from . import views

two_factor_patterns = (
    [
        path("", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
        path("setup/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    ],
    "accounts",
)

urlpatterns = [
    path("admin/password_reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/two-factor/", include(two_factor_patterns)),
]
