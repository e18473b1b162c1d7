from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .counters import home_counters


def home(request: HttpRequest) -> HttpResponse:
    counters = home_counters(request.user, timezone.localdate())  # type: ignore[arg-type]
    return render(request, "home.html", {"counters": counters})
