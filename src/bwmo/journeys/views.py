"""Klantreis screens: worklist, melding, advice, toets, beschikking and its letter.

Views are thin: they find the object within the user's scope (404 otherwise), parse the form,
call a service and render. A `FormErrors` from a service becomes form errors; nothing is saved.
Every page that shows a client's data writes the access log (one entry per client shown), also a
form shown again with errors after a POST.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.accounts.reauth import reauth_required
from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.capacity.models import Provider
from bwmo.clients.models import Client
from bwmo.clients.services import ClientData
from bwmo.clients.views import purpose_for, scoped_client_or_404
from bwmo.core.lists import (
    EXPORT_FORMATS,
    clients_of,
    export_query,
    export_response,
    export_rows,
    table_page,
)
from bwmo.regions.constants import DecisionMaker
from bwmo.scoping import CaseAccess, case_access

from . import permissions, selectors, services, workflow
from .constants import MeldingStatus
from .forms import (
    AdviceAnswerForm,
    AdviceRequestForm,
    BeschikkingForm,
    ClientMeldingForm,
    DecisionFilterForm,
    MeldingDatesForm,
    MeldingForm,
    MeldingWithdrawForm,
    ToetsForm,
    WorklistFilterForm,
    tri_state_initial,
)
from .lists import DecisionTable
from .models import AdviceRequest, Beschikking, Melding, Toets
from .responsible import responsibility_for_display, shown_from_record


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _require_case_worker(request: HttpRequest) -> None:
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        raise Http404


def _apply_errors(form, exc: services.FormErrors) -> None:  # type: ignore[no-untyped-def]
    for field, message in exc.errors:
        form.add_error(field if field in form.fields else None, message)


def _log_view(request: HttpRequest, client: Client, detail: str) -> None:
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail=detail)


def _log_list(request: HttpRequest, clients: list[Client], detail: str) -> None:
    unique = list({c.pk: c for c in clients}.values())
    access_log_write_many(user=request.user, clients=unique, action=AccessAction.VIEW,  # type: ignore[arg-type]
                          purpose=purpose_for(request.user), request=request, detail=detail)


def _closed(request: HttpRequest, melding: Melding) -> HttpResponse | None:
    """A decided or withdrawn melding takes no more changes: back to its page, with the reason."""
    if melding.status == MeldingStatus.OPEN:
        return None
    messages.info(request, f"Deze melding is {melding.get_status_display().lower()}: er kan niets "
                           "meer aan worden gewijzigd.")
    return redirect("journeys:melding-detail", pk=melding.pk)


def _melding_or_404(request: HttpRequest, pk: int, *, detail: str = "") -> Melding:
    _require_case_worker(request)
    try:
        melding = selectors.melding_get_for(request.user, pk)  # type: ignore[arg-type]
    except Melding.DoesNotExist:
        raise Http404 from None
    if detail:
        _log_view(request, melding.client, detail)
    return melding


# --------------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------------


def worklist(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    user = request.user
    municipalities = selectors.worklist_municipalities(user)  # type: ignore[arg-type]
    form = WorklistFilterForm(request.GET or None, municipalities=municipalities)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.worklist(
        user, today=_today(),  # type: ignore[arg-type]
        municipality=filters.get("gemeente"), track=filters.get("spoor", ""),
        urgency=filters.get("termijn", ""), sort=filters.get("sortering") or "urgentie",
    )
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [row.melding.client for row in page.object_list], "Werklijst")
    counts = {u: sum(1 for r in rows if r.urgency == u) for u in selectors.Urgency}
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "journeys/worklist.html", {
        "form": form, "page": page, "total": len(rows), "counts": counts,
        "municipalities": municipalities, "query": query.urlencode(),
        "may_register": permissions.may_register_meldingen(user),  # type: ignore[arg-type]
        "is_ct": user.role == Role.CT_ADVISEUR,
    })


def _decision_table(request: HttpRequest) -> tuple[DecisionFilterForm, DecisionTable]:
    form = DecisionFilterForm(request.GET or None,
                              for_consulent=request.user.role == Role.WMO_CONSULENT)  # type: ignore[union-attr]
    filters = form.cleaned_data if form.is_valid() else {}
    beschikkingen = selectors.decisions_for(
        request.user, outcome=filters.get("uitkomst", ""),  # type: ignore[arg-type]
        involvement=filters.get("betrokkenheid", ""),
    ).defer("responsibility_explanation", "responsibility_facts",  # not shown in the list
            "responsible_municipality__boundary", "melding__municipality__boundary",
            "melding__responsibility_facts", "melding__responsibility_explanation")
    return form, DecisionTable(beschikkingen, today=_today())


def decisions(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    form, table = _decision_table(request)
    table_page(request, table, log=lambda rows: _log_list(
        request, [b.client for b in rows], "Besluiten en cliënten in zorg"))
    return render(request, "journeys/decisions.html", {
        "form": form, "table": table,
        "municipalities": selectors.worklist_municipalities(request.user),  # type: ignore[arg-type]
        "export_url": reverse("journeys:decisions-export"), "export_query": export_query(request),
    })


@reauth_required
def decisions_export(request: HttpRequest) -> HttpResponse:
    """The whole filtered decisions list as Excel or CSV; every client in it is access-logged."""
    _require_case_worker(request)
    fmt = request.GET.get("formaat", "xlsx")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, table = _decision_table(request)
    rows = export_rows(request, table)
    access_log_write_many(
        user=request.user, clients=clients_of(table.data.data),  # type: ignore[arg-type]
        action=AccessAction.EXPORT, purpose=purpose_for(request.user), request=request,
        detail=f"Besluiten en cliënten in zorg ({EXPORT_FORMATS[fmt]})",
    )
    return export_response(rows, fmt=fmt, filename="besluiten", title="Besluiten")


def advice_queue(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CT_ADVISEUR:  # type: ignore[union-attr]
        raise Http404
    answered = request.GET.get("status") == "beantwoord"
    queue = selectors.advice_queue(request.user, answered=answered)  # type: ignore[arg-type]
    page = Paginator(queue, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [a.melding.client for a in page.object_list], "Adviesvragen")
    return render(request, "journeys/advice_queue.html", {
        "page": page, "answered": answered, "today": _today(),
        "region": request.user.organisation.region,  # type: ignore[union-attr]
    })


def awaiting_decision(request: HttpRequest) -> HttpResponse:
    """The central access's worklist "wacht op besluit" (regional mandate)."""
    if request.user.role != Role.CT_ADVISEUR:  # type: ignore[union-attr]
        raise Http404
    region = _user_region(request)
    rows = selectors.awaiting_decision(request.user, today=_today())  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [row.melding.client for row in page.object_list], "Wacht op besluit")
    return render(request, "journeys/awaiting_decision.html", {
        "page": page, "total": len(rows), "region": region,
        "mandate": region.decision_maker == DecisionMaker.REGIONAL,
    })


# --------------------------------------------------------------------------------------------
# Melding
# --------------------------------------------------------------------------------------------


def _user_region(request: HttpRequest):  # type: ignore[no-untyped-def]
    region = permissions.user_region(request.user)  # type: ignore[arg-type]
    if region is None:
        raise Http404
    return region


def _melding_initial(request: HttpRequest, client: Client | None = None) -> dict[str, object]:
    organisation = request.user.organisation  # type: ignore[union-attr]
    municipality = organisation.municipality if organisation.municipality_id else None
    initial: dict[str, object] = {"reported_on": _today()}
    if municipality is not None:
        initial["municipality"] = municipality
    if request.user.role == Role.CT_ADVISEUR:  # type: ignore[union-attr]
        initial["track"] = "MO"
    if client is not None and client.origin_municipality_id:
        initial["origin_municipality"] = client.origin_municipality
    return initial


def _melding_data(cd: dict) -> services.MeldingData:  # type: ignore[type-arg]
    return services.MeldingData(
        track=cd["track"], source=cd["source"], reported_on=cd["reported_on"],
        municipality=cd["municipality"], origin_municipality=cd["origin_municipality"],
        presenting_problems=cd["presenting_problems"],
        homelessness_cause=cd["homelessness_cause"], planned_start=cd["planned_start"],
    )


def melding_create(request: HttpRequest) -> HttpResponse:
    """Register a new client together with their first melding."""
    if not permissions.may_register_meldingen(request.user):  # type: ignore[arg-type]
        raise Http404
    region = _user_region(request)
    form = ClientMeldingForm(request.POST or None, region=region,
                             initial=_melding_initial(request))
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        client_data = ClientData(
            given_names=cd["given_names"], surname_prefix=cd["surname_prefix"],
            surname=cd["surname"], date_of_birth=cd["date_of_birth"], bsn=cd["bsn"],
            no_bsn_reason=cd["no_bsn_reason"], origin_municipality=cd["origin_municipality"],
            registration_municipality=cd["municipality"],
        )
        try:
            melding = services.melding_register_with_client(
                client_data=client_data, data=_melding_data(cd), acting_user=request.user,  # type: ignore[arg-type]
                today=_today(),
            )
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"{melding.client.full_name} en de melding zijn "
                                      "geregistreerd.")
            return redirect("journeys:melding-detail", pk=melding.pk)
    return render(request, "journeys/melding_form.html", {
        "form": form, "title": "Nieuwe cliënt en melding", "client": None,
    })


def client_melding_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Client page → "Nieuwe melding"."""
    _require_case_worker(request)
    if not permissions.may_register_meldingen(request.user):  # type: ignore[arg-type]
        raise Http404
    client = scoped_client_or_404(request, client_pk, log=False)
    region = _user_region(request)
    form = MeldingForm(request.POST or None, region=region,
                       initial=_melding_initial(request, client))
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.melding_register(
                client=client, data=_melding_data(form.cleaned_data),
                acting_user=request.user, today=_today(),  # type: ignore[arg-type]
            )
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "De melding is geregistreerd.")
            return redirect("journeys:melding-detail", pk=melding.pk)
    _log_view(request, client, "Formulier nieuwe melding")  # also when shown again with errors
    return render(request, "journeys/melding_form.html", {
        "form": form, "title": f"Nieuwe melding voor {client.full_name}", "client": client,
    })


def melding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    melding = _melding_or_404(request, pk, detail="Melding")
    today = _today()
    beschikkingen = list(melding.beschikkingen.select_related(
        "product", "provider", "responsible_municipality").order_by("-decided_on", "-id"))
    decided_on = beschikkingen[0].decided_on if beschikkingen else None
    deadlines, deadline_problem = selectors.melding_deadlines(melding, today, decided_on)
    responsibility, responsibility_problem = responsibility_for_display(melding)
    user = request.user
    is_open = melding.status == MeldingStatus.OPEN
    return render(request, "journeys/melding_detail.html", {
        "melding": melding, "client": melding.client,
        "deadlines": deadlines, "deadline_problem": deadline_problem,
        "advice_requests": melding.advice_requests.select_related("requested_by", "answered_by"),
        "toetsen": melding.toetsen.select_related("performed_by"),
        "beschikkingen": beschikkingen,
        "responsibility": responsibility, "responsibility_problem": responsibility_problem,
        "is_open": is_open,
        "may_handle": is_open and permissions.may_handle(user, melding),  # type: ignore[arg-type]
        "may_request_advice": is_open and permissions.may_request_advice(user, melding),  # type: ignore[arg-type]
        "may_decide": is_open and permissions.may_decide(user, melding),  # type: ignore[arg-type]
        "may_answer": permissions.may_answer_advice(user, melding),  # type: ignore[arg-type]
        "who_decides": permissions.who_decides(melding),
        "next_step": workflow.melding_next_step(melding, user),  # type: ignore[arg-type]
    })


def _melding_form_page(
    request: HttpRequest, pk: int, *,
    allowed: Callable[[Any, Melding], bool],
    make_form: Callable[[Melding, Any], Any],
    save: Callable[[Melding, dict[str, Any]], object],
    success: str, log_detail: str, title: str, intro: Callable[[Melding], str], submit: str,
) -> HttpResponse:
    """One step on an open melding: check who may act, show the form (logged as a view of the
    client), call the service, and go back to the melding; refusals come back as form errors."""
    melding = _melding_or_404(request, pk)
    if not allowed(request.user, melding):
        raise PermissionDenied
    if closed := _closed(request, melding):
        return closed
    form = make_form(melding, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(melding, form.cleaned_data)
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("journeys:melding-detail", pk=melding.pk)
    _log_view(request, melding.client, log_detail)
    return render(request, "journeys/simple_form.html", {
        "form": form, "melding": melding, "title": title, "intro": intro(melding),
        "submit": submit,
    })


def melding_dates(request: HttpRequest, pk: int) -> HttpResponse:
    return _melding_form_page(
        request, pk, allowed=permissions.may_handle,
        make_form=lambda melding, data: MeldingDatesForm(data, initial={
            "aanvraag_on": melding.aanvraag_on,
            "investigation_completed_on": melding.investigation_completed_on,
        }),
        save=lambda melding, cleaned: services.melding_record_dates(
            melding=melding, acting_user=request.user, today=_today(), **cleaned,  # type: ignore[arg-type]
        ),
        success="De datums zijn opgeslagen.", log_detail="Datums aanvraag en onderzoek",
        title="Aanvraag en onderzoek", submit="Datums opslaan",
        intro=lambda melding: (
            f"Melding van {melding.reported_on:%d-%m-%Y}. Het onderzoek is binnen 6 weken na de "
            "melding af; de beschikking volgt binnen 2 weken na de aanvraag."
        ),
    )


def melding_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _melding_form_page(
        request, pk, allowed=permissions.may_handle,
        make_form=lambda melding, data: MeldingWithdrawForm(data),
        save=lambda melding, cleaned: services.melding_withdraw(
            melding=melding, reason=cleaned["reason"], acting_user=request.user,  # type: ignore[arg-type]
            today=_today(),
        ),
        success="De melding is ingetrokken.", log_detail="Melding intrekken",
        title="Melding intrekken", submit="Melding intrekken",
        intro=lambda melding: (
            f"Melding van {melding.reported_on:%d-%m-%Y}. Een ingetrokken melding verdwijnt van de "
            "werklijst; wat er is vastgelegd blijft in het dossier."
        ),
    )


def advice_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _melding_form_page(
        request, pk, allowed=permissions.may_request_advice,
        make_form=lambda melding, data: AdviceRequestForm(data),
        save=lambda melding, cleaned: services.advice_request(
            melding=melding, question=cleaned["question"], acting_user=request.user,  # type: ignore[arg-type]
            today=_today(),
        ),
        success="De adviesvraag is verstuurd naar de centrale toegang.",
        log_detail="Formulier adviesvraag", title="Advies vragen aan de centrale toegang",
        submit="Adviesvraag versturen",
        intro=lambda melding: "De centrale toegang adviseert; het besluit blijft bij de gemeente.",
    )


def advice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role != Role.CT_ADVISEUR:  # type: ignore[union-attr]
        raise Http404
    try:
        advice = selectors.advice_get_for(request.user, pk)  # type: ignore[arg-type]
    except AdviceRequest.DoesNotExist:
        raise Http404 from None
    melding = advice.melding
    form = AdviceAnswerForm(request.POST or None, initial={
        "recommendation": advice.recommendation, "reasoning": advice.reasoning,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_answer(advice=advice, acting_user=request.user, today=_today(),  # type: ignore[arg-type]
                                   **form.cleaned_data)
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Het advies is vastgelegd.")
            return redirect("journeys:advice-queue")
    _log_view(request, melding.client, f"Adviesvraag {advice.pk}")
    responsibility, responsibility_problem = responsibility_for_display(melding)
    return render(request, "journeys/advice_answer.html", {
        "form": form, "advice": advice, "melding": melding, "client": melding.client,
        "responsibility": responsibility, "responsibility_problem": responsibility_problem,
        "toets": services.latest_toets(melding),
    })


# --------------------------------------------------------------------------------------------
# Toets
# --------------------------------------------------------------------------------------------


def toets_create(request: HttpRequest, pk: int) -> HttpResponse:
    melding = _melding_or_404(request, pk)
    if not permissions.may_handle(request.user, melding):  # type: ignore[arg-type]
        raise PermissionDenied
    if closed := _closed(request, melding):
        return closed
    previous = services.latest_toets(melding)
    initial = {}
    if previous is not None:
        initial = {k: tri_state_initial(v) for k, v in previous.facts.items()
                   if isinstance(v, bool) or v is None}
    form = ToetsForm(request.POST or None, track=melding.track, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = services.ToetsAnswers(
            **{name: form.cleaned_data[name] for name in form.answer_names}
        )
        try:
            toets = services.toets_record(
                melding=melding, answers=answers, notes=form.cleaned_data["notes"],
                acting_user=request.user, today=_today(),  # type: ignore[arg-type]
            )
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"De toets is vastgelegd: {toets.get_outcome_display()}.")
            return redirect("journeys:toets-detail", pk=toets.pk)
    _log_view(request, melding.client, "Formulier toegangstoets")
    responsibility, responsibility_problem = responsibility_for_display(melding)
    return render(request, "journeys/toets_form.html", {
        "form": form, "melding": melding, "client": melding.client, "previous": previous,
        "responsibility": responsibility, "responsibility_problem": responsibility_problem,
    })


def toets_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_case_worker(request)
    try:
        toets = selectors.toets_get_for(request.user, pk)  # type: ignore[arg-type]
    except Toets.DoesNotExist:
        raise Http404 from None
    melding = toets.melding
    _log_view(request, melding.client, f"Toegangstoets {toets.pk}")
    responsibility, responsibility_problem = responsibility_for_display(melding)
    return render(request, "journeys/toets_detail.html", {
        "toets": toets, "melding": melding, "client": melding.client,
        "responsibility": responsibility, "responsibility_problem": responsibility_problem,
        "may_decide": melding.status == MeldingStatus.OPEN
        and permissions.may_decide(request.user, melding),  # type: ignore[arg-type]
        "is_latest": services.latest_toets(melding) == toets,
        "next_step": workflow.melding_next_step(melding, request.user),  # type: ignore[arg-type]
        "follow_up": workflow.TOETS_FOLLOW_UP.get(toets.outcome, ""),
    })


# --------------------------------------------------------------------------------------------
# Beschikking
# --------------------------------------------------------------------------------------------


def beschikking_create(request: HttpRequest, pk: int) -> HttpResponse:
    melding = _melding_or_404(request, pk)
    if not permissions.may_decide(request.user, melding):  # type: ignore[arg-type]
        raise PermissionDenied
    if closed := _closed(request, melding):
        return closed
    region = melding.municipality.region
    products = region.products.filter(active=True, track=melding.track).order_by("name")
    contracted_ids = set(region.providers.values_list("pk", flat=True))
    form = BeschikkingForm(
        request.POST or None, products=products, providers=Provider.objects.order_by("name"),
        contracted_ids=contracted_ids, track_label=melding.get_track_display(),
        initial={"decided_on": _today()},
    )
    toets = services.latest_toets(melding)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = services.BeschikkingInput(
            outcome=cd["outcome"], decided_on=cd["decided_on"], product_code=cd["product"],
            financing=cd["financing"], provider=cd["provider"], start_date=cd["start_date"],
            end_date=cd["end_date"], reason=cd["reason"],
            duration_motivation=cd["duration_motivation"],
            override_motivation=cd["override_motivation"],
            pgb_contracted_supply_unsuitable=cd["pgb_contracted_supply_unsuitable"],
            pgb_budget_holder_available=cd["pgb_budget_holder_available"],
        )
        try:
            beschikking = services.beschikking_register(
                melding=melding, data=data, acting_user=request.user, today=_today(),  # type: ignore[arg-type]
            )
        except services.FormErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "De beschikking is vastgelegd.")
            return redirect("journeys:beschikking-detail", pk=beschikking.pk)
    _log_view(request, melding.client, "Formulier beschikking")
    responsibility, responsibility_problem = responsibility_for_display(melding)
    return render(request, "journeys/beschikking_form.html", {
        "form": form, "melding": melding, "client": melding.client, "toets": toets,
        "responsibility": responsibility, "responsibility_problem": responsibility_problem,
        "who_decides": permissions.who_decides(melding),
    })


def _beschikking_or_404(request: HttpRequest, pk: int) -> Beschikking:
    _require_case_worker(request)
    try:
        return selectors.beschikking_get_for(request.user, pk)  # type: ignore[arg-type]
    except Beschikking.DoesNotExist:
        raise Http404 from None


def beschikking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking = _beschikking_or_404(request, pk)
    _log_view(request, beschikking.client, f"Beschikking {beschikking.pk}")
    responsibility = shown_from_record(beschikking)
    problem = "" if responsibility else (
        f"Verantwoordelijk: {beschikking.responsible_municipality}. De regel en de feiten zijn bij "
        "deze beschikking niet vastgelegd."
    )
    return render(request, "journeys/beschikking_detail.html", {
        "beschikking": beschikking, "melding": beschikking.melding, "client": beschikking.client,
        "toets": beschikking.toets, "responsibility": responsibility,
        "responsibility_problem": problem,
        "next_step": workflow.beschikking_next_step(beschikking, request.user, _today()),  # type: ignore[arg-type]
    })


def melding_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the ontvangstbevestiging on screen. POST: download it as PDF (logged as printed)."""
    from .letter import receipt_context

    melding = _melding_or_404(request, pk)
    if request.method == "POST":
        pdf = services.melding_receipt_print(melding=melding, acting_user=request.user,  # type: ignore[arg-type]
                                             today=_today(), request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"ontvangstbevestiging-{melding.reported_on:%Y%m%d}-{melding.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    _log_view(request, melding.client, f"Ontvangstbevestiging melding {melding.pk}")
    context = receipt_context(melding, sent_on=_today())
    return render(request, "journeys/melding_receipt.html", {**context, "preview": True})


def beschikking_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the letter on screen. POST: download it as PDF (logged as printed)."""
    from .letter import letter_context

    beschikking = _beschikking_or_404(request, pk)
    if request.method == "POST":
        pdf = services.beschikking_print(beschikking=beschikking, acting_user=request.user,  # type: ignore[arg-type]
                                         today=_today(), request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"beschikking-{beschikking.decided_on:%Y%m%d}-{beschikking.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    _log_view(request, beschikking.client, f"Brief beschikking {beschikking.pk}")
    return render(request, "journeys/beschikking_letter.html",
                  {**letter_context(beschikking), "preview": True})

