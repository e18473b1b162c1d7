"""Input parsing for client screens; the rules themselves live in services."""

from django import forms

from bwmo.regions.models import Municipality

from .constants import AddressKind, DocumentKind, NoBsnReason, NoteKind, RelationRole


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


# ------------------------------------------------------------------------------------------------
# The dossier: address and contact, relations, notes, documents
# ------------------------------------------------------------------------------------------------

YES_NO = [("ja", "Ja"), ("nee", "Nee")]


class DescribedFieldsMixin:
    """Links each field to its help text and its error (``aria-describedby``), also for errors
    a service adds after validation (``add_error``)."""

    def _describe(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_help")
            if self.is_bound and name in self.errors:  # type: ignore[attr-defined]
                describedby.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)

    def add_error(self, field, error):  # type: ignore[no-untyped-def]
        super().add_error(field, error)  # type: ignore[misc]
        self._describe()


class ContactDetailsForm(DescribedFieldsMixin, forms.Form):
    address_kind = forms.ChoiceField(
        label="Soort adres", choices=AddressKind.choices, widget=forms.RadioSelect,
        help_text="Een cliënt zonder woonadres kan post ontvangen op een briefadres, bijvoorbeeld "
        "bij de gemeente of de nachtopvang.",
        error_messages={"required": "Kies de soort adres."},
    )
    care_of = forms.CharField(
        label="Per adres (p/a)", max_length=120, required=False,
        help_text="Alleen bij een briefadres: bij wie of welke instelling de post aankomt.",
    )
    street = forms.CharField(label="Straat", max_length=120, required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    house_number = forms.CharField(label="Huisnummer en toevoeging", max_length=20, required=False)
    postcode = forms.CharField(label="Postcode", max_length=7, required=False,
                               help_text="4 cijfers en 2 letters, bijvoorbeeld 6811 AB.")
    city = forms.CharField(label="Woonplaats", max_length=80, required=False)
    phone = forms.CharField(label="Telefoonnummer", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label="E-mailadres", required=False,
                             error_messages={"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."})

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._describe()


class RelationForm(DescribedFieldsMixin, forms.Form):
    role = forms.ChoiceField(
        label="Rol", choices=[("", "— kies —"), *RelationRole.choices],
        help_text="Curator, mentor, bewindvoerder, ouder/voogd en gemachtigde treden op namens "
        "de cliënt; een contactpersoon niet.",
        error_messages={"required": "Kies de rol van deze persoon."},
    )
    name = forms.CharField(label="Naam", max_length=160,
                           error_messages={"required": "Vul de naam in."})
    organisation = forms.CharField(label="Organisatie", max_length=160, required=False,
                                   help_text="Bijvoorbeeld het bewindvoerderskantoor.")
    relationship = forms.CharField(label="Relatie tot de cliënt", max_length=80, required=False,
                                   help_text="Bijvoorbeeld zus, vriend, begeleider.")
    is_budget_holder = forms.ChoiceField(
        label="Is deze persoon de budgethouder van het pgb?", choices=YES_NO,
        widget=forms.RadioSelect, initial="nee",
        help_text="Bij een pgb beheert de budgethouder het budget namens de cliënt.",
        error_messages={"required": "Kies ja of nee."},
    )
    phone = forms.CharField(label="Telefoonnummer", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label="E-mailadres", required=False,
                             error_messages={"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."})
    address = forms.CharField(label="Adres", max_length=200, required=False,
                              help_text="Straat, huisnummer, postcode en plaats.")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._describe()


class NoteForm(DescribedFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label="Soort notitie", choices=NoteKind.choices,
                             widget=forms.RadioSelect, initial=NoteKind.CONVERSATION,
                             error_messages={"required": "Kies de soort notitie."})
    held_on = forms.DateField(
        label="Datum gesprek of contact", widget=DateInput(),
        error_messages={"required": "Vul de datum in.",
                        "invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2026."},
    )
    subject = forms.CharField(label="Onderwerp", max_length=160,
                              error_messages={"required": "Vul het onderwerp in."})
    text = forms.CharField(
        label="Verslag", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Schrijf zakelijk en feitelijk: de cliënt kan het dossier inzien.",
        error_messages={"required": "Schrijf het verslag: een notitie zonder tekst wordt niet opgeslagen."},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._describe()


class DocumentForm(DescribedFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label="Soort document", choices=[("", "— kies —"), *DocumentKind.choices],
                             error_messages={"required": "Kies de soort document."})
    title = forms.CharField(label="Titel", max_length=160,
                            error_messages={"required": "Vul een titel in, bijvoorbeeld 'Onderzoeksverslag april'."})
    file = forms.FileField(
        label="Bestand", help_text="Een PDF, PNG of JPEG van hoogstens 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg. Kies een ander bestand.",
                        "invalid": "Kies een bestand."},
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._describe()
