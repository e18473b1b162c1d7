"""The privacy officer's retention page: destruction proposals, legal holds and requests.

Only the privacy officer of the region sees it (others: 404). Every client shown is logged
(purpose `retention`); every change goes through retention.services, which logs it too.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write_many
from bwmo.clients.models import Client
from bwmo.core.exceptions import DomainError
from bwmo.scoping import CaseAccess, case_access

from . import services
from .constants import OPEN_STATUSES, RequestStatus
from .forms import DecisionForm, LegalHoldForm, LiftForm, RequestDecisionForm, RequestForm
from .models import DestructionRecord
from .selectors import (
    case_retentions,
    client_for_privacy_officer,
    dossier_retention,
    holds_for,
    items_for,
    on_legal_hold,
    region_of_privacy_officer,
    requests_for,
)

NOT_FOUND = "Er is geen cliënt met dit nummer in uw regio."


def client_section(request: HttpRequest, client: Client) -> dict[str, object] | None:
    """"Bewaartermijn" on the dossier for the case workers: each case's retention class and
    destruction date (Wmo 2015 art. 5.3.4, Selectielijst gemeenten 2020), the date of the whole
    dossier, and whether a legal hold stops destruction. The client page itself is logged."""
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        return None
    cases = case_retentions(client)
    if not cases:
        return None
    return {
        "template": "retention/_client_section.html", "cases": cases,
        "dossier": dossier_retention([case.retention for case in cases]),
        "on_hold": on_legal_hold(client),
    }


def _officer(request: HttpRequest) -> User:
    user = request.user
    if region_of_privacy_officer(user) is None:  # type: ignore[arg-type]
        raise Http404
    return user  # type: ignore[return-value]


def overview(request: HttpRequest, *, hold_form: LegalHoldForm | None = None,
             request_form: RequestForm | None = None, status: int = 200) -> HttpResponse:
    user = _officer(request)
    items = list(items_for(user).filter(status__in=OPEN_STATUSES))
    holds = list(holds_for(user).filter(lifted_on__isnull=True))
    open_requests = list(requests_for(user).filter(status=RequestStatus.RECEIVED))
    shown = {c.pk: c for c in [i.client for i in items] + [h.client for h in holds]
             + [r.client for r in open_requests]}
    access_log_write_many(user=user, clients=shown.values(), action=AccessAction.LIST,
                          purpose=Purpose.RETENTION, request=request,
                          detail="Bewaartermijnen: voorstellen, bewaarplichten en verzoeken")
    records = DestructionRecord.objects.filter(region_id=region_of_privacy_officer(user))[:50]
    return render(request, "retention/overview.html", {
        "items": [(i, DecisionForm(auto_id=f"id_voorstel{i.pk}_%s")) for i in items],
        "holds": [(h, LiftForm(auto_id=f"id_bewaarplicht{h.pk}_%s")) for h in holds],
        "open_requests": [(r, RequestDecisionForm(auto_id=f"id_verzoek{r.pk}_%s"))
                          for r in open_requests],
        "records": records,
        "hold_form": hold_form or LegalHoldForm(prefix="hold"),
        "request_form": request_form or RequestForm(prefix="request"),
        "today": timezone.localdate(),
    }, status=status)


def _done(request: HttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("retention:overview")


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    messages.error(request, "Niet opgeslagen: " + exc.message)
    return redirect("retention:overview")


@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Niet opgeslagen: kies een besluit.")
        return redirect("retention:overview")
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        if decision == "approve":
            services.destruction_approve(item_pk=pk, user=user, note=note)
        elif decision == "reject":
            services.destruction_reject(item_pk=pk, user=user, reason=note)
        else:
            services.destruction_withdraw(item_pk=pk, user=user)
    except (Client.DoesNotExist, services.DestructionItem.DoesNotExist) as exc:
        raise Http404 from exc
    except DomainError as exc:
        return _refused(request, exc)
    return _done(request, {"approve": "Goedgekeurd: de gegevens worden bij de volgende run "
                                      "vernietigd. Tot dan kunt u de goedkeuring intrekken.",
                           "reject": "Afgewezen: de gegevens blijven bewaard.",
                           "withdraw": "Goedkeuring ingetrokken."}[decision])


@require_POST
def hold_place(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    form = LegalHoldForm(request.POST, prefix="hold")
    if form.is_valid():
        client = client_for_privacy_officer(user, form.cleaned_data["client_number"])
        if client is None:
            form.add_error("client_number", NOT_FOUND)
        else:
            try:
                services.legal_hold_place(client=client, user=user,
                                          reason=form.cleaned_data["reason"],
                                          today=timezone.localdate())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return _done(request, f"Bewaarplicht ingesteld voor cliënt {client.pk}.")
    return overview(request, hold_form=form, status=200)


@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Niet opgeslagen: vul de reden van opheffen in.")
        return redirect("retention:overview")
    try:
        services.legal_hold_lift(hold_pk=pk, user=user, reason=form.cleaned_data["reason"],
                                 today=timezone.localdate())
    except (Client.DoesNotExist, services.LegalHold.DoesNotExist) as exc:
        raise Http404 from exc
    except DomainError as exc:
        return _refused(request, exc)
    return _done(request, "Bewaarplicht opgeheven.")


@require_POST
def request_register(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    form = RequestForm(request.POST, prefix="request")
    if form.is_valid():
        data = form.cleaned_data
        client = client_for_privacy_officer(user, data["client_number"])
        if client is None:
            form.add_error("client_number", NOT_FOUND)
        else:
            try:
                registered = services.destruction_request_register(
                    client=client, user=user, reference=data["reference"],
                    received_on=data["received_on"], today=timezone.localdate())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return _done(request, f"Verzoek {registered.reference} vastgelegd; beantwoorden "
                                      f"uiterlijk {registered.deadline:%d-%m-%Y}.")
    return overview(request, request_form=form, status=200)


@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    form = RequestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Niet opgeslagen: kies toewijzen of afwijzen.")
        return redirect("retention:overview")
    grant = form.cleaned_data["grant"] == "yes"
    try:
        services.destruction_request_decide(request_pk=pk, user=user, grant=grant,
                                            reason=form.cleaned_data["reason"],
                                            today=timezone.localdate())
    except (Client.DoesNotExist, services.DestructionRequest.DoesNotExist) as exc:
        raise Http404 from exc
    except DomainError as exc:
        return _refused(request, exc)
    return _done(request, "Verzoek toegewezen: de gegevens worden bij de volgende run vernietigd."
                 if grant else "Verzoek afgewezen.")
