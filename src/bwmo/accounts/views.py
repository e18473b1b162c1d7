"""Login in two steps (password, then the code of an authenticator app), enrolment of that app,
recovery codes, re-authentication before bulk exports, and password change and reset."""

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from mozilla_django_oidc import views as oidc_views

from . import mfa
from .forms import CodeForm, EnrolForm, LoginForm, ReauthForm

NEW_CODES_SESSION_KEY = "bwmo_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class LoginView(auth_views.LoginView):
    """Step 1: username and password. Step 2 (the code) follows in `second_factor`."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.BWMO_OIDC_ENABLED
        return context

    def get_success_url(self) -> str:
        return _with_next("accounts:second-factor", self.get_redirect_url() or
                          reverse(settings.LOGIN_REDIRECT_URL))


class LogoutView(auth_views.LogoutView):
    pass


def second_factor(request: HttpRequest) -> HttpResponse:
    """Step 2 of the login: the code from the app, or a recovery code."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if mfa.confirmed_app(request.user) is None:
        return redirect(_with_next("accounts:enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa.check(request, form.cleaned_data["code"], step="inloggen")
        if device is not None:
            mfa.mark_verified(request, device)
            if device.name == mfa.RECOVERY_DEVICE_NAME:
                left = mfa.remaining_recovery_codes(request.user)
                from django.contrib import messages

                messages.warning(request, f"U hebt een herstelcode gebruikt. U hebt er nog {left}. "
                                          "Maak nieuwe herstelcodes aan als u er bijna geen meer hebt.")
            return redirect(next_url)
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de nieuwe code uit de app.")
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


def enrol(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app: scan the QR code (or type the key), enter a code."""
    next_url = _next_url(request)
    if mfa.confirmed_app(request.user) is not None and not request.user.is_verified():
        return redirect(_with_next("accounts:second-factor", next_url))  # no new app without a code
    device = mfa.pending_app(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_app(device, form.cleaned_data["code"])
        if codes is not None:
            mfa.mark_verified(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:recovery-codes", next_url))
        form.add_error("code", "Deze code klopt niet. Controleer of de tijd op uw telefoon klopt "
                               "en vul de code in die de app nu toont.")
    return render(request, "accounts/enrol.html", {
        "form": form, "next": next_url, "qr_svg": mfa.qr_svg(device),
        "secret": mfa.secret_for_display(device), "otpauth_uri": device.config_url,
    })


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows new recovery codes once; POST makes a new set (the old ones stop working)."""
    if not request.user.is_verified():
        return redirect(_with_next("accounts:second-factor", request.get_full_path()))
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = mfa.new_recovery_codes(request.user)
        return redirect(_with_next("accounts:recovery-codes", _next_url(request)))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes, "next": _next_url(request),
        "remaining": mfa.remaining_recovery_codes(request.user),
    })


def reauth(request: HttpRequest) -> HttpResponse:
    """Password and code again before a bulk export (see accounts.reauth)."""
    next_url = _next_url(request)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.get_username(),
                            password=form.cleaned_data["password"])
        device = (mfa.check(request, form.cleaned_data["code"], step="herbevestiging")
                  if user == request.user else None)
        if device is not None:
            mfa.mark_verified(request, device)
            return redirect(next_url)
        form.add_error(None, "Het wachtwoord of de verificatiecode klopt niet.")
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class _OIDCOnly:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.BWMO_OIDC_ENABLED:
            raise Http404("Inloggen via de eigen identiteitsdienst staat niet aan.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class OIDCLoginView(_OIDCOnly, oidc_views.OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if settings.BWMO_OIDC_ENABLED:
            super().__init__(*args, **kwargs)


class OIDCCallbackView(_OIDCOnly, oidc_views.OIDCAuthenticationCallbackView):
    def login_failure(self) -> HttpResponseRedirect:
        from django.contrib import messages

        messages.error(self.request, "Inloggen via de identiteitsdienst is niet gelukt. "
                                     "Probeer het opnieuw of neem contact op met functioneel beheer.")
        return super().login_failure()
