from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bwmo.accounts.constants import Role
from bwmo.accounts.reauth import reauth_required
from bwmo.core import crypto

from . import export
from .constants import AccessAction, Purpose
from .forms import AccessLogSearchForm, ClientLogExportForm
from .models import client_model
from .selectors import access_log_of_client, access_log_search, client_for_log_request
from .services import access_log_write


def _require_privacy_officer(request: HttpRequest) -> None:
    if request.user.role != Role.PRIVACY_OFFICER:  # type: ignore[union-attr]
        raise Http404


def access_log(request: HttpRequest) -> HttpResponse:
    _require_privacy_officer(request)
    # POST, so that a BSN typed here never ends up in a URL or a server log.
    form = AccessLogSearchForm(request.POST or None)
    page = None
    if form.is_valid() and any(form.cleaned_data.values()):
        _log_supervision_search(request, form.cleaned_data)
        entries = access_log_search(viewer=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        page = Paginator(entries, 100).get_page(request.POST.get("pagina"))
        if form.cleaned_data["bsn"]:
            form = AccessLogSearchForm(initial={**form.cleaned_data, "bsn": ""})
    return render(request, "audit/access_log.html", {"form": form, "page": page})


def _log_supervision_search(request: HttpRequest, data: dict[str, object]) -> None:
    """The privacy officer's own search is logged too: which criteria, and the client searched
    for when it was a client search (never the BSN or username typed)."""
    clients = client_model().objects
    client = None
    if data.get("client_number"):
        client = clients.filter(pk=data["client_number"]).first()
    elif data.get("bsn"):
        client = clients.filter(bsn_index=crypto.blind_index(str(data["bsn"]))).first()
    access_log_write(
        user=request.user, action=AccessAction.SEARCH, purpose=Purpose.SUPERVISION,  # type: ignore[arg-type]
        client=client, request=request, object_type="toegangslog",
        criteria=",".join(sorted(k for k, v in data.items() if v)),
    )


def client_log_export(request: HttpRequest) -> HttpResponse:
    """The whole access log of one client, across regions, for an inzageverzoek (AVG art. 15).
    Password and code again first when the last entry is stale (accounts.reauth)."""
    _require_privacy_officer(request)
    return _client_log_export(request)


@reauth_required
def _client_log_export(request: HttpRequest) -> HttpResponse:
    form = ClientLogExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = client_for_log_request(viewer=request.user, client_number=data["client_number"],  # type: ignore[arg-type]
                                        bsn=data["bsn"])
        if client is None:
            form.add_error(None, "Er is geen cliënt met dit nummer of BSN bij uw regio bekend.")
        else:
            entries = list(access_log_of_client(client=client))
            access_log_write(
                user=request.user, action=AccessAction.EXPORT,  # type: ignore[arg-type]
                purpose=Purpose.DATA_SUBJECT_REQUEST, client=client, request=request,
                object_type="toegangslog", reason=data["reason"],
                detail=f"Inzageverzoek: {len(entries)} logregels",
            )
            if data["file_format"] == "csv":
                body, content_type = export.as_csv(entries), "text/csv; charset=utf-8"
            else:
                body = export.as_xlsx(entries)
                content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            response = HttpResponse(body, content_type=content_type)
            response["Content-Disposition"] = (
                f'attachment; filename="toegangslog-client-{client.pk}.{data["file_format"]}"'
            )
            return response
    if form.is_bound and form.data.get("bsn"):
        form.data = form.data.copy()  # the BSN typed is not sent back in the page
        form.data["bsn"] = ""
    return render(request, "audit/client_log_export.html", {"form": form})
