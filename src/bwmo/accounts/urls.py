from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("tweede-factor/", views.second_factor, name="second-factor"),
    path("tweede-factor/instellen/", views.enrol, name="enrol"),
    path("tweede-factor/herstelcodes/", views.recovery_codes, name="recovery-codes"),
    path("herbevestigen/", views.reauth, name="reauth"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password-change"),
    path("wachtwoord/gewijzigd/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password-reset"),
    path("wachtwoord-vergeten/verzonden/", views.PasswordResetDoneView.as_view(),
         name="password-reset-sent"),
    path("wachtwoord-vergeten/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("wachtwoord-vergeten/klaar/", views.PasswordResetCompleteView.as_view(),
         name="password-reset-complete"),
    path("oidc/login/", views.OIDCLoginView.as_view(), name="oidc-login"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc-callback"),
]
