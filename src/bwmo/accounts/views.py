from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone

from .forms import LoginForm
from .home import home_counters


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def home(request):  # type: ignore[no-untyped-def]
    counters = home_counters(request.user, timezone.localdate())
    return render(request, "home.html", {"counters": counters})
