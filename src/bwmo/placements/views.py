"""Placement and waiting-list screens. Thin: objects come through the user's scope (404 outside
it), the form is parsed, the service decides, and every client shown is access-logged."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.accounts.reauth import reauth_required
from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.capacity import selectors as capacity_selectors
from bwmo.capacity.forms import DayForm
from bwmo.clients.models import Client
from bwmo.clients.views import purpose_for
from bwmo.core.exceptions import DomainError
from bwmo.core.lists import (
    EXPORT_FORMATS,
    clients_of,
    export_query,
    export_response,
    export_rows,
    table_page,
)
from bwmo.journeys.models import Beschikking
from bwmo.scoping import (
    CaseAccess,
    case_access,
    locations_for,
    placements_for,
)

from . import rules, selectors, services, workflow
from .constants import WaitingPriority
from .forms import (
    DoorstroomForm,
    EndForm,
    HousingForm,
    PlaceForm,
    WaitingAddForm,
    WaitingFilterForm,
    WaitingRemoveForm,
)
from .lists import PlacementFilter, PlacementTable, WaitingTable
from .models import Placement, WaitingListEntry


def _today() -> date:
    return timezone.localdate()


def _require_case_access(request: HttpRequest) -> None:
    if case_access(request.user) is CaseAccess.NONE:  # type: ignore[arg-type]
        raise Http404


def _require_roles(request: HttpRequest, roles: frozenset[str]) -> None:
    _require_case_access(request)
    if request.user.role not in roles:  # type: ignore[union-attr]
        raise Http404


def _log(request: HttpRequest, clients, detail: str = "") -> None:  # type: ignore[no-untyped-def]
    unique = {c.pk: c for c in clients}.values()
    access_log_write_many(
        user=request.user, clients=unique, action=AccessAction.VIEW,  # type: ignore[arg-type]
        purpose=purpose_for(request.user), request=request, detail=detail,
    )


def _log_one(request: HttpRequest, client: Client, detail: str = "") -> None:
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail=detail)


def _may_place_entry(user, entry: WaitingListEntry) -> bool:  # type: ignore[no-untyped-def]
    """Whether to offer 'Plaatsen' for an open entry (the service decides on submit)."""
    if entry.removed_on is not None or entry.beschikking is None:
        return False
    if user.role in services.CASE_ROLES:
        return True
    return user.role == Role.ZORGAANBIEDER and entry.beschikking.provider_id in (
        None, user.organisation.provider_id
    )


def _form_error(form, exc: DomainError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _day(request: HttpRequest) -> tuple[DayForm, date]:
    form = DayForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("peildatum"):
        return form, form.cleaned_data["peildatum"]
    return form, _today()


def _placement_or_404(request: HttpRequest, pk: int) -> Placement:
    try:
        return selectors.placement_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    except Placement.DoesNotExist:
        raise Http404 from None


def _waiting_or_404(request: HttpRequest, pk: int) -> WaitingListEntry:
    try:
        return selectors.waiting_entry_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    except WaitingListEntry.DoesNotExist:
        raise Http404 from None


def _beschikking_or_404(request: HttpRequest, pk: int) -> Beschikking:
    beschikkingen = selectors.placeable_beschikkingen(user=request.user)  # type: ignore[arg-type]
    try:
        return beschikkingen.select_related(
            "client", "product", "provider", "responsible_municipality"
        ).get(pk=pk)
    except Beschikking.DoesNotExist:
        raise Http404 from None


# --- lists --------------------------------------------------------------------------------------


def _placement_table(request: HttpRequest) -> tuple[PlacementFilter, PlacementTable]:
    base = placements_for(request.user).select_related(  # type: ignore[arg-type]
        *selectors.PLACEMENT_RELATED).defer(*selectors.PLACEMENT_DEFERRED)
    filterset = PlacementFilter(request.GET or None, queryset=base,
                                region=request.user.organisation.region,  # type: ignore[union-attr]
                                today=_today())
    return filterset, PlacementTable(filterset.qs)


def placement_list(request: HttpRequest) -> HttpResponse:
    _require_case_access(request)
    filterset, table = _placement_table(request)
    table_page(request, table, log=lambda rows: _list_log(request, rows, "Overzicht plaatsingen"))
    return render(request, "placements/placement_list.html", {
        "filter": filterset, "form": filterset.form, "day": filterset.day, "table": table,
        "export_url": reverse("placements:list-export"), "export_query": export_query(request),
    })


@reauth_required
def placement_export(request: HttpRequest) -> HttpResponse:
    """The whole filtered overview as Excel or CSV; every client in it is access-logged."""
    _require_case_access(request)
    fmt = request.GET.get("formaat", "xlsx")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset, table = _placement_table(request)
    rows = export_rows(request, table)
    access_log_write_many(
        user=request.user, clients=clients_of(filterset.qs),  # type: ignore[arg-type]
        action=AccessAction.EXPORT, purpose=purpose_for(request.user), request=request,
        detail=f"Overzicht plaatsingen op {filterset.day:%d-%m-%Y} ({EXPORT_FORMATS[fmt]})",
    )
    return export_response(rows, fmt=fmt, filename="plaatsingen", title="Plaatsingen")


def _list_log(request: HttpRequest, placements: list[Placement], detail: str) -> None:
    access_log_write_many(
        user=request.user, clients=clients_of(placements),  # type: ignore[arg-type]
        action=AccessAction.LIST, purpose=purpose_for(request.user), request=request,
        detail=detail,
    )


def _waiting_table(request: HttpRequest) -> tuple[WaitingFilterForm, WaitingTable]:
    region = request.user.organisation.region  # type: ignore[union-attr]
    form = WaitingFilterForm(request.GET or None, region=region)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.waiting_list(
        user=request.user, product=cleaned.get("product"),  # type: ignore[arg-type]
        municipality=cleaned.get("gemeente"),
    ).defer("responsible_municipality__boundary")
    table = WaitingTable(
        entries, today=_today(), may_place=lambda e: _may_place_entry(request.user, e),
        may_manage=request.user.role in services.CASE_ROLES,  # type: ignore[union-attr]
    )
    return form, table


def waiting_list(request: HttpRequest) -> HttpResponse:
    _require_case_access(request)
    form, table = _waiting_table(request)
    table_page(request, table, log=lambda rows: _list_log(request, rows, "Wachtlijst"))
    return render(request, "placements/waiting_list.html", {
        "form": form, "table": table,
        "export_url": reverse("placements:waiting_list-export"),
        "export_query": export_query(request),
    })


@reauth_required
def waiting_export(request: HttpRequest) -> HttpResponse:
    """The whole filtered waiting list as Excel or CSV; every client in it is access-logged."""
    _require_case_access(request)
    fmt = request.GET.get("formaat", "xlsx")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, table = _waiting_table(request)
    rows = export_rows(request, table)
    access_log_write_many(
        user=request.user, clients=clients_of(table.data.data),  # type: ignore[arg-type]
        action=AccessAction.EXPORT, purpose=purpose_for(request.user), request=request,
        detail=f"Wachtlijst ({EXPORT_FORMATS[fmt]})",
    )
    return export_response(rows, fmt=fmt, filename="wachtlijst", title="Wachtlijst")


def signals(request: HttpRequest) -> HttpResponse:
    _require_case_access(request)
    form, day = _day(request)
    rows = selectors.signals_for(user=request.user, day=day)  # type: ignore[arg-type]
    _log(request, [r.placement.client for r in rows], "Signalen")
    return render(request, "placements/signals.html", {"form": form, "day": day, "rows": rows})


# --- one placement ------------------------------------------------------------------------------


def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement_or_404(request, pk)
    _log_one(request, placement.client, "Plaatsing")
    today = _today()
    inflow = selectors.inflow_dates([placement])[placement.pk]
    facts = selectors.facts_for(
        placement, inflow, selectors.groepswonen_since([placement]).get(placement.pk)
    )
    # The next placement only if this user may see it: a provider does not learn where the client
    # went on to another provider.
    following = placements_for(request.user).filter(previous=placement).select_related(  # type: ignore[arg-type]
        "location", "product"
    ).first()
    return render(request, "placements/placement_detail.html", {
        "placement": placement, "following": following, "inflow": inflow,
        "signals": rules.placement_signals(facts, today),
        "deadline": rules.woningzoekende_deadline(inflow),
        "may_act": request.user.role in services.PLACING_ROLES,  # type: ignore[union-attr]
        "next_step": workflow.placement_next_step(placement, request.user),  # type: ignore[arg-type]
    })


def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.PLACING_ROLES)
    placement = _placement_or_404(request, pk)
    form = EndForm(request.POST or None, initial={"end_date": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                placement=placement, end_date=form.cleaned_data["end_date"],
                destination=form.cleaned_data["destination"],
                acting_user=request.user, request=request,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"De zorg voor {placement.client.full_name} is beëindigd.")
            return redirect("placements:detail", pk=placement.pk)
    _log_one(request, placement.client, "Formulier zorg beëindigen")
    return render(request, "placements/placement_form.html", {
        "form": form, "title": "Zorg beëindigen", "submit": "Zorg beëindigen",
        "placement": placement, "client": placement.client,
        "intro": "Vul de laatste dag van de zorg in en waar de cliënt naartoe gaat. Voor een "
                 "overgang naar een ander product gebruikt u 'Doorstroom'.",
    })


def placement_doorstroom(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.PLACING_ROLES)
    placement = _placement_or_404(request, pk)
    beschikkingen = selectors.placeable_beschikkingen(
        user=request.user  # type: ignore[arg-type]
    ).filter(client=placement.client).exclude(product=placement.product).select_related(
        "product"
    ).order_by("-decided_on")
    locations = locations_for(request.user).filter(  # type: ignore[arg-type]
        active=True, capacities__isnull=False
    ).distinct().select_related("municipality", "provider").order_by("name")
    form = DoorstroomForm(request.POST or None, beschikkingen=beschikkingen, locations=locations,
                          initial={"start_date": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.placement_doorstroom(
                placement=placement,
                beschikking=beschikkingen.get(pk=form.cleaned_data["beschikking"]),
                location=locations.get(pk=form.cleaned_data["location"]),
                start_date=form.cleaned_data["start_date"],
                acting_user=request.user, request=request,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Doorstroom van {placement.client.full_name} vastgelegd.")
            return redirect("placements:detail", pk=new.pk)
    _log_one(request, placement.client, "Formulier doorstroom")
    return render(request, "placements/placement_form.html", {
        "form": form, "title": "Doorstroom naar een ander product", "submit": "Doorstroom vastleggen",
        "placement": placement, "client": placement.client,
        "intro": "Kies de beschikking voor het lichtere of zwaardere product en de nieuwe locatie. "
                 "De huidige plaatsing eindigt op de dag vóór de start van de nieuwe.",
        "empty_choices": not beschikkingen.exists(),
        "empty_message": "Er is geen toegekende beschikking voor een ander product. De toegang "
                         "legt die eerst vast.",
    })


def placement_housing(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.PLACING_ROLES)
    placement = _placement_or_404(request, pk)
    form = HousingForm(request.POST or None, initial={
        "perspective_independent": placement.perspective_independent,
        "registered_woningzoekende_on": placement.registered_woningzoekende_on,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_housing_update(
                placement=placement,
                perspective_independent=form.cleaned_data["perspective_independent"],
                registered_woningzoekende_on=form.cleaned_data["registered_woningzoekende_on"],
                acting_user=request.user, today=_today(), request=request,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "De gegevens over wonen na uitstroom zijn opgeslagen.")
            return redirect("placements:detail", pk=placement.pk)
    _log_one(request, placement.client, "Formulier woningzoekende")
    return render(request, "placements/placement_form.html", {
        "form": form, "title": "Wonen na uitstroom", "submit": "Opslaan",
        "placement": placement, "client": placement.client,
        "intro": "Cliënten met perspectief op zelfstandig wonen schrijven zich binnen een maand na "
                 "instroom in als woningzoekende (Transformatieplan Centraal Gelderland, Bijlage 3).",
    })


# --- placing: from the waiting list or straight from a beschikking -----------------------------


def _place(request: HttpRequest, *, beschikking: Beschikking, entry: WaitingListEntry | None,
           title: str) -> HttpResponse:
    """Choose a location the beschikking allows (its product, its provider) and place; a full
    location offers the waiting list in the same step (case roles, not from the waiting list)."""
    today = _today()
    rows = selectors.place_options(user=request.user, beschikking=beschikking, day=today)  # type: ignore[arg-type]
    may_wait = request.user.role in services.CASE_ROLES and entry is None  # type: ignore[union-attr]
    preferred = entry.location_id if entry is not None else next(
        (r.location.pk for r in rows if r.free > 0), None
    )
    form = PlaceForm(request.POST or None, rows=rows,
                     initial={"start_date": max(today, beschikking.start_date or today),
                              "location": preferred})
    to_waiting_list = may_wait and request.POST.get("actie") == "wachtlijst"
    if request.method == "POST" and to_waiting_list:
        form.fields["start_date"].required = False  # not asked for the waiting list
    if request.method == "POST" and form.is_valid():
        location = next(r.location for r in rows if r.location.pk == form.cleaned_data["location"])
        try:
            if to_waiting_list:
                services.waiting_list_add(
                    beschikking=beschikking, location=location, entered_on=today,
                    priority=WaitingPriority.NORMAL, priority_reason="",
                    acting_user=request.user, today=today, request=request,  # type: ignore[arg-type]
                )
            else:
                placement = services.placement_start(
                    beschikking=beschikking, location=location,
                    start_date=form.cleaned_data["start_date"], waiting_entry=entry,
                    perspective_independent=form.cleaned_data["perspective_independent"],
                    acting_user=request.user, request=request,  # type: ignore[arg-type]
                )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            if to_waiting_list:
                messages.success(request, f"{beschikking.client.full_name} staat op de wachtlijst "
                                          f"voor {location.name}.")
                return redirect("clients:detail", pk=beschikking.client_id)
            messages.success(
                request, f"{beschikking.client.full_name} is geplaatst bij {location.name} per "
                         f"{placement.start_date:%d-%m-%Y}.",
            )
            return redirect("placements:detail", pk=placement.pk)
    _log_one(request, beschikking.client, title)
    selected = form["location"].value()
    return render(request, "placements/place_form.html", {
        "form": form, "title": title, "beschikking": beschikking, "entry": entry,
        "client": beschikking.client, "rows": rows, "today": today,
        "selected": str(selected) if selected not in (None, "") else "",
        "any_free": any(r.free > 0 for r in rows),
        "map_data": selectors.place_map_data(rows),
        "may_wait": may_wait,
    })


def waiting_place(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.PLACING_ROLES)
    entry = _waiting_or_404(request, pk)
    if entry.removed_on is not None:
        raise Http404
    if entry.beschikking is None:
        messages.error(request, "Aan deze wachtlijstregel is geen beschikking gekoppeld.")
        return redirect("placements:waiting_list")
    beschikking = _beschikking_or_404(request, entry.beschikking_id)  # type: ignore[arg-type]
    return _place(request, beschikking=beschikking, entry=entry, title="Plaatsen vanaf de wachtlijst")


def beschikking_place(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.PLACING_ROLES)
    beschikking = _beschikking_or_404(request, pk)
    return _place(request, beschikking=beschikking, entry=None, title="Plaatsen")


def beschikking_waiting(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.CASE_ROLES)
    beschikking = _beschikking_or_404(request, pk)
    today = _today()
    rows = capacity_selectors.locations_offering(request.user, beschikking.product, today)  # type: ignore[arg-type]
    form = WaitingAddForm(request.POST or None, rows=rows, required=False,
                          initial={"entered_on": today})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        location = next((r.location for r in rows if r.location.pk == cd["location"]), None)
        try:
            services.waiting_list_add(
                beschikking=beschikking, location=location, entered_on=cd["entered_on"],
                priority=cd["priority"], priority_reason=cd["priority_reason"],
                acting_user=request.user, today=today, request=request,  # type: ignore[arg-type]
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, f"{beschikking.client.full_name} staat op de wachtlijst voor "
                         f"{beschikking.product}.",
            )
            return redirect("clients:detail", pk=beschikking.client_id)
    _log_one(request, beschikking.client, "Formulier wachtlijst")
    return render(request, "placements/place_form.html", {
        "form": form, "title": "Op de wachtlijst zetten", "beschikking": beschikking,
        "entry": None, "client": beschikking.client, "rows": rows, "waiting_form": True,
    })


def waiting_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_roles(request, services.CASE_ROLES)
    entry = _waiting_or_404(request, pk)
    if entry.removed_on is not None:
        raise Http404
    today = _today()
    form = WaitingRemoveForm(request.POST or None, initial={"removed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_remove(
                entry=entry, removed_on=form.cleaned_data["removed_on"],
                reason=form.cleaned_data["reason"], acting_user=request.user,  # type: ignore[arg-type]
                today=today, request=request,
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"{entry.client.full_name} is van de wachtlijst gehaald.")
            return redirect("placements:waiting_list")
    _log_one(request, entry.client, "Formulier van wachtlijst af")
    return render(request, "placements/waiting_remove.html", {
        "form": form, "entry": entry, "client": entry.client,
        "waited": rules.describe_waiting_time((today - entry.entered_on).days),
    })


# --- section on the client page -----------------------------------------------------------------


def client_section(request: HttpRequest, client: Client) -> dict[str, object] | None:
    user = request.user
    if case_access(user) is CaseAccess.NONE:  # type: ignore[arg-type]
        return None
    today = _today()
    placements = list(selectors.client_placements(user=user, client=client))  # type: ignore[arg-type]
    entries = [
        (e, rules.describe_waiting_time(((e.removed_on or today) - e.entered_on).days),
         _may_place_entry(user, e))  # type: ignore[arg-type]
        for e in selectors.client_waiting_entries(user=user, client=client)  # type: ignore[arg-type]
    ]
    to_place = []
    if user.role in services.PLACING_ROLES:  # type: ignore[union-attr]
        to_place = selectors.beschikkingen_to_place(client=client)
        if user.role == Role.ZORGAANBIEDER:  # type: ignore[union-attr]
            provider_id = user.organisation.provider_id  # type: ignore[union-attr]
            to_place = [b for b in to_place if b.provider_id == provider_id]
    if not (placements or entries or to_place):
        return None
    return {
        "template": "placements/_client_section.html", "placements": placements,
        "entries": entries, "to_place": to_place, "today": today,
        "may_wait": user.role in services.CASE_ROLES,  # type: ignore[union-attr]
    }

