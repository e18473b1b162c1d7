"""Dossier screens: address and contact, representatives and contact persons, notes, documents.

Only users with full case access (the consulent of the client's municipality, the central access)
open these; anything else is 404. Every screen that shows the client writes an access-log entry,
also when a form comes back with errors; a document download is logged with its title.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write
from bwmo.scoping import CaseAccess, case_access

from . import dossier
from .forms import ContactDetailsForm, DocumentForm, NoteForm, RelationForm
from .models import Client, ClientDocument, ClientRelation
from .services import FieldErrors
from .views import purpose_for, scoped_client_or_404


def _dossier_client(request: HttpRequest, pk: int, detail: str) -> Client:
    """The client for a dossier screen (full case access only), with the access logged."""
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        raise Http404
    client = scoped_client_or_404(request, pk, log=False)
    if client.merged_into_id is not None:
        raise Http404  # a merged record is read-only; its data lives in the surviving record
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail=detail)
    return client


def _apply_errors(form, exc: FieldErrors) -> None:  # type: ignore[no-untyped-def]
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _render_form(request: HttpRequest, client: Client, form, title: str,  # type: ignore[no-untyped-def]
                 anchor: str, *, multipart: bool = False, intro: str = "") -> HttpResponse:
    return render(request, "clients/dossier_form.html", {
        "client": client, "form": form, "title": title, "anchor": anchor,
        "multipart": multipart, "intro": intro,
    })


def contact_details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Adres en contact wijzigen")
    if request.method == "POST":
        form = ContactDetailsForm(request.POST)
        if form.is_valid():
            try:
                dossier.contact_details_update(
                    client=client, data=dossier.ContactDetails(**form.cleaned_data),
                    acting_user=request.user, today=timezone.localdate(),  # type: ignore[arg-type]
                )
            except FieldErrors as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, "Het adres en de contactgegevens zijn opgeslagen.")
                return redirect(f"{client.get_absolute_url()}#persoon")
    else:
        form = ContactDetailsForm(initial={
            field: getattr(client, field) for field in ContactDetailsForm.base_fields
        })
    return _render_form(request, client, form, f"Adres en contact van {client.full_name}", "persoon")


def _relation_data(form: RelationForm) -> dossier.RelationData:
    cd = form.cleaned_data
    return dossier.RelationData(**{**cd, "is_budget_holder": cd["is_budget_holder"] == "ja"})


def relation_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Vertegenwoordiger of contactpersoon toevoegen")
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            relation = dossier.relation_save(
                client=client, data=_relation_data(form), acting_user=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
            )
        except FieldErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"{relation.name} is toegevoegd.")
            return redirect(f"{client.get_absolute_url()}#vertegenwoordiging")
    return _render_form(request, client, form, "Vertegenwoordiger of contactpersoon toevoegen",
                        "vertegenwoordiging")


def _relation_or_404(client: Client, relation_pk: int) -> ClientRelation:
    try:
        return client.relations.get(pk=relation_pk)
    except ClientRelation.DoesNotExist:
        raise Http404 from None


def relation_edit(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Vertegenwoordiger of contactpersoon wijzigen")
    relation = _relation_or_404(client, relation_pk)
    if request.method == "POST":
        form = RelationForm(request.POST)
        if form.is_valid():
            try:
                dossier.relation_save(client=client, data=_relation_data(form), relation=relation,
                                      acting_user=request.user, today=timezone.localdate())  # type: ignore[arg-type]
            except FieldErrors as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"De gegevens van {relation.name} zijn opgeslagen.")
                return redirect(f"{client.get_absolute_url()}#vertegenwoordiging")
    else:
        initial = {field: getattr(relation, field) for field in RelationForm.base_fields}
        initial["is_budget_holder"] = "ja" if relation.is_budget_holder else "nee"
        form = RelationForm(initial=initial)
    return _render_form(request, client, form, f"{relation.name} wijzigen", "vertegenwoordiging")


def relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Vertegenwoordiger of contactpersoon verwijderen")
    relation = _relation_or_404(client, relation_pk)
    if request.method == "POST":
        dossier.relation_remove(relation=relation, acting_user=request.user,  # type: ignore[arg-type]
                                today=timezone.localdate())
        messages.success(request, f"{relation.name} is uit het dossier verwijderd.")
        return redirect(f"{client.get_absolute_url()}#vertegenwoordiging")
    return render(request, "clients/relation_remove.html", {"client": client, "relation": relation})


def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Notitie schrijven")
    form = NoteForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            dossier.note_add(client=client, acting_user=request.user,  # type: ignore[arg-type]
                             today=timezone.localdate(), **form.cleaned_data)
        except FieldErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "De notitie is opgeslagen.")
            return redirect(f"{client.get_absolute_url()}#notities")
    return _render_form(request, client, form, "Notitie schrijven", "notities",
                        intro="Een notitie kan na het opslaan niet meer worden gewijzigd.")


def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    client = _dossier_client(request, pk, "Document toevoegen")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        too_big = upload.size > dossier.MAX_DOCUMENT_BYTES
        content = b"" if too_big else upload.read()
        try:
            if too_big:  # do not read a huge upload into memory only to refuse it
                dossier.check_upload(name=upload.name, size=upload.size, head=b"")
            dossier.document_add(
                client=client, kind=form.cleaned_data["kind"], title=form.cleaned_data["title"],
                name=upload.name, content=content, acting_user=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
            )
        except FieldErrors as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Het document is toegevoegd.")
            return redirect(f"{client.get_absolute_url()}#documenten")
    return _render_form(request, client, form, "Document toevoegen", "documenten", multipart=True)


def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        raise Http404
    client = scoped_client_or_404(request, pk, log=False)
    try:
        document = ClientDocument.objects.get(pk=document_pk, client=client)
    except ClientDocument.DoesNotExist:
        raise Http404 from None
    try:
        handle = document.file.open("rb")
    except OSError:
        # the row is there but the file is not (e.g. a restore of the database without the
        # media directory, docs/operations.md): say so instead of failing
        access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                         purpose=purpose_for(request.user), client=client, request=request,
                         detail=f"Document niet gevonden: {document.title}")
        messages.error(request, f"Het bestand van het document '{document.title}' is niet "
                                "gevonden. Vraag functioneel beheer het terug te zetten uit de "
                                "back-up van de documenten.")
        return redirect(f"{reverse('clients:detail', args=[client.pk])}#documenten")
    access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                     purpose=purpose_for(request.user), client=client, request=request,
                     detail=f"Document gedownload: {document.title}")
    response = FileResponse(
        handle, content_type=document.content_type, as_attachment=True,
        filename=f"{document.title}.{document.extension}",
    )
    response["Cache-Control"] = "no-store"
    return response
