from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bwmo.accounts.constants import Role

from .forms import AccessLogSearchForm
from .selectors import access_log_search


def access_log(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PRIVACY_OFFICER:  # type: ignore[union-attr]
        raise Http404
    form = AccessLogSearchForm(request.GET or None)
    page = None
    if form.is_valid() and any(form.cleaned_data.values()):
        entries = access_log_search(viewer=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "audit/access_log.html", {"form": form, "page": page})
