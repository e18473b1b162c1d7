"""Input parsing for the outflow and housing screens; the rules live in `services` and `rules`."""

from django import forms

from bwmo.clients.forms import DateInput
from bwmo.journeys.forms import DATE_ERRORS, DATE_RANGE

from .constants import CheckMoment, CheckOutcome, IncomeClass, Need
from .services import parse_amount

CHECKBOXES = forms.CheckboxSelectMultiple


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           error_messages=DATE_ERRORS, validators=DATE_RANGE, help_text=help_text)


class AmountField(forms.CharField):
    """An amount in euros as typed in Dutch: 650,50 or € 1.250."""

    def to_python(self, value):  # type: ignore[no-untyped-def]
        text = super().to_python(value)
        if not text:
            return None
        amount = parse_amount(text)
        if amount is None:
            raise forms.ValidationError("Vul een bedrag in, bijvoorbeeld 650,00.")
        return amount


class UitstromerForm(forms.Form):
    ready_on = _date("Klaar voor uitstroom per")
    household_size = forms.IntegerField(label="Huishoudgrootte (personen)", min_value=1, max_value=12,
                                        initial=1)
    max_rent = AmountField(label="Maximale huur per maand (€)", required=False,
                           help_text="Wat de cliënt kan betalen. Leeg: kies een inkomensklasse.")
    income_class = forms.ChoiceField(label="Of: inkomensklasse", required=False,
                                     choices=[("", "Geen, ik vul een bedrag in"), *IncomeClass.choices])
    preferred = forms.ModelMultipleChoiceField(
        label="Voorkeursgemeenten", required=False, queryset=None, widget=CHECKBOXES,
        help_text="Leeg: de gemeente van herkomst (bij voorkeur in de eigen gemeente).",
    )
    only_preferred = forms.BooleanField(label="Alleen een woning in een voorkeursgemeente is passend",
                                        required=False)
    needs = forms.MultipleChoiceField(label="Woonwensen en beperkingen", required=False,
                                      choices=Need.choices, widget=CHECKBOXES)
    support_after = forms.CharField(label="Ondersteuning na uitstroom", max_length=300,
                                    help_text="Bijvoorbeeld: ambulante begeleiding 4 uur per week door de eigen aanbieder.")
    registered_woningzoekende_on = _date("Ingeschreven als woningzoekende op", required=False)

    def __init__(self, *args, municipalities, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["preferred"].queryset = municipalities


class OfferForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(label="Buurt (CBS)", queryset=None,
                                           error_messages={"invalid_choice": "Kies een buurt uit de lijst."})
    address = forms.CharField(label="Adres", max_length=200)
    rooms = forms.IntegerField(label="Kamers", min_value=1, max_value=12)
    max_household = forms.IntegerField(label="Maximale huishoudgrootte", min_value=1, max_value=12)
    rent = AmountField(label="Kale huur per maand (€)")
    features = forms.MultipleChoiceField(label="Kenmerken", required=False, choices=Need.choices,
                                         widget=CHECKBOXES)
    available_on = _date("Beschikbaar per")
    is_omklapwoning = forms.BooleanField(
        label="Omklapwoning", required=False,
        help_text="Eerst gehuurd door de zorgaanbieder, later op naam van de cliënt.")

    def __init__(self, *args, neighbourhoods, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods.select_related("municipality")
        self.fields["neighbourhood"].label_from_instance = (
            lambda n: f"{n.name} ({n.code}), {n.municipality.name}")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Reden van intrekking", max_length=300)


class ContingentForm(forms.Form):
    association = forms.ModelChoiceField(label="Woningcorporatie", queryset=None)
    municipality = forms.ModelChoiceField(label="Gemeente", queryset=None)
    year = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)
    agreed = forms.IntegerField(label="Afgesproken aantal woningen", min_value=0, max_value=100_000)
    agreement = forms.CharField(label="Afspraak", required=False, max_length=200,
                                help_text="Bijvoorbeeld: prestatieafspraken 2026, regeling '120 woningen'.")

    def __init__(self, *args, associations, municipalities, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["municipality"].queryset = municipalities


DECISIONS = [("confirm", "Bevestigen"), ("reject", "Afwijzen")]


class CommitteeForm(forms.Form):
    decision = forms.ChoiceField(label="Besluit uitstroomtafel", choices=DECISIONS,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="Reden", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Bij bevestigen: hoe woning en begeleiding zijn gecontroleerd.")


class AssociationForm(forms.Form):
    decision = forms.ChoiceField(label="Besluit corporatie",
                                 choices=[("accept", "Accepteren"), ("decline", "Afwijzen")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="Reden", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Verplicht bij afwijzen.")


class OutflowForm(forms.Form):
    moved_on = _date("Verhuisdatum (eerste dag in de woning)",
                     help_text="De zorg eindigt de dag ervoor.")
    flip_planned_on = _date("Omklappen gepland op", required=False,
                            help_text="Alleen bij een omklapwoning: wanneer het huurcontract op naam "
                                      "van de cliënt komt.")


class ContactForm(forms.Form):
    on = _date("Datum contact")
    note = forms.CharField(label="Onderwerp", max_length=300)


class CheckForm(forms.Form):
    moment = forms.TypedChoiceField(label="Moment", coerce=int, choices=CheckMoment.choices)
    done_on = _date("Gedaan op")
    outcome = forms.ChoiceField(label="Uitkomst", choices=[("", "Kies…"), *CheckOutcome.choices])
    note = forms.CharField(label="Toelichting", required=False, max_length=500)


class FlipForm(forms.Form):
    flip_planned_on = _date("Omklappen gepland op")
    flip_actual_on = _date("Omgeklapt op", required=False)
