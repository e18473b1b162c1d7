"""Outflow and housing screens (issue 10). Thin views: scope (404 otherwise), form, service,
render; every page that shows a client writes the access log."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.jobs import selectors as job_selectors
from bwmo.jobs.services import job_enqueue
from bwmo.journeys.services import FormErrors
from bwmo.regions.models import HousingAssociation, Municipality

from . import selectors, services
from .constants import OPEN_STATUSES, OfferStatus, ProposalStatus
from .forms import (
    AssociationForm,
    CheckForm,
    CommitteeForm,
    ContactForm,
    ContingentForm,
    FlipForm,
    OfferForm,
    OutflowForm,
    UitstromerForm,
    WithdrawForm,
)
from .jobs import MATCHING
from .models import Aftercare, MatchingRun

PER_PAGE = 50


def _today() -> date:
    return timezone.localdate()


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _log(request: HttpRequest, client, detail: str) -> None:  # type: ignore[no-untyped-def]
    access_log_write(user=_user(request), action=AccessAction.VIEW, purpose=services.PURPOSE,
                     client=client, request=request, detail=detail)


def _log_list(request: HttpRequest, clients: Iterable, detail: str) -> None:  # type: ignore[type-arg]
    unique = list({c.pk: c for c in clients}.values())
    if unique:
        access_log_write_many(user=_user(request), clients=unique, action=AccessAction.LIST,
                              purpose=services.PURPOSE, request=request, detail=detail)


def _apply(form, exc: FormErrors) -> None:  # type: ignore[no-untyped-def]
    for name, message in exc.errors:
        form.add_error(name if name in form.fields else None, message)


# --- uitstromers (provider, transfer point) -----------------------------------------------------


def uitstromer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user) or selectors.is_transfer_point(user))
    rows = selectors.uitstromers_for(user).select_related(
        "placement__client", "placement__location").prefetch_related("preferred_municipalities")
    page = Paginator(rows.order_by("ready_on", "pk"), PER_PAGE).get_page(request.GET.get("pagina"))
    _log_list(request, [u.placement.client for u in page.object_list], "Uitstromers")
    return render(request, "housing/uitstromer_list.html", {
        "page": page, "to_register": selectors.placements_to_register(user)[:PER_PAGE],
        "is_provider": selectors.is_provider(user),
    })


def uitstromer_create(request: HttpRequest, placement_pk: int) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user))
    placement = selectors.placements_to_register(user).filter(pk=placement_pk).first()
    _require(placement is not None)
    assert placement is not None
    municipalities = Municipality.objects.filter(region_id=user.organisation.region_id)  # type: ignore[union-attr]
    form = UitstromerForm(request.POST or None, municipalities=municipalities,
                          initial={"registered_woningzoekende_on": placement.registered_woningzoekende_on})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            uitstromer = services.uitstromer_register(
                placement=placement, acting_user=user, today=_today(), request=request,
                data=services.UitstromerData(
                    ready_on=d["ready_on"], household_size=d["household_size"],
                    max_rent=d["max_rent"], income_class=d["income_class"],
                    preferred=tuple(d["preferred"]), only_preferred=d["only_preferred"],
                    needs=tuple(d["needs"]), support_after=d["support_after"],
                    registered_woningzoekende_on=d["registered_woningzoekende_on"],
                ),
            )
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "De uitstromer is aangemeld bij het transferpunt.")
            return redirect("housing:uitstromer-detail", pk=uitstromer.pk)
    _log(request, placement.client, "Formulier uitstromer aanmelden")
    return render(request, "housing/uitstromer_form.html", {
        "form": form, "placement": placement, "client": placement.client,
    })


def uitstromer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user) or selectors.is_transfer_point(user))
    uitstromer = selectors.uitstromers_for(user).select_related(
        "placement__client__origin_municipality", "placement__location").filter(pk=pk).first()
    _require(uitstromer is not None)
    assert uitstromer is not None
    proposals = selectors.proposals_for(user).filter(uitstromer=uitstromer).order_by("-created_at")
    aftercare = Aftercare.objects.filter(proposal__uitstromer=uitstromer).first()
    _log(request, uitstromer.placement.client, "Uitstromer")
    return render(request, "housing/uitstromer_detail.html", {
        "u": uitstromer, "client": uitstromer.placement.client, "proposals": proposals,
        "aftercare": aftercare, "is_provider": selectors.is_provider(user),
        "preferred": uitstromer.preferred_municipalities.all(),
    })


def uitstromer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user))
    uitstromer = selectors.uitstromers_for(user).select_related("placement__client").filter(
        pk=pk, status__in=["waiting", "proposed"]).first()
    _require(uitstromer is not None)
    assert uitstromer is not None
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitstromer_withdraw(uitstromer=uitstromer, reason=form.cleaned_data["reason"],
                                         acting_user=user, today=_today(), request=request)
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "De aanmelding is ingetrokken.")
            return redirect("housing:uitstromer-detail", pk=uitstromer.pk)
    _log(request, uitstromer.placement.client, "Formulier uitstromer intrekken")
    return render(request, "housing/uitstromer_withdraw.html", {
        "form": form, "u": uitstromer, "client": uitstromer.placement.client,
    })


# --- offers and contingents (association, transfer point) --------------------------------------


def offer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    association = selectors.association_of(user)
    _require(association is not None or selectors.is_transfer_point(user))
    offers = selectors.offers_for(user).select_related("neighbourhood__municipality", "association")
    status = request.GET.get("status", "")
    if status in OfferStatus.values:
        offers = offers.filter(status=status)
    page = Paginator(offers.order_by("available_on", "pk"), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "housing/offer_list.html", {
        "page": page, "association": association, "statuses": OfferStatus.choices, "status": status,
    })


def offer_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    association = selectors.association_of(user)
    _require(association is not None)
    form = OfferForm(request.POST or None, neighbourhoods=selectors.neighbourhoods_for(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.offer_create(acting_user=user, today=_today(), data=services.OfferData(
                neighbourhood=d["neighbourhood"], address=d["address"], rooms=d["rooms"],
                max_household=d["max_household"], rent=d["rent"], available_on=d["available_on"],
                features=tuple(d["features"]), is_omklapwoning=d["is_omklapwoning"],
            ))
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "De woning is aangeboden aan het transferpunt.")
            return redirect("housing:offers")
    return render(request, "housing/offer_form.html", {"form": form, "association": association})


def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    association = selectors.association_of(user)
    _require(association is not None)
    offer = selectors.offers_for(user).select_related("neighbourhood").filter(pk=pk).first()
    _require(offer is not None)
    assert offer is not None
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_withdraw(offer=offer, reason=form.cleaned_data["reason"], acting_user=user,
                                    today=_today())
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Het aanbod is ingetrokken; een lopend voorstel is vervallen.")
            return redirect("housing:offers")
    open_proposal = offer.proposals.filter(status__in=OPEN_STATUSES).exists()
    return render(request, "housing/offer_withdraw.html", {"form": form, "offer": offer,
                                                           "open_proposal": open_proposal})


def contingent_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    transfer_point = selectors.is_transfer_point(user)
    _require(transfer_point or selectors.association_of(user) is not None)
    form = None
    if transfer_point:
        region = selectors.region_of(user)
        form = ContingentForm(
            request.POST or None, initial={"year": _today().year},
            associations=HousingAssociation.objects.filter(
                organisations__region=region).distinct() | HousingAssociation.objects.filter(
                municipalities__region=region).distinct(),
            municipalities=Municipality.objects.filter(region=region),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.contingent_save(acting_user=user, **form.cleaned_data)
            except FormErrors as exc:
                _apply(form, exc)
            else:
                messages.success(request, "Het contingent is vastgelegd.")
                return redirect("housing:contingents")
    elif request.method == "POST":
        raise Http404
    return render(request, "housing/contingent_list.html", {
        "rows": selectors.contingent_rows(user), "form": form,
    })


# --- matching and the uitstroomtafel (transfer point) ------------------------------------------


def matching(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_transfer_point(user))
    region = selectors.region_of(user)
    if request.method == "POST":
        # a run can take half a minute: it runs as a background job (bwmo.jobs) with its own page
        job = job_enqueue(kind=MATCHING, started_by=user, region=region,
                          parameters={"today": _today().isoformat()})
        return redirect("jobs:detail", pk=job.pk)
    run = MatchingRun.objects.filter(region=region).first()
    proposals = list(run.proposals.select_related(
        "uitstromer__placement__client", "dwelling__neighbourhood__municipality",
        "dwelling__association")) if run else []
    unmatched = []
    if run:
        people = {u.pk: u for u in selectors.uitstromers_for(user).filter(
            pk__in=[row["uitstromer"] for row in run.unmatched]).select_related("placement__client")}
        unmatched = [(people[row["uitstromer"]], row["reason"]) for row in run.unmatched
                     if row["uitstromer"] in people]
    built = services.build_problem(region, _today())
    _log_list(request, [p.uitstromer.placement.client for p in proposals]
              + [u.placement.client for u, _ in unmatched], "Matching transferpunt")
    return render(request, "housing/matching.html", {
        "run": run, "proposals": proposals, "unmatched": unmatched,
        "running": job_selectors.unfinished(MATCHING, region),
        "waiting": len(built.problem.uitstromers), "available": len(built.problem.dwellings),
    })


def uitstroomtafel(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_transfer_point(user))
    region = selectors.region_of(user)
    proposals = selectors.proposals_for(user)
    to_decide = list(proposals.filter(status=ProposalStatus.PROPOSED).order_by("step_since", "pk"))
    in_progress = list(proposals.filter(status__in=[ProposalStatus.CONFIRMED, ProposalStatus.ACCEPTED])
                       .order_by("step_since", "pk"))
    stalled = selectors.stalled(proposals, region=region, today=_today())
    _log_list(request, [p.uitstromer.placement.client for p in to_decide + in_progress],
              "Uitstroomtafel")
    return render(request, "housing/uitstroomtafel.html", {
        "to_decide": to_decide, "in_progress": in_progress, "stalled": stalled,
        "stall_days": selectors.settings_for(region).stall_days,
    })


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    proposal = selectors.proposals_for(user).filter(pk=pk).first()
    _require(proposal is not None)
    assert proposal is not None
    transfer_point = selectors.is_transfer_point(user)
    association = selectors.association_of(user)
    form: CommitteeForm | AssociationForm | None = None
    if transfer_point and proposal.status == ProposalStatus.PROPOSED:
        form = CommitteeForm(request.POST or None)
    elif association is not None and proposal.status == ProposalStatus.CONFIRMED:
        form = AssociationForm(request.POST or None)
    if request.method == "POST":
        _require(form is not None)
        assert form is not None
        if form.is_valid():
            d = form.cleaned_data
            try:
                if isinstance(form, CommitteeForm):
                    services.proposal_committee_decide(
                        proposal=proposal, confirm=d["decision"] == "confirm", reason=d["reason"],
                        acting_user=user, today=_today(), request=request)
                else:
                    services.proposal_association_decide(
                        proposal=proposal, accept=d["decision"] == "accept", reason=d["reason"],
                        acting_user=user, today=_today(), request=request)
            except FormErrors as exc:
                _apply(form, exc)
            else:
                messages.success(request, "Het besluit is vastgelegd.")
                return redirect("housing:uitstroomtafel" if transfer_point else "housing:candidates")
    _log(request, proposal.uitstromer.placement.client, "Matchingsvoorstel")
    return render(request, "housing/proposal_detail.html", {
        "p": proposal, "u": proposal.uitstromer, "client": proposal.uitstromer.placement.client,
        "form": form, "association_view": association is not None,
        "preferred": proposal.uitstromer.preferred_municipalities.all(),
    })


def candidates(request: HttpRequest) -> HttpResponse:
    """The association's confirmed candidates: name and housing needs only."""
    user = _user(request)
    _require(selectors.association_of(user) is not None)
    rows = selectors.proposals_for(user).order_by("status", "step_since", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    _log_list(request, [p.uitstromer.placement.client for p in page.object_list], "Kandidaten corporatie")
    return render(request, "housing/candidates.html", {"page": page})


# --- outflow and aftercare (provider, transfer point) ------------------------------------------


def outflow_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user))
    proposal = selectors.proposals_for(user).filter(pk=pk, status=ProposalStatus.ACCEPTED).first()
    _require(proposal is not None)
    assert proposal is not None
    form = OutflowForm(request.POST or None, initial={"moved_on": proposal.dwelling.available_on})
    if request.method == "POST" and form.is_valid():
        try:
            aftercare = services.outflow_register(
                proposal=proposal, moved_on=form.cleaned_data["moved_on"],
                flip_planned_on=form.cleaned_data["flip_planned_on"], acting_user=user,
                today=_today(), request=request)
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "De uitstroom is geregistreerd; de nazorg is gestart.")
            return redirect("housing:aftercare", pk=aftercare.pk)
    _log(request, proposal.uitstromer.placement.client, "Formulier uitstroom registreren")
    return render(request, "housing/outflow_form.html", {
        "form": form, "p": proposal, "client": proposal.uitstromer.placement.client,
    })


def aftercare_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user) or selectors.is_transfer_point(user))
    today = _today()
    rows = selectors.aftercare_rows(user, today)
    _log_list(request, [r.aftercare.placement.client for r in rows], "Nazorg")
    return render(request, "housing/aftercare_list.html", {
        "rows": rows, "due": [r for r in rows if r.due], "returned": [r for r in rows if r.returned_on],
    })


def aftercare_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(selectors.is_provider(user) or selectors.is_transfer_point(user))
    aftercare = selectors.aftercare_for(user).select_related(
        "proposal__dwelling__neighbourhood__municipality").filter(pk=pk).first()
    _require(aftercare is not None)
    assert aftercare is not None
    today = _today()
    action = request.POST.get("action", "")
    contact_form = ContactForm(request.POST if action == "contact" else None, prefix="contact",
                               initial={"on": today})
    check_form = CheckForm(request.POST if action == "check" else None, prefix="check",
                           initial={"done_on": today})
    flip_form = FlipForm(request.POST if action == "flip" else None, prefix="flip", initial={
        "flip_planned_on": aftercare.flip_planned_on, "flip_actual_on": aftercare.flip_actual_on})
    forms = {"contact": contact_form, "check": check_form, "flip": flip_form}
    if request.method == "POST":
        _require(action in forms)
        form = forms[action]
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "contact":
                    services.aftercare_contact_add(aftercare=aftercare, on=d["on"], note=d["note"],
                                                   acting_user=user, today=today, request=request)
                elif action == "check":
                    services.aftercare_check_record(
                        aftercare=aftercare, moment=d["moment"], done_on=d["done_on"],
                        outcome=d["outcome"], note=d["note"], acting_user=user, today=today,
                        request=request)
                else:
                    services.flip_record(aftercare=aftercare, planned_on=d["flip_planned_on"],
                                         actual_on=d["flip_actual_on"], acting_user=user,
                                         today=today, request=request)
            except FormErrors as exc:
                _apply(form, exc)
            else:
                messages.success(request, "Vastgelegd.")
                return redirect("housing:aftercare", pk=aftercare.pk)
    _log(request, aftercare.placement.client, "Nazorg")
    return render(request, "housing/aftercare_detail.html", {
        "a": aftercare, "row": selectors.aftercare_row(aftercare, today),
        "client": aftercare.placement.client, "contact_form": contact_form,
        "check_form": check_form, "flip_form": flip_form,
        "contacts": aftercare.contacts.all(), "checks": aftercare.checks.all(),
    })
