"""The job page (status, progress bar polled with htmx, result or error) and "Mijn taken".
Thin: visibility in `selectors`, progress in `progress`. No client data: a job shows counts and a
link to the screen of its result, which checks access and logs as always."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bwmo.accounts.models import User

from . import progress, selectors
from .models import Job

POLL_SECONDS = 1


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.jobs_for(_user(request)).filter(pk=pk).first()
    if job is None:
        raise Http404
    context = {"job": job, "progress": progress.current(job), "poll": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = list(selectors.mine(user)[:50])
    others: list[Job] = list(selectors.jobs_for(user).exclude(started_by=user)[:50])
    return render(request, "jobs/job_list.html", {"mine": mine, "others": others})
