"""Input parsing for the klantreis screens. The rules live in services and the rule modules."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet

from bwmo.capacity.models import Provider
from bwmo.clients.forms import ClientForm, DateInput, MunicipalityChoiceField
from bwmo.core.dates import nl_date
from bwmo.regions.constants import Track
from bwmo.regions.models import Municipality, Product, Region
from bwmo.responsibility.engine import MAX_DATE, MIN_DATE

from .constants import BeschikkingOutcome, Financing, HomelessnessCause, MeldingSource
from .selectors import INVOLVEMENT, SORTS, Urgency

DATE_ERRORS = {"invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2025."}
# The dates the rules can reason about (the responsibility engine's range); others are typos.
DATE_RANGE_MESSAGE = f"Vul een datum tussen {nl_date(MIN_DATE)} en {nl_date(MAX_DATE)} in."
DATE_RANGE = [
    MinValueValidator(MIN_DATE, DATE_RANGE_MESSAGE),
    MaxValueValidator(MAX_DATE, DATE_RANGE_MESSAGE),
]


class AccessibleFormMixin:
    """Links each field to its description and error message for screen readers."""

    def _link_descriptions(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_help")
            errors = self._errors or {}  # type: ignore[attr-defined]
            if name in errors:
                describedby.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._link_descriptions()

    def add_error(self, field, error) -> None:  # type: ignore[no-untyped-def]
        super().add_error(field, error)  # type: ignore[misc]
        self._link_descriptions()


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           error_messages=DATE_ERRORS, help_text=help_text,
                           validators=DATE_RANGE)


class TriStateField(forms.TypedChoiceField):
    """Ja / nee / onbekend → True / False / None, as three radio buttons in a fieldset whose
    legend is the question (components/field.html); "Onbekend" is chosen until answered."""

    def __init__(self, label: str, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("initial", "")
        super().__init__(
            label=label, required=False, empty_value=None,
            choices=[("ja", "Ja"), ("nee", "Nee"), ("", "Onbekend")],
            coerce=lambda v: {"ja": True, "nee": False}.get(v),
            widget=forms.RadioSelect,
            **kwargs,
        )


def tri_state_initial(value: bool | None) -> str:
    return {True: "ja", False: "nee"}.get(value, "")  # type: ignore[arg-type]


CLIENT_FIELDS = ("given_names", "surname_prefix", "surname", "date_of_birth", "bsn", "no_bsn_reason")


# "Overgenomen uit een bestaand register" is only for the register import (bwmo.register_import)
MENTIONABLE_SOURCES = [c for c in MeldingSource.choices if c[0] != MeldingSource.REGISTER]


class MeldingForm(AccessibleFormMixin, forms.Form):
    track = forms.ChoiceField(label="Spoor", choices=[("", "—"), *Track.choices])
    source = forms.ChoiceField(label="Bron van de melding",
                               choices=[("", "—"), *MENTIONABLE_SOURCES])
    reported_on = date_field("Datum melding")
    municipality = MunicipalityChoiceField(
        label="Gemeente van melding", queryset=Municipality.objects.none(),
        help_text="De gemeente waar de melding binnenkwam.",
    )
    origin_municipality = MunicipalityChoiceField(
        label="Gemeente van herkomst", queryset=Municipality.objects.all(), required=False,
        help_text="Waar de cliënt woonde vóór de melding. Leeg laten als dat onbekend is.",
    )
    presenting_problems = forms.CharField(
        label="Hulpvraag en problematiek", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    planned_start = date_field(
        "Beoogde startdatum", required=False,
        help_text="Verplicht voor een jongere die nog geen 18 is: op of na de 18e verjaardag.",
    )
    homelessness_cause = forms.ChoiceField(
        label="Oorzaak dakloosheid", required=False,
        choices=[("", "—"), *HomelessnessCause.choices],
        help_text="Verplicht bij maatschappelijke opvang.",
    )

    def __init__(self, *args, region: Region | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["municipality"].queryset = region.municipalities.all()  # type: ignore[attr-defined]
        self._link_descriptions()

    def client_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in CLIENT_FIELDS]

    def melding_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in CLIENT_FIELDS]


class ClientMeldingForm(MeldingForm):
    """A new client and their first melding in one form."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        client_fields = ClientForm().fields
        fields = {name: client_fields[name] for name in CLIENT_FIELDS}
        fields.update(self.fields)
        self.fields = fields
        self._link_descriptions()


class MeldingWithdrawForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reden van intrekken", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Bijvoorbeeld: de cliënt trekt de hulpvraag in, of is verhuisd.",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


class MeldingDatesForm(AccessibleFormMixin, forms.Form):
    aanvraag_on = date_field(
        "Datum aanvraag", required=False,
        help_text="De beschikking volgt binnen 2 weken na de aanvraag (Wmo 2015 art. 2.3.5).",
    )
    investigation_completed_on = date_field(
        "Onderzoek afgerond op", required=False,
        help_text="Het onderzoek is binnen 6 weken na de melding af (Wmo 2015 art. 2.3.2).",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


class AdviceRequestForm(AccessibleFormMixin, forms.Form):
    question = forms.CharField(
        label="Vraag aan de centrale toegang", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Het advies is niet bindend; u blijft zelf verantwoordelijk voor het besluit.",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


class AdviceAnswerForm(AccessibleFormMixin, forms.Form):
    recommendation = forms.CharField(
        label="Advies", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: beschermd wonen intensief, of eerst ambulante begeleiding.",
    )
    reasoning = forms.CharField(label="Onderbouwing", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


BW_QUESTIONS = {
    "dutch_or_lawful_residence": "Nederlandse nationaliteit of rechtmatig verblijf in Nederland?",
    "psychiatric_problems": "Bewijs, diagnose of vermoeden van psychiatrische problematiek?",
    "needs_supervision_nearby": "Noodzaak tot (24-uurs) toezicht en begeleiding in de nabijheid?",
    "ambulant_support_sufficient": "Volstaat ambulante ondersteuning (Wmo)?",
    "acute_crisis": "Is er een acute (crisis)situatie?",
    "lifelong_need": "Is de behoefte aan zorg of toezicht levenslang (Wlz)?",
    "primarily_treatment": "Is de zorgvraag in de eerste plaats behandeling (Zvw)?",
}
MO_QUESTIONS = {
    "homeless": "Dak- of thuisloos: zonder dak boven het hoofd of de thuissituatie moeten verlaten?",
    "cannot_cope_alone": "Zorg en begeleiding of het verhelpen van een crisis nodig (niet op "
                         "eigen kracht te handhaven)?",
    "dutch_or_lawful_residence": "Nederlandse nationaliteit of rechtmatig verblijf in Nederland?",
}


class ToetsForm(AccessibleFormMixin, forms.Form):
    notes = forms.CharField(label="Toelichting (optioneel)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, track: str, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        questions = MO_QUESTIONS if track == Track.MO else BW_QUESTIONS
        fields: dict[str, forms.Field] = {name: TriStateField(label) for name, label in
                                          questions.items()}
        fields["notes"] = self.fields["notes"]
        self.fields = fields
        self.answer_names = list(questions)
        self._link_descriptions()


class ProviderChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "Deze zorgaanbieder is onbekend. Kies een aanbieder uit de lijst.",
    }


class BeschikkingForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Uitkomst", choices=[("", "—"), *BeschikkingOutcome.choices])
    decided_on = date_field("Datum beschikking")
    product = forms.ChoiceField(label="Product", required=False)
    financing = forms.ChoiceField(label="Leveringsvorm", required=False,
                                  choices=[("", "—"), *Financing.choices])
    provider = ProviderChoiceField(
        label="Zorgaanbieder", required=False, queryset=Provider.objects.none(),
        help_text="Zorg in natura alleen bij een aanbieder die in de regio is gecontracteerd.",
    )
    start_date = date_field("Ingangsdatum", required=False)
    end_date = date_field("Einddatum", required=False,
                          help_text="Leeg laten voor onbepaalde tijd (niet bij groepswonen).")
    pgb_contracted_supply_unsuitable = TriStateField(
        "Pgb: het gecontracteerde aanbod past niet bij de cliënt?"
    )
    pgb_budget_holder_available = TriStateField(
        "Pgb: is er een wettelijk vertegenwoordiger of geschikte budgethouder uit het netwerk?"
    )
    reason = forms.CharField(
        label="Motivering", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht bij afwijzing en bij andere ondersteuning: waarom.",
    )
    duration_motivation = forms.CharField(
        label="Motivering duur", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht als beschermd wonen langer dan 2 jaar duurt.",
    )
    override_motivation = forms.CharField(
        label="Motivering afwijking van de toets", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht als u anders besluit dan de uitkomst van de toets.",
    )

    def __init__(self, *args, products: QuerySet[Product], providers: QuerySet[Provider],
                 contracted_ids: set[int], track_label: str, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        product_field = self.fields["product"]
        product_field.choices = [  # type: ignore[attr-defined]
            ("", "—"), *((p.code, f"{p.name} ({p.code})") for p in products)
        ]
        product_field.error_messages["invalid_choice"] = (
            f"Dit product wordt in deze regio niet aangeboden voor {track_label.lower()}. Kies een "
            "product uit de lijst."
        )
        provider_field = self.fields["provider"]
        provider_field.queryset = providers  # type: ignore[attr-defined]
        provider_field.label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.name}" + ("" if p.pk in contracted_ids else " (niet gecontracteerd: "
                                                                        "alleen pgb)")
        )
        self._link_descriptions()


class WorklistFilterForm(AccessibleFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(label="Gemeente", required=False,
                                      queryset=Municipality.objects.none(), empty_label="Alle")
    spoor = forms.ChoiceField(label="Spoor", required=False, choices=[("", "Alle"), *Track.choices])
    termijn = forms.ChoiceField(label="Termijn", required=False,
                                choices=[("", "Alle"), *((u.value, u.label) for u in Urgency)])
    sortering = forms.ChoiceField(label="Sortering", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, municipalities: QuerySet[Municipality], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if municipalities.count() > 1:
            self.fields["gemeente"].queryset = municipalities  # type: ignore[attr-defined]
        else:
            del self.fields["gemeente"]
        self._link_descriptions()


class DecisionFilterForm(forms.Form):
    betrokkenheid = forms.ChoiceField(
        label="Welke besluiten", required=False,
        choices=[("", "Verantwoordelijk of gemeld bij uw gemeente"), *INVOLVEMENT.items()],
    )
    uitkomst = forms.ChoiceField(label="Uitkomst", required=False,
                                 choices=[("", "Alle"), *BeschikkingOutcome.choices])

    def __init__(self, *args, for_consulent: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not for_consulent:
            del self.fields["betrokkenheid"]
