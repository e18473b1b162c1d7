from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bwmo.accounts.constants import Role

from .forms import AccessLogSearchForm
from .selectors import access_log_search


def access_log(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PRIVACY_OFFICER:  # type: ignore[union-attr]
        raise Http404
    # POST, so that a BSN typed here never ends up in a URL or a server log.
    form = AccessLogSearchForm(request.POST or None)
    page = None
    if form.is_valid() and any(form.cleaned_data.values()):
        entries = access_log_search(viewer=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        page = Paginator(entries, 100).get_page(request.POST.get("pagina"))
        if form.cleaned_data["bsn"]:
            form = AccessLogSearchForm(initial={**form.cleaned_data, "bsn": ""})
    return render(request, "audit/access_log.html", {"form": form, "page": page})
