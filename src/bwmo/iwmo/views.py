"""iWmo screens: the provider portal (upload and download of message files) and the consulent's
list of requests from providers (WMO315/317) with the answer (WMO319). Thin: the work is in
`incoming`, `outgoing` and `answers`."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_many
from bwmo.core.exceptions import DomainError

from . import answers
from .constants import Direction, RedenAfwijzing, VerzoekAntwoord
from .incoming import bericht_import
from .models import Bericht, Verzoek
from .xml import MAX_FILE_BYTES

MAX_FILES = 50


def _provider_of(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = request.user
    if user.role != Role.ZORGAANBIEDER or user.organisation is None \
            or user.organisation.provider_id is None:  # type: ignore[union-attr]
        raise Http404
    return user.organisation.provider  # type: ignore[union-attr]


def _municipality_of(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = request.user
    if user.role != Role.WMO_CONSULENT or user.organisation is None \
            or user.organisation.municipality_id is None:  # type: ignore[union-attr]
        raise Http404
    return user.organisation.municipality  # type: ignore[union-attr]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        items = data if isinstance(data, list | tuple) else [data] if data else []
        if not items:
            raise forms.ValidationError("Kies een of meer bestanden.")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Berichtbestanden (XML)",
        help_text="WMO305, 307, 315, 317 of 323, of een retour WMO302/320. Meerdere bestanden "
                  "tegelijk kan; ze worden in de volgorde van hun naam verwerkt.",
        widget=MultipleFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )

    def clean_files(self):  # type: ignore[no-untyped-def]
        uploaded = self.cleaned_data["files"]
        if len(uploaded) > MAX_FILES:
            raise forms.ValidationError(f"Stuur ten hoogste {MAX_FILES} bestanden tegelijk.")
        for f in uploaded:
            if f.size > MAX_FILE_BYTES:
                raise forms.ValidationError(f"{f.name} is groter dan 20 MB.")
        return sorted(uploaded, key=lambda f: f.name)


def portal(request: HttpRequest) -> HttpResponse:
    """The provider's berichtenbox: messages to download, and upload of incoming messages."""
    provider = _provider_of(request)
    results = []
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        for f in form.cleaned_data["files"]:
            result = bericht_import(f.read(), filename=f.name, acting_user=request.user,  # type: ignore[arg-type]
                                    provider=provider)
            results.append(result)
        form = UploadForm()
    berichten = (Bericht.objects.filter(provider=provider)
                 .select_related("in_reply_to").order_by("-created_at", "-id")[:200])
    return render(request, "iwmo/portal.html", {
        "form": form, "results": results, "berichten": berichten, "provider": provider,
    })


def download(request: HttpRequest, pk: int) -> HttpResponse:
    """One message file of the provider's own berichtenbox (it names a client: logged)."""
    provider = _provider_of(request)
    bericht = get_object_or_404(Bericht, pk=pk, provider=provider)
    if bericht.client_id is not None:
        access_log_write(user=request.user, action=AccessAction.EXPORT,  # type: ignore[arg-type]
                         purpose=Purpose.PLACEMENT, client=bericht.client, request=request,
                         detail=f"iWmo {bericht.kind} {bericht.identificatie} opgehaald")
    if bericht.direction == Direction.OUT and bericht.downloaded_at is None:
        from django.utils import timezone

        Bericht.objects.filter(pk=bericht.pk).update(downloaded_at=timezone.now())
    response = HttpResponse(bericht.content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bericht.download_name}"'
    return response


def verzoeken(request: HttpRequest) -> HttpResponse:
    """Requests from providers to the consulent's municipality (WMO315/317)."""
    municipality = _municipality_of(request)
    rows = list(Verzoek.objects.filter(municipality=municipality)
                .select_related("provider", "client").order_by("-created_at", "-id")[:200])
    open_rows = [v for v in rows if v.is_open]
    access_log_write_many(user=request.user, clients=[v.client for v in rows if v.client_id],  # type: ignore[arg-type]
                          action=AccessAction.VIEW, purpose=Purpose.CASE_WORK, request=request,
                          detail="Verzoeken van aanbieders")
    return render(request, "iwmo/verzoeken.html", {
        "open_rows": open_rows, "closed_rows": [v for v in rows if not v.is_open],
    })


class AnswerForm(forms.Form):
    antwoord = forms.ChoiceField(label="Antwoord", choices=VerzoekAntwoord.choices,
                                 widget=forms.RadioSelect)
    reden = forms.ChoiceField(
        label="Reden van afwijzen", required=False,
        choices=[("", "Kies een reden"), *RedenAfwijzing.choices],
        help_text="Alleen bij afwijzen. Toekennen doet u met een beschikking; de toewijzing "
                  "(WMO301) gaat dan vanzelf naar de aanbieder.",
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("antwoord") == VerzoekAntwoord.AFGEWEZEN and not data.get("reden"):
            self.add_error("reden", "Kies de reden van afwijzen.")
        if data.get("antwoord") == VerzoekAntwoord.IN_ONDERZOEK:
            data["reden"] = ""
        return data


def verzoek_answer(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = _municipality_of(request)
    verzoek = get_object_or_404(Verzoek.objects.select_related("provider", "client"), pk=pk,
                                municipality=municipality)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers.verzoek_answer(verzoek, antwoord=form.cleaned_data["antwoord"],
                                   reden=form.cleaned_data["reden"],
                                   acting_user=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Het antwoord (WMO319) staat klaar in de berichtenbox van "
                                      f"{verzoek.provider}.")
            return redirect("iwmo:verzoeken")
    if verzoek.client_id:
        access_log_write(user=request.user, action=AccessAction.VIEW, purpose=Purpose.CASE_WORK,  # type: ignore[arg-type]
                         client=verzoek.client, request=request, detail="Verzoek van aanbieder")
    return render(request, "iwmo/verzoek_answer.html", {"verzoek": verzoek, "form": form})
