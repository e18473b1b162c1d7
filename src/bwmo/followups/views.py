"""Follow-up screens: bezwaar, herindicatie signal and voortgangsgesprek. Thin views: scope
(404 otherwise), form, service, render; every page with client data writes the access log."""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.clients.views import purpose_for
from bwmo.journeys.models import Beschikking
from bwmo.journeys.services import FormErrors
from bwmo.placements.models import Placement
from bwmo.scoping import placements_for

from . import selectors, services, workflow
from .forms import BezwaarForm, BezwaarProgressForm, CrisisForm, ReviewForm
from .models import Bezwaar


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _day(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The peildatum of a list (``?peildatum=YYYY-MM-DD``), today when absent or unreadable."""
    from datetime import date

    try:
        return date.fromisoformat(request.GET.get("peildatum", ""))
    except ValueError:
        return _today()


def _require_case_worker(request: HttpRequest) -> None:
    if request.user.role not in selectors.CASE_ROLES:  # type: ignore[union-attr]
        raise Http404


def _log(request: HttpRequest, client, detail: str) -> None:  # type: ignore[no-untyped-def]
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail=detail)


def _log_list(request: HttpRequest, clients, detail: str) -> None:  # type: ignore[no-untyped-def]
    unique = list({c.pk: c for c in clients}.values())
    access_log_write_many(user=request.user, clients=unique, action=AccessAction.VIEW,  # type: ignore[arg-type]
                          purpose=purpose_for(request.user), request=request, detail=detail)


def _apply(form, exc: FormErrors) -> None:  # type: ignore[no-untyped-def]
    for field, message in exc.errors:
        form.add_error(field if field in form.fields else None, message)


def bezwaar_list(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    decided = request.GET.get("status") == "beslist"
    rows = selectors.bezwaar_worklist(request.user, today=_today(), decided=decided)  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [r.bezwaar.beschikking.client for r in page.object_list], "Bezwaren")
    return render(request, "followups/bezwaar_list.html", {"page": page, "decided": decided})


def bezwaar_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_case_worker(request)
    try:
        beschikking = selectors.beschikkingen_for(request.user).select_related(  # type: ignore[arg-type]
            "client", "melding__municipality__region").get(pk=pk)
    except Beschikking.DoesNotExist:
        raise Http404 from None
    if not workflow.may_register(request.user, beschikking):  # type: ignore[arg-type]
        raise Http404
    form = BezwaarForm(request.POST or None, initial={"received_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            bezwaar = services.bezwaar_register(beschikking=beschikking, acting_user=request.user,  # type: ignore[arg-type]
                                                today=_today(), **form.cleaned_data)
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Het bezwaar is geregistreerd.")
            return redirect("followups:bezwaar-detail", pk=bezwaar.pk)
    _log(request, beschikking.client, "Formulier bezwaar")
    return render(request, "followups/bezwaar_form.html", {
        "form": form, "beschikking": beschikking, "client": beschikking.client,
        "title": "Bezwaar registreren", "submit": "Bezwaar registreren",
    })


def bezwaar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_case_worker(request)
    try:
        bezwaar = selectors.bezwaar_get_for(request.user, pk)  # type: ignore[arg-type]
    except Bezwaar.DoesNotExist:
        raise Http404 from None
    beschikking = bezwaar.beschikking
    state = workflow.bezwaar_state(bezwaar)
    may_update = not workflow.bezwaar_refusals("update", request.user, bezwaar)  # type: ignore[arg-type]
    form = BezwaarProgressForm(request.POST or None, initial={
        "hearing_on": bezwaar.hearing_on, "extension_weeks": bezwaar.extension_weeks,
        "extension_reason": bezwaar.extension_reason,
    }) if may_update else None
    if request.method == "POST" and form is None:
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.bezwaar_update(bezwaar=bezwaar, acting_user=request.user, today=_today(),  # type: ignore[arg-type]
                                    data=services.BezwaarProgress(**form.cleaned_data))
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Het bezwaar is bijgewerkt.")
            return redirect("followups:bezwaar-detail", pk=bezwaar.pk)
    _log(request, beschikking.client, f"Bezwaar {bezwaar.pk}")
    return render(request, "followups/bezwaar_detail.html", {
        "bezwaar": bezwaar, "beschikking": beschikking, "client": beschikking.client,
        "terms": services.bezwaar_terms(bezwaar), "state": state, "form": form,
        "who": workflow.WHO,
    })


def _due_list(
    request: HttpRequest, rows: list, client_of: Callable[[object], object], label: str,  # type: ignore[type-arg]
    template: str, setting: str, key: str, day: date,
) -> HttpResponse:
    """A paged signal list (herindicaties, voortgangsgesprekken): one access-log entry per page
    for the clients it shows, with the regional setting the list is based on."""
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [client_of(r) for r in page.object_list], label)
    region = request.user.organisation.region if request.user.organisation else None  # type: ignore[union-attr]
    return render(request, template, {
        "page": page, key: getattr(selectors.settings_for(region), setting), "day": day,
    })


def herindicatie_list(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    day = _day(request)
    return _due_list(
        request, selectors.herindicaties(request.user, today=day),  # type: ignore[arg-type]
        lambda r: r.beschikking.client, "Herindicaties", "followups/herindicatie_list.html",
        "herindicatie_signal_weeks", "weeks", day,
    )


def review_list(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    day = _day(request)
    return _due_list(
        request, selectors.reviews_due(request.user, today=day),  # type: ignore[arg-type]
        lambda r: r.placement.client, "Voortgangsgesprekken", "followups/review_list.html",
        "review_interval_months", "months", day,
    )


def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_case_worker(request)
    try:
        placement = placements_for(request.user).select_related(  # type: ignore[arg-type]
            "client", "location", "product").get(pk=pk)
    except Placement.DoesNotExist:
        raise Http404 from None
    form = ReviewForm(request.POST or None, initial={"held_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(placement=placement, acting_user=request.user,  # type: ignore[arg-type]
                                   today=_today(), **form.cleaned_data)
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Het voortgangsgesprek is vastgelegd.")
            return redirect("placements:detail", pk=placement.pk)
    _log(request, placement.client, "Formulier voortgangsgesprek")
    return render(request, "followups/review_form.html", {
        "form": form, "placement": placement, "client": placement.client,
    })


def crisis_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Crisisopvang / spoedopvang at once (Wmo 2.3.3); the melding stays open."""
    from datetime import timedelta

    from bwmo.capacity.selectors import capacity_rows
    from bwmo.journeys.models import Melding
    from bwmo.journeys.selectors import melding_get_for
    from bwmo.scoping import locations_for

    _require_case_worker(request)
    try:
        melding = melding_get_for(request.user, pk)  # type: ignore[arg-type]
    except Melding.DoesNotExist:
        raise Http404 from None
    if not services.may_place_crisis(request.user, melding):  # type: ignore[arg-type]
        raise Http404
    today = _today()
    region = melding.municipality.region
    locations = locations_for(request.user).filter(active=True)  # type: ignore[arg-type]
    rows = [r for r in capacity_rows(locations, today) if r.free > 0
            and r.product.region_id == getattr(region, "pk", None) and r.product.active]
    form = CrisisForm(request.POST or None, rows=rows, initial={
        "start_date": today, "end_date": today + timedelta(weeks=4)})
    if request.method == "POST" and form.is_valid():
        row = form.rows[form.cleaned_data["place"]]
        try:
            services.crisis_place(melding=melding, acting_user=request.user, today=today,  # type: ignore[arg-type]
                                  data=services.CrisisInput(
                                      location=row.location, product=row.product,
                                      start_date=form.cleaned_data["start_date"],
                                      end_date=form.cleaned_data["end_date"],
                                      reason=form.cleaned_data["reason"]))
        except FormErrors as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"{melding.client.full_name} is opgevangen bij "
                                      f"{row.location.name}. Het gewone onderzoek loopt door.")
            return redirect("journeys:melding-detail", pk=melding.pk)
    _log(request, melding.client, "Formulier crisisopvang")
    return render(request, "followups/crisis_form.html", {
        "form": form, "melding": melding, "client": melding.client, "rows": rows,
    })


def youth_list(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    day = _day(request)
    rows = selectors.turning_18(request.user, today=day)  # type: ignore[arg-type]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [r.client for r in page.object_list], "18-/18+")
    return render(request, "followups/youth_list.html", {"page": page, "day": day})
