"""Input parsing for client screens; the rules themselves live in services."""

from django import forms

from bwmo.regions.models import Municipality

from .constants import NoBsnReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(format="%Y-%m-%d", **kwargs)


class MunicipalityChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "Deze gemeente is onbekend. Kies een gemeente uit de lijst.",
    }

    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} ({obj.code})"


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label="Naam of BSN", required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label="Geboortedatum", required=False, widget=DateInput())


class ClientForm(forms.Form):
    given_names = forms.CharField(label="Voornamen", max_length=120)
    surname_prefix = forms.CharField(label="Tussenvoegsel", max_length=20, required=False)
    surname = forms.CharField(label="Achternaam", max_length=120)
    date_of_birth = forms.DateField(
        label="Geboortedatum", widget=DateInput(),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-1990."},
    )
    bsn = forms.CharField(
        label="BSN", max_length=11, required=False,
        help_text="9 cijfers. Laat leeg als er geen BSN is en kies hieronder de reden.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    no_bsn_reason = forms.ChoiceField(
        label="Reden geen BSN", required=False, choices=[("", "—"), *NoBsnReason.choices]
    )
    origin_municipality = MunicipalityChoiceField(
        label="Gemeente van herkomst", queryset=Municipality.objects.all(), required=False,
        help_text="De gemeente waar de cliënt woonde voor de melding.",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_help")
            if self.is_bound and name in self.errors:
                describedby.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)


class MergeForm(forms.Form):
    """Which of two records stays, and the consulent's confirmation (clients.merge)."""

    survivor = forms.TypedChoiceField(
        label="Welk dossier blijft bestaan?", coerce=int, widget=forms.RadioSelect,
        help_text="Het andere dossier wordt hierin opgenomen: meldingen, beschikkingen, "
        "plaatsingen en wachtlijstregels gaan over naar het blijvende dossier.",
        error_messages={"required": "Kies welk dossier blijft bestaan."},
    )
    reason = forms.CharField(
        label="Toelichting", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom gaat het om dezelfde persoon? Bijvoorbeeld: gecontroleerd met ID-bewijs.",
    )
    confirm = forms.BooleanField(
        label="Ik heb gecontroleerd dat beide dossiers over dezelfde persoon gaan.",
        error_messages={"required": "Bevestig dat u hebt gecontroleerd dat het dezelfde persoon is."},
    )

    def __init__(self, *args, first, second, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (first.pk, f"{first.full_name} (dossier {first.pk})"),
            (second.pk, f"{second.full_name} (dossier {second.pk})"),
        ]
        for name, field in self.fields.items():
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_help")
            if self.is_bound and name in self.errors:
                describedby.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)
