"""Views to record an opschorting or the verdaging on an open melding (thin; rules in
`termijn_services`)."""

from django.http import HttpRequest, HttpResponse

from . import permissions, termijn_services
from .termijn_forms import ExtensionForm, SuspensionEndForm, SuspensionForm
from .views import _melding_form_page, _today


def melding_suspension(request: HttpRequest, pk: int) -> HttpResponse:
    def running(melding):  # type: ignore[no-untyped-def]
        return melding.suspensions.filter(end__isnull=True).first()

    def make_form(melding, data):  # type: ignore[no-untyped-def]
        return SuspensionEndForm(data) if running(melding) else SuspensionForm(data)

    def save(melding, cleaned):  # type: ignore[no-untyped-def]
        if "start" not in cleaned:
            return termijn_services.melding_suspension_end(
                melding=melding, end=cleaned["end"], acting_user=request.user, today=_today(),
            )
        return termijn_services.melding_suspension_record(
            melding=melding, acting_user=request.user, today=_today(), **cleaned,
        )

    def intro(melding):  # type: ignore[no-untyped-def]
        current = running(melding)
        if current:
            return (f"De termijnen staan stil sinds {current.start:%d-%m-%Y} ({current.reason}). "
                    "Vul de laatste dag van de opschorting in.")
        return ("Zolang de termijn is opgeschort (Awb 4:15), bijvoorbeeld omdat u wacht op "
                "gegevens van de cliënt, schuiven de uiterste datums van onderzoek en beschikking "
                "op.")

    return _melding_form_page(
        request, pk, allowed=permissions.may_handle, make_form=make_form, save=save,
        success="De opschorting is vastgelegd.", log_detail="Opschorting termijn",
        title="Termijn opschorten", submit="Opschorting opslaan", intro=intro,
    )


def melding_extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _melding_form_page(
        request, pk, allowed=permissions.may_handle,
        make_form=lambda melding, data: ExtensionForm(data),
        save=lambda melding, cleaned: termijn_services.melding_extension_record(
            melding=melding, acting_user=request.user, today=_today(), **cleaned,  # type: ignore[arg-type]
        ),
        success="De verdaging is vastgelegd.", log_detail="Verdaging termijn",
        title="Termijn verdagen", submit="Verdaging opslaan",
        intro=lambda melding: (
            "De termijn voor de beschikking kan één keer met een redelijke termijn worden "
            "verdaagd (Awb 4:14, Wmo 2015 art. 2.3.2), vóór het einde van de termijn."
        ),
    )
