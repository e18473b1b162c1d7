"""Client screens: search, register, view, edit. Views are thin: scope, service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.scoping import CaseAccess, case_access, client_get_for, may_register_clients

from . import merge, selectors, services
from .duplicates import DEFAULT_THRESHOLD, compare
from .forms import ClientForm, ClientSearchForm, MergeForm
from .models import Client, ClientMerge


def purpose_for(user) -> Purpose:  # type: ignore[no-untyped-def]
    if user.role == "ct_adviseur":
        return Purpose.ADVICE
    if user.role == "zorgaanbieder":
        return Purpose.PLACEMENT
    return Purpose.CASE_WORK


def scoped_client_or_404(request: HttpRequest, pk: int, *, action: AccessAction = AccessAction.VIEW,
                         log: bool = True) -> Client:
    """The client in the user's scope, with the access logged; 404 for anything else."""
    try:
        client = client_get_for(request.user, pk)  # type: ignore[arg-type]
    except Client.DoesNotExist:
        raise Http404 from None
    if log:
        access_log_write(user=request.user, action=action, purpose=purpose_for(request.user),  # type: ignore[arg-type]
                         client=client, request=request)
    return client


def _require_case_access(request: HttpRequest) -> None:
    if case_access(request.user) is CaseAccess.NONE:  # type: ignore[arg-type]
        raise Http404


def client_search(request: HttpRequest) -> HttpResponse:
    """Search by name (GET, so results can be paged) or by BSN (POST, so a BSN never ends up in a
    URL, a browser history or a server log)."""
    _require_case_access(request)
    data = request.POST if request.method == "POST" else request.GET
    form = ClientSearchForm(data or None)
    page = None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["date_of_birth"]):
        query = form.cleaned_data["q"]
        if request.method == "GET" and selectors.looks_like_bsn(query):
            form = ClientSearchForm({})
            form.is_valid()
            form.add_error("q", "Zoek op BSN met het zoekformulier, niet via een link.")
            return render(request, "clients/client_search.html", {
                "form": form, "page": None,
                "may_register": may_register_clients(request.user),  # type: ignore[arg-type]
            })
        if request.method == "POST" and not selectors.looks_like_bsn(query):
            params = {k: v for k, v in request.POST.items() if k in ("q", "date_of_birth") and v}
            return redirect(f"{request.path}?{urlencode(params)}")
        results = selectors.client_search(
            user=request.user, query=query,  # type: ignore[arg-type]
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        page = Paginator(results, 25).get_page(request.GET.get("pagina"))
        access_log_write_many(
            user=request.user, clients=page.object_list, action=AccessAction.SEARCH,  # type: ignore[arg-type]
            purpose=purpose_for(request.user), request=request,
            detail="Gezocht op BSN" if selectors.looks_like_bsn(query) else "",
        )
        if selectors.looks_like_bsn(query):
            form = ClientSearchForm()  # do not echo the BSN back into the page
    return render(request, "clients/client_search.html", {
        "form": form, "page": page, "may_register": may_register_clients(request.user),  # type: ignore[arg-type]
        "may_merge": case_access(request.user) is CaseAccess.FULL,  # type: ignore[arg-type]
    })


def _client_data(form: ClientForm, registration_municipality) -> services.ClientData:  # type: ignore[no-untyped-def]
    cd = form.cleaned_data
    return services.ClientData(
        given_names=cd["given_names"], surname_prefix=cd["surname_prefix"], surname=cd["surname"],
        date_of_birth=cd["date_of_birth"], bsn=cd["bsn"], no_bsn_reason=cd["no_bsn_reason"],
        origin_municipality=cd["origin_municipality"],
        registration_municipality=registration_municipality,
    )


def _registration_municipality(user):  # type: ignore[no-untyped-def]
    organisation = user.organisation
    if organisation.municipality_id:
        return organisation.municipality
    return organisation.region.centrumgemeente  # central access registers at the centrumgemeente


def client_create(request: HttpRequest) -> HttpResponse:
    if not may_register_clients(request.user):  # type: ignore[arg-type]
        raise Http404
    form = ClientForm(request.POST or None)
    possible: list = []  # type: ignore[type-arg]
    if request.method == "POST" and form.is_valid() and request.POST.get("toch_registreren") != "ja":
        possible = _possible_duplicates(request, form)
    if request.method == "POST" and form.is_valid() and not possible:
        try:
            client = services.client_register(
                data=_client_data(form, _registration_municipality(request.user)),
                acting_user=request.user, today=timezone.localdate(),  # type: ignore[arg-type]
                purpose=purpose_for(request.user),
            )
        except services.FieldErrors as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"{client.full_name} is geregistreerd.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/client_form.html", {
        "form": form, "title": "Nieuwe cliënt", "possible_duplicates": possible,
    })


def _possible_duplicates(request: HttpRequest, form: ClientForm) -> list:  # type: ignore[type-arg]
    """Likely duplicates of the person about to be registered, before anything is saved (the
    same rules as the merge proposals, within the user's scope); the ones shown are logged."""
    from bwmo.core import crypto

    cd = form.cleaned_data
    bsn_key = crypto.blind_index(cd["bsn"]) if cd["bsn"] else None
    if bsn_key and Client.objects.filter(bsn_index=bsn_key).exists():
        return []  # the registration itself refuses a known BSN, with its own message
    found = selectors.likely_duplicates_of_new(
        user=request.user, given_names=cd["given_names"],  # type: ignore[arg-type]
        surname_prefix=cd["surname_prefix"], surname=cd["surname"],
        date_of_birth=cd["date_of_birth"], bsn_key=bsn_key,  # a different BSN: another person
    )
    if found:
        access_log_write_many(
            user=request.user, clients=[client for client, _ in found],  # type: ignore[arg-type]
            action=AccessAction.VIEW, purpose=Purpose.DUPLICATE_CHECK, request=request,
            detail="Mogelijk dubbele registratie bij het registreren van een nieuwe cliënt",
        )
    return found


def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        raise Http404
    client = scoped_client_or_404(request, pk, log=False)
    if request.method == "POST":
        form = ClientForm(request.POST)
        if form.is_valid():
            try:
                services.client_update(
                    client=client, data=_client_data(form, client.registration_municipality),
                    acting_user=request.user, today=timezone.localdate(),  # type: ignore[arg-type]
                )
            except services.FieldErrors as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, "De gegevens zijn opgeslagen.")
                return redirect("clients:detail", pk=client.pk)
    else:
        form = ClientForm(initial={
            "given_names": client.given_names, "surname_prefix": client.surname_prefix,
            "surname": client.surname, "date_of_birth": client.date_of_birth,
            "no_bsn_reason": client.no_bsn_reason, "origin_municipality": client.origin_municipality,
        })
    if client.bsn_encrypted:
        form.fields["bsn"].help_text = (
            f"Laat leeg om het huidige BSN ({client.bsn_masked}) te houden; vul alleen een ander "
            "BSN in om het te corrigeren."
        )
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail="Wijzigformulier geopend")  # also when shown again with errors
    return render(request, "clients/client_form.html", {
        "form": form, "title": f"{client.full_name} wijzigen", "client": client,
    })


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = scoped_client_or_404(request, pk)
    access = case_access(request.user)  # type: ignore[arg-type]
    events = selectors.client_events_for(user=request.user, client=client)  # type: ignore[arg-type]
    full_access = access is CaseAccess.FULL
    sections = client_page_sections(request, client)
    contents = [("persoon", "Persoon")]
    if full_access:
        contents.append(("vertegenwoordiging", "Vertegenwoordiging"))
    contents += [SECTION_CONTENTS[s["template"]] for s in sections if s["template"] in SECTION_CONTENTS]
    if full_access:
        contents += [("documenten", "Documenten"), ("notities", "Notities")]
    contents.append(("historie", "Historie"))
    return render(request, "clients/client_detail.html", {
        "client": client, "events": events[:200], "full_access": full_access,
        "sections": sections, "contents": contents,
        **(selectors.dossier_for(client=client) if full_access else {}),
    })


# The entries of the dossier's section index for the sections other apps add.
SECTION_CONTENTS = {
    "journeys/_client_section.html": ("klantreis", "Meldingen en beschikkingen"),
    "placements/_client_section.html": ("plaatsing", "Plaatsingen"),
    "retention/_client_section.html": ("bewaartermijn", "Bewaartermijn"),
}


# Other apps add sections to the client page (meldingen, placements…) by appending a callable
# `(request, client) -> dict | None` here; each returns {"template": ..., **context} or None.
CLIENT_PAGE_SECTIONS: list = []


def client_page_sections(request: HttpRequest, client: Client) -> list[dict]:  # type: ignore[type-arg]
    sections = []
    for section in CLIENT_PAGE_SECTIONS:
        result = section(request, client)
        if result:
            sections.append(result)
    return sections


# ------------------------------------------------------------------------------------------------
# Duplicate registrations: proposals, compare and merge, undo (clients.duplicates, clients.merge)
# ------------------------------------------------------------------------------------------------


def _require_full_access(request: HttpRequest) -> None:
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        raise Http404


def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Mogelijke dubbele registraties among the clients the user may see."""
    _require_full_access(request)
    matches = selectors.duplicate_matches_for(user=request.user)  # type: ignore[arg-type]
    page = Paginator(matches, 25).get_page(request.GET.get("pagina"))
    pairs = selectors.duplicate_pairs(user=request.user, matches=list(page.object_list))  # type: ignore[arg-type]
    shown = {pair.first.pk: pair.first for pair in pairs} | {pair.second.pk: pair.second for pair in pairs}
    access_log_write_many(
        user=request.user, clients=shown.values(), action=AccessAction.SEARCH,  # type: ignore[arg-type]
        purpose=Purpose.DUPLICATE_CHECK, request=request,
        detail="Mogelijke dubbele registraties",
    )
    return render(request, "clients/duplicate_list.html", {
        "page": page, "pairs": pairs, "threshold": round(DEFAULT_THRESHOLD * 100),
    })


def _default_survivor(first: Client, second: Client, counts: dict[int, int]) -> int:
    """Suggest the record with a BSN, else the one with most case data, else the oldest."""
    return min((first, second), key=lambda c: (not c.bsn_index, -counts[c.pk], c.pk)).pk


def duplicate_compare(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """Both records side by side with the reasons; the consulent chooses the survivor and merges."""
    _require_full_access(request)
    if first == second:
        messages.error(request, "Een dossier kan niet met zichzelf worden samengevoegd.")
        return redirect("clients:duplicates")
    clients = [scoped_client_or_404(request, pk, log=False) for pk in (first, second)]
    for shown in clients:
        access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                         purpose=Purpose.DUPLICATE_CHECK, client=shown, request=request,
                         detail="Vergelijken voor samenvoegen")
    match = compare(selectors.record_of(clients[0]), selectors.record_of(clients[1]), threshold=0)
    related = {c.pk: merge.related_counts(c) for c in clients}
    totals = {pk: sum(counts.values()) for pk, counts in related.items()}
    form = MergeForm(
        request.POST or None, first=clients[0], second=clients[1],
        initial={"survivor": _default_survivor(clients[0], clients[1], totals)},
    )
    if request.method == "POST" and form.is_valid():
        survivor_pk = form.cleaned_data["survivor"]
        survivor, duplicate = clients if survivor_pk == clients[0].pk else clients[::-1]
        try:
            merge.client_merge(
                survivor=survivor, duplicate=duplicate, acting_user=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(), reason=form.cleaned_data["reason"],
                match_reasons=match.reasons if match else (),
            )
        except merge.MergeRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Het dossier van {duplicate.full_name} is samengevoegd met dit dossier."
            )
            return redirect("clients:detail", pk=survivor.pk)
    already_merged = [c for c in clients if c.merged_into_id]
    return render(request, "clients/duplicate_compare.html", {
        "clients": clients, "match": match, "form": form,
        "related_list": [merge.count_lines(related[c.pk]) for c in clients],
        "low_score": match is None or match.score < DEFAULT_THRESHOLD,
        "already_merged": already_merged,
        "different_bsn": bool(clients[0].bsn_index and clients[1].bsn_index),
    })


def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and undo a merge, from the surviving record's page."""
    _require_full_access(request)
    try:
        merge_record = selectors.merge_for_undo(user=request.user, pk=pk)  # type: ignore[arg-type]
    except ClientMerge.DoesNotExist:
        raise Http404 from None
    survivor = merge_record.survivor
    if request.method == "POST":
        try:
            merge.client_merge_undo(merge=merge_record, acting_user=request.user,  # type: ignore[arg-type]
                                    today=timezone.localdate())
        except merge.MergeRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"De samenvoeging is ongedaan gemaakt: het dossier van "
                f"{merge_record.duplicate.full_name} staat weer op zichzelf.",
            )
        return redirect("clients:detail", pk=survivor.pk)
    for shown in (survivor, merge_record.duplicate):
        access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                         purpose=Purpose.DUPLICATE_CHECK, client=shown, request=request,
                         detail=f"Samenvoeging {merge_record.pk} ongedaan maken (bevestigen)")
    return render(request, "clients/merge_undo.html", {
        "merge": merge_record, "survivor": survivor, "duplicate": merge_record.duplicate,
        "moved": merge.moved_lines(merge_record),
    })


def merge_section(request: HttpRequest, client: Client) -> dict | None:  # type: ignore[type-arg]
    """Client page: the records merged into this one (with undo) and likely duplicates."""
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        return None
    merges = list(selectors.merges_received(client=client))
    proposals = selectors.duplicates_of(user=request.user, client=client)  # type: ignore[arg-type]
    if not merges and not proposals:
        return None
    access_log_write_many(
        user=request.user, clients=[m.duplicate for m in merges], action=AccessAction.VIEW,  # type: ignore[arg-type]
        purpose=purpose_for(request.user), request=request,
        detail=f"Samengevoegd met dossier {client.pk}",
    )
    access_log_write_many(
        user=request.user, clients=[p.second if p.first.pk == client.pk else p.first  # type: ignore[arg-type]
                                    for p in proposals],
        action=AccessAction.SEARCH, purpose=Purpose.DUPLICATE_CHECK, request=request,
        detail=f"Mogelijke dubbele registratie van dossier {client.pk}",
    )
    return {
        "template": "clients/_merge_section.html",
        "merges": [(m, merge.moved_lines(m)) for m in merges],
        "proposals": [
            (p.second if p.first.pk == client.pk else p.first, p.match) for p in proposals
        ],
    }
