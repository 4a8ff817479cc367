from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

urlpatterns = [
    path("login/", views.PasswordLoginView.as_view(), name="login"),
    path("login/verify/", views.verify, name="two-factor-verify"),
    path("account/two-factor/enrol/", views.enrol, name="two-factor-enrol"),
    path("account/two-factor/qr.svg", views.qr_code, name="two-factor-qr"),
    path("account/security/", views.security, name="account-security"),
    path("account/two-factor/provider/", views.provider_two_factor, name="provider-two-factor"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
