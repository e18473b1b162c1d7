"""Case owner screens: "Mijn zaken", and taking on or handing over a melding."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bwmo.clients.services import FieldErrors

from . import case_owner, permissions, selectors
from .forms import AccessibleFormMixin
from .views import _log_list, _log_view, _melding_or_404, _require_case_worker


class CaseOwnerForm(AccessibleFormMixin, forms.Form):
    owner = forms.TypedChoiceField(
        label="Behandelend consulent", coerce=int,
        error_messages={"required": "Kies wie de melding behandelt.",
                        "invalid_choice": "Deze persoon kan de melding niet behandelen. Kies een "
                        "consulent uit de lijst."},
    )
    reason = forms.CharField(
        label="Reden van overdracht", required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nodig als u de melding van een collega aan een ander overdraagt, bijvoorbeeld: "
        "verlof, andere wijk.",
    )

    def __init__(self, *args, candidates, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "— kies —")] + [  # type: ignore[attr-defined]
            (u.pk, case_owner.display_name(u)) for u in candidates
        ]
        self._link_descriptions()


def melding_case_owner(request: HttpRequest, pk: int) -> HttpResponse:
    melding = _melding_or_404(request, pk)
    if not permissions.may_handle(request.user, melding):  # type: ignore[arg-type]
        raise Http404
    _log_view(request, melding.client, "Behandelend consulent")
    candidates = list(case_owner.owner_candidates(melding))
    form = CaseOwnerForm(request.POST or None, candidates=candidates,
                         initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            case_owner.case_owner_set(
                melding=melding, owner_id=form.cleaned_data["owner"],
                reason=form.cleaned_data["reason"], acting_user=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
            )
        except FieldErrors as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request, f"{case_owner.display_name(melding.case_owner)} behandelt deze melding."  # type: ignore[arg-type]
            )
            return redirect("journeys:melding-detail", pk=melding.pk)
    return render(request, "journeys/case_owner_form.html", {
        "melding": melding, "client": melding.client, "form": form,
    })


def my_cases(request: HttpRequest) -> HttpResponse:
    """The open meldingen the user owns, most urgent first, with their Wmo terms."""
    _require_case_worker(request)
    owned = set(case_owner.my_cases(request.user).values_list("pk", flat=True))  # type: ignore[arg-type]
    rows = [row for row in selectors.worklist(request.user, today=timezone.localdate())  # type: ignore[arg-type]
            if row.melding.pk in owned]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    _log_list(request, [row.melding.client for row in page.object_list], "Mijn zaken")
    return render(request, "journeys/my_cases.html", {"page": page, "total": len(rows)})
