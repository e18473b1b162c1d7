"""Contract management screens (DOMAIN §12). Thin: parse, call selector/service, render.

Contract managers (beleid of the region) see and change all; beleid of a municipality reads the
region's contracts; a provider's staff see their own contracts, quality status and agreed actions,
read-only; everyone else gets 404."""

import base64
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.capacity.models import Provider
from bwmo.core.exceptions import DomainError
from bwmo.core.money import euro
from bwmo.placements.constants import OutflowDestination

from . import forms, selectors, services
from .models import (
    AgreedAction,
    Commitment,
    Contract,
    GgdInspection,
    RechtmatigheidSignal,
)

IMPORT_SESSION_KEY = "contracts_experience_import"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_manager(request: HttpRequest) -> None:
    if not selectors.is_contract_manager(_user(request)):
        raise Http404


def _require_viewer(request: HttpRequest) -> None:
    user = _user(request)
    if not (selectors.is_region_reader(user) or selectors.own_provider(user) is not None):
        raise Http404


def _contract(request: HttpRequest, pk: int) -> Contract:
    return get_object_or_404(selectors.contracts_for(_user(request)).select_related("provider", "region"), pk=pk)


def _provider(request: HttpRequest, pk: int) -> Provider:
    return get_object_or_404(selectors.providers_for(_user(request)), pk=pk)


def _run(form, action: Callable[[dict], object]) -> bool:  # type: ignore[no-untyped-def]
    """Call the service with the cleaned data; put a refusal on the form. True when it succeeded."""
    try:
        action(form.cleaned_data)
    except DomainError as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return False
    return True


def contract_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    user = _user(request)
    today = timezone.localdate()
    rows = selectors.contract_rows(selectors.contracts_for(user), today)
    providers = list(selectors.providers_for(user).order_by("name"))
    statuses = selectors.provider_qualities(providers, user.organisation.region, today)  # type: ignore[union-attr]
    return render(request, "contracts/list.html", {
        "rows": rows, "providers": [(p, statuses[p.pk]) for p in providers], "today": today,
        "manager": selectors.is_contract_manager(user),
        "actions": selectors.open_actions(selectors.talks_for(user))[:50],
        "signals": [(row, signal) for row in rows for signal in row.signals],
    })


def contract_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    user = _user(request)
    region = user.organisation.region  # type: ignore[union-attr]
    form = forms.ContractCreateForm(
        request.POST or None, region=region, providers=Provider.objects.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        def create(cd: dict) -> None:
            options = [cd[k] for k in ("option_1", "option_2") if cd.get(k)]
            form.created = services.contract_create(  # type: ignore[attr-defined]
                region=region, provider=cd["provider"], reference=cd["reference"], lot=cd["lot"],
                form=cd["form"], start_date=cd["start_date"], initial_end_date=cd["initial_end_date"],
                option_months=options, outside_region=cd["outside_region"], notes=cd["notes"],
                lines=[services.LineInput(cd["product"], cd["tariff"], cd["unit"], cd["valid_from"],
                                          cd["valid_to"])],
                acting_user=user,
            )
        if _run(form, create):
            messages.success(request, "Het contract is vastgelegd.")
            return redirect("contracts:detail", pk=form.created.pk)  # type: ignore[attr-defined]
    return render(request, "contracts/form.html", {
        "form": form, "title": "Nieuw contract", "back_url": reverse("contracts:list", args=[]),
        "intro": "Leg het contract vast met de looptijd, de verlengingsopties en ten minste één "
                 "product met tarief. Meer producten en latere tarieven voegt u daarna toe.",
    })


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    user = _user(request)
    today = timezone.localdate()
    row = selectors.contract_rows(Contract.objects.filter(pk=contract.pk), today)[0]
    manager = selectors.is_contract_manager(user)
    return render(request, "contracts/detail.html", {
        "contract": contract, "row": row, "manager": manager, "today": today,
        "lines": contract.lines.select_related("product").order_by("product__name", "valid_from"),
        "options": contract.options.all(), "commitments": contract.commitments.all(),
        "next_option": contract.options.filter(exercised_on__isnull=True).order_by("order").first(),
        "tariff_form": forms.TariffForm(region=contract.region) if manager else None,
        "commitment_form": forms.CommitmentForm() if manager else None,
        "exercise_form": forms.ExerciseForm(initial={"exercised_on": today}) if manager else None,
    })


def _contract_post(
    request: HttpRequest, pk: int, form_class: type, action: Callable[[Contract, dict], object],
    success: str, title: str, **form_kwargs: object,
) -> HttpResponse:
    _require_manager(request)
    contract = _contract(request, pk)
    if request.method != "POST":
        return redirect("contracts:detail", pk=contract.pk)
    form = form_class(request.POST, **{k: (contract.region if v == "region" else v) for k, v in form_kwargs.items()})
    if form.is_valid() and _run(form, lambda cd: action(contract, cd)):
        messages.success(request, success)
        return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", {
        "form": form, "title": title, "back_url": reverse("contracts:detail", args=[contract.pk]),
        "intro": f"Contract {contract.reference} met {contract.provider}.",
    })


def tariff_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_post(
        request, pk, forms.TariffForm,
        lambda c, cd: services.tariff_add(
            contract=c, acting_user=_user(request),
            line=services.LineInput(cd["product"], cd["tariff"], cd["unit"], cd["valid_from"], cd["valid_to"]),
        ),
        "Het tarief is toegevoegd.", "Tarief toevoegen", region="region",
    )


def option_exercise(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_post(
        request, pk, forms.ExerciseForm,
        lambda c, cd: services.option_exercise(
            contract=c, order=cd["order"], on=cd["exercised_on"], acting_user=_user(request)
        ),
        "De verlengingsoptie is gelicht.", "Verlengingsoptie lichten",
    )


def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_post(
        request, pk, forms.CommitmentForm,
        lambda c, cd: services.commitment_add(
            contract=c, description=cd["description"], due_on=cd["due_on"], acting_user=_user(request)
        ),
        "De afspraak is toegevoegd.", "Afspraak transformatieagenda",
    )


def commitment_update(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    commitment = get_object_or_404(
        Commitment.objects.filter(contract__in=selectors.contracts_for(_user(request))), pk=pk
    )
    form = forms.CommitmentStatusForm(
        request.POST or None,
        initial={"status": commitment.status, "status_note": commitment.status_note},
    )
    if request.method == "POST" and form.is_valid() and _run(form, lambda cd: services.commitment_update(
        commitment=commitment, status=cd["status"], note=cd["status_note"], acting_user=_user(request)
    )):
        messages.success(request, "De stand van de afspraak is bijgewerkt.")
        return redirect("contracts:detail", pk=commitment.contract_id)
    return render(request, "contracts/form.html", {
        "form": form, "title": "Stand van de afspraak", "back_url": reverse("contracts:detail", args=[commitment.contract_id]), "intro": commitment.description,
    })


# --- quality and account management per provider -------------------------------------------------

def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request, pk)
    user = _user(request)
    region = user.organisation.region  # type: ignore[union-attr]
    today = timezone.localdate()
    requirements = list(region.keurmerk_requirements.filter(active=True))
    evidence: dict[int, object] = {}
    for item in provider.keurmerk_evidence.order_by("-recorded_on", "-pk"):
        evidence.setdefault(item.requirement_id, item)  # the latest per requirement
    talks = selectors.talks_for(user).filter(provider=provider, region=region)
    experience = selectors.experience_trend(region, provider)
    return render(request, "contracts/provider.html", {
        "provider": provider, "region": region, "today": today,
        "status": selectors.provider_quality(provider, region, today),
        "checklist": [(req, evidence.get(req.pk)) for req in requirements],
        "inspections": provider.inspections.all(),
        "signals": provider.rechtmatigheid_signals.all() if selectors.is_contract_manager(user) else [],
        "talks": talks, "actions": selectors.open_actions(talks),
        "contracts": selectors.contract_rows(selectors.contracts_for(user).filter(provider=provider), today),
        "experience": experience,
        "experience_chart": selectors.experience_chart(experience),
        "minimum": selectors.settings_for(region).experience_min_respondents,
        "manager": selectors.is_contract_manager(user),
    })


def _provider_post(
    request: HttpRequest, pk: int, form_class: type, action: Callable[[Provider, dict], object],
    success: str, title: str, *, with_region: bool = False, instance_intro: str = "",
) -> HttpResponse:
    _require_manager(request)
    provider = _provider(request, pk)
    region = _user(request).organisation.region  # type: ignore[union-attr]
    kwargs = {"region": region} if with_region else {}
    form = form_class(request.POST or None, initial={"received_on": timezone.localdate()}, **kwargs)
    if request.method == "POST" and form.is_valid() and _run(form, lambda cd: action(provider, cd)):
        messages.success(request, success)
        return redirect("contracts:provider", pk=provider.pk)
    return render(request, "contracts/form.html", {
        "form": form, "title": title, "back_url": reverse("contracts:provider", args=[provider.pk]),
        "intro": instance_intro or str(provider),
    })


def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_post(
        request, pk, forms.EvidenceForm,
        lambda p, cd: services.evidence_record(
            provider=p, requirement=cd["requirement"], evidence=cd["evidence"],
            recorded_on=cd["recorded_on"], valid_until=cd["valid_until"], acting_user=_user(request),
        ),
        "Het bewijs voor het keurmerk is vastgelegd.", "Bewijs keurmerk vastleggen", with_region=True,
    )


def inspection_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_post(
        request, pk, forms.InspectionForm,
        lambda p, cd: services.inspection_record(
            provider=p, region=_user(request).organisation.region,  # type: ignore[union-attr]
            inspected_on=cd["inspected_on"], severity=cd["severity"], findings=cd["findings"],
            follow_up=cd["follow_up"], follow_up_due=cd["follow_up_due"], acting_user=_user(request),
        ),
        "De GGD-inspectie is vastgelegd.", "GGD-inspectie vastleggen",
    )


def signal_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _provider_post(
        request, pk, forms.SignalForm,
        lambda p, cd: services.signal_record(
            provider=p, region=_user(request).organisation.region,  # type: ignore[union-attr]
            received_on=cd["received_on"], source=cd["source"], concerns_pgb=cd["concerns_pgb"],
            description=cd["description"], acting_user=_user(request),
        ),
        "Het signaal is vastgelegd.", "Signaal rechtmatigheid vastleggen",
    )


def talk_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    provider = _provider(request, pk)
    user = _user(request)
    region = user.organisation.region  # type: ignore[union-attr]
    year, quarter = selectors.quarter_before(timezone.localdate())
    form = forms.TalkForm(request.POST or None, initial={
        "kind": "overlegtafel", "held_on": timezone.localdate(), "year": year, "quarter": str(quarter),
    })
    if request.method == "POST" and form.is_valid():
        def create(cd: dict) -> None:
            form.created = services.talk_create(  # type: ignore[attr-defined]
                region=region, provider=provider, kind=cd["kind"], held_on=cd["held_on"],
                year=cd["year"], quarter=cd["quarter"], notes=cd["notes"], acting_user=user,
            )
        if _run(form, create):
            messages.success(request, "Het gesprek is vastgelegd met de cijfers van de aanbieder.")
            return redirect("contracts:talk", pk=form.created.pk)  # type: ignore[attr-defined]
    return render(request, "contracts/form.html", {
        "form": form, "title": "Gesprek met de aanbieder", "back_url": reverse("contracts:provider", args=[provider.pk]),
        "intro": f"{provider}: de cijfers van het gekozen kwartaal (bij een accountgesprek het "
                 "vierde kwartaal) worden bij het gesprek bewaard.",
    })


def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talk = get_object_or_404(selectors.talks_for(_user(request)).select_related("provider"), pk=pk)
    manager = selectors.is_contract_manager(_user(request))
    labels = dict(OutflowDestination.choices)
    destinations = sorted(
        ((labels.get(key, "onbekend"), n) for key, n in talk.figures.get("outflow_destinations", {}).items()),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return render(request, "contracts/talk.html", {
        **_declaration_amounts(talk.figures),
        "talk": talk, "figures": talk.figures, "destination_rows": destinations, "actions": talk.actions.all(), "manager": manager,
        "action_form": forms.ActionForm() if manager else None,
    })


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    talk = get_object_or_404(selectors.talks_for(_user(request)), pk=pk)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _run(form, lambda cd: services.action_add(
        talk=talk, description=cd["description"], owner=cd["owner"], due_on=cd["due_on"],
        acting_user=_user(request),
    )):
        messages.success(request, "De actie is toegevoegd.")
        return redirect("contracts:talk", pk=talk.pk)
    return render(request, "contracts/form.html", {
        "form": form, "title": "Actie toevoegen", "back_url": reverse("contracts:talk", args=[talk.pk]),
        "intro": str(talk),
    })


def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    action = get_object_or_404(
        AgreedAction.objects.filter(talk__in=selectors.talks_for(_user(request))), pk=pk
    )
    form = forms.ActionDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _run(form, lambda cd: services.action_done(
        action=action, done_on=cd["done_on"], follow_up=cd["follow_up"], acting_user=_user(request)
    )):
        messages.success(request, "De actie is afgerond.")
        return redirect("contracts:talk", pk=action.talk_id)
    return render(request, "contracts/form.html", {
        "form": form, "title": "Actie afronden", "back_url": reverse("contracts:talk", args=[action.talk_id]),
        "intro": action.description,
    })


def _close(
    request: HttpRequest, pk: int, model: type, service: Callable[..., object], field: str,
    title: str, success: str,
) -> HttpResponse:
    _require_manager(request)
    user = _user(request)
    obj = get_object_or_404(model.objects.filter(provider__in=selectors.providers_for(user)), pk=pk)
    form = forms.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _run(form, lambda cd: service(
        **{field: obj}, region=user.organisation.region, closed_on=cd["closed_on"],  # type: ignore[union-attr]
        note=cd["note"], acting_user=user,
    )):
        messages.success(request, success)
        return redirect("contracts:provider", pk=obj.provider_id)
    return render(request, "contracts/form.html", {
        "form": form, "title": title, "back_url": reverse("contracts:provider", args=[obj.provider_id]),
        "intro": str(obj),
    })


def inspection_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, GgdInspection, services.inspection_close, "inspection",
                  "GGD-inspectie afsluiten", "De inspectie is afgesloten.")


def signal_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, RechtmatigheidSignal, services.signal_close, "signal",
                  "Signaal afhandelen", "Het signaal is afgehandeld.")


def _declaration_amounts(figures: dict[str, Any]) -> dict[str, str]:
    declarations = figures.get("declarations") or {}
    return {key: euro(declarations[key]) for key in ("claimed", "granted", "refused")
            if key in declarations}


def experience_import(request: HttpRequest) -> HttpResponse:
    """Dry run first: the file is checked row by row and kept in the session; only a clean file can
    then be imported, all rows at once."""
    _require_manager(request)
    user = _user(request)
    region = user.organisation.region  # type: ignore[union-attr]
    form = forms.ExperienceImportForm()
    result = None
    if request.method == "POST" and request.POST.get("stap") == "inlezen":
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, "Kies eerst een bestand en controleer het.")
            return redirect("contracts:experience-import")
        data = base64.b64decode(stored["data"])
        try:
            count = services.experience_import(
                region=region, data=data, filename=stored["name"], acting_user=user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("contracts:experience-import")
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, f"{count} scores zijn ingelezen.")
        return redirect("contracts:list")
    if request.method == "POST":
        form = forms.ExperienceImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = services.experience_parse(region=region, data=data, filename=upload.name)
            if result.ok:
                request.session[IMPORT_SESSION_KEY] = {
                    "name": upload.name, "data": base64.b64encode(data).decode("ascii"),
                }
            else:
                request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "contracts/experience_import.html", {
        "form": form, "result": result,
    })
