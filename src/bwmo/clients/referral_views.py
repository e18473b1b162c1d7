"""The central access's review of registrations whose BSN is already registered elsewhere."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write, access_log_write_many

from . import selectors, services
from .models import ReferralOutcome


class ReferralForm(forms.Form):
    outcome = forms.ChoiceField(label="Uitkomst van de beoordeling", widget=forms.RadioSelect,
                                choices=ReferralOutcome.choices,
                                error_messages={"required": "Kies de uitkomst van de beoordeling."})
    note = forms.CharField(label="Toelichting", required=False, max_length=500,
                           help_text="Verplicht als het BSN onjuist was ingevoerd.")


def referral_list(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CT_ADVISEUR:  # type: ignore[union-attr]
        raise Http404
    referrals = list(selectors.duplicate_referrals_for(request.user).filter(  # type: ignore[arg-type]
        resolved_at__isnull=True)[:200])
    access_log_write_many(user=request.user, clients=[r.new_client for r in referrals],  # type: ignore[arg-type]
                          action=AccessAction.LIST, purpose=Purpose.DUPLICATE_CHECK,
                          request=request, detail="Doorverwijzingen dubbel BSN")
    return render(request, "clients/referral_list.html", {"referrals": referrals})


def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        referral = selectors.duplicate_referrals_for(request.user).get(pk=pk)  # type: ignore[arg-type]
    except services.DuplicateReferral.DoesNotExist as exc:
        raise Http404 from exc
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.duplicate_referral_resolve(
                referral=referral, acting_user=request.user,  # type: ignore[arg-type]
                outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
        except services.FieldErrors as exc:
            for field, message in exc.errors.items():
                form.add_error(field, message)
        else:
            messages.success(request, "De doorverwijzing is afgehandeld.")
            return redirect("clients:bsn-referrals")
    for subject in (referral.new_client, referral.existing_client):
        access_log_write(user=request.user, action=AccessAction.VIEW,  # type: ignore[arg-type]
                         purpose=Purpose.DUPLICATE_CHECK, client=subject, request=request,
                         object_type="dubbele registratie", object_id=referral.pk)
    return render(request, "clients/referral_detail.html", {"referral": referral, "form": form})
