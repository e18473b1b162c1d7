"""Input parsing for the finance screens; the rules live in services, budget, scenarios, statements."""

from django import forms

from bwmo.capacity.forms import AccessibleForm
from bwmo.core.fields import EuroField

from .flow import PARAMETER_RANGES, _nl

MAX_IMPORT_BYTES = 2_000_000


class PeriodForm(AccessibleForm):
    """Year (and for some reports a quarter) of a finance screen."""

    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["jaar"].error_messages["invalid_choice"] = "Kies een jaar uit de lijst."


class QuarterPeriodForm(PeriodForm):
    kwartaal = forms.TypedChoiceField(
        label="Kwartaal", required=False, empty_value=None, coerce=int,
        choices=[("", "Heel het jaar"), *[(q, f"Kwartaal {q}") for q in (1, 2, 3, 4)]],
        error_messages={"invalid_choice": "Kies heel het jaar of een kwartaal 1 tot en met 4."},
    )


class StatementIssueForm(AccessibleForm):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)
    gemeente = forms.ChoiceField(
        label="Gemeente", help_text="Elke gemeente krijgt een nieuwe versie met de cijfers van "
                                    "vandaag; eerder verstuurde versies blijven ongewijzigd.")

    def __init__(self, *args, years: list[int], municipalities, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["jaar"].error_messages["invalid_choice"] = "Kies een jaar uit de lijst."
        self.fields["gemeente"].choices = [  # type: ignore[attr-defined]
            ("alle", "Alle gemeenten van de regio"),
            *[(m.code, f"{m.name} ({m.code})") for m in municipalities],
        ]
        self.fields["gemeente"].error_messages["invalid_choice"] = "Kies een gemeente uit de lijst."


WHEN_EMPTY = {
    "inflow_factor": "1: de instroom van de eigen historie",
    "los_factor": "1: de verblijfsduur van de eigen historie",
    "wlz_share": "het aandeel naar de Wlz in de eigen historie",
    "shift_per_year": "0,03 (standaard)",
    "sigma": "0,1 (standaard)",
}


def _parameter_field(name: str) -> forms.CharField:
    low, high, label = PARAMETER_RANGES[name]
    return forms.CharField(
        label=label, required=False, max_length=20,
        help_text=f"Tussen {_nl(low)} en {_nl(high)}. Leeg: {WHEN_EMPTY[name]}.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ScenarioForm(AccessibleForm):
    """A named scenario: the values are checked by ``scenarios.parameters_from`` (one rule)."""

    naam = forms.CharField(label="Naam van het scenario", max_length=100,
                           error_messages={"required": "Geef het scenario een naam."})
    runs = forms.IntegerField(label="Aantal runs", min_value=10, max_value=5000, initial=1000,
                              help_text="Tussen 10 en 5.000 Monte-Carlo-runs.",
                              error_messages={"min_value": "Kies minstens 10 runs.",
                                              "max_value": "Kies hoogstens 5.000 runs.",
                                              "invalid": "Vul een heel aantal runs in.",
                                              "required": "Vul het aantal runs in."})
    inflow_factor = _parameter_field("inflow_factor")
    los_factor = _parameter_field("los_factor")
    wlz_share = _parameter_field("wlz_share")
    shift_per_year = _parameter_field("shift_per_year")
    sigma = _parameter_field("sigma")

    PARAMETERS = ("inflow_factor", "los_factor", "wlz_share", "shift_per_year", "sigma")

    def overrides(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in self.PARAMETERS
                if self.cleaned_data.get(name, "").strip()}


class BudgetImportForm(AccessibleForm):
    bestand = forms.FileField(
        label="Bestand (CSV of Excel)",
        help_text="Kolommen: cbs_code, jaar, historisch, objectief en wlz_uitname (mag leeg). "
                  "Bedragen in euro's, bijvoorbeeld 1234567,89.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )

    def clean_bestand(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["bestand"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Het bestand is groter dan 2 MB.")
        return upload


def _amount(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return EuroField(
        label=label, required=required, max_digits=14, decimal_places=2, localize=True,
        help_text=help_text, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": "Vul een bedrag in, bijvoorbeeld 1250000,00.",
                        "required": "Vul een bedrag in.",
                        "max_decimal_places": "Vul een bedrag in hele centen in.",
                        "max_digits": "Dit bedrag is te groot."},
    )


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=5, decimal_places=2, localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": "Vul een percentage in, bijvoorbeeld 50.",
                        "max_decimal_places": "Gebruik hoogstens twee decimalen.",
                        "max_digits": "Vul een percentage van 0 tot en met 100 in."},
    )


class PotYearForm(AccessibleForm):
    """The pot of one year; the keys and amounts are checked by ``services.pot_year_save``."""

    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)
    inleg = _amount("Inleg in de regionale pot (€)",
                    help_text="Het totaal dat de gemeenten samen inleggen.")
    inleg_sleutel = forms.ChoiceField(label="Verdeelsleutel voor de inleg")
    inleg_inwoners = _percent("Mix inleg: naar inwonertal (%)")
    inleg_objectief = _percent("Mix inleg: naar objectief budget (%)")
    inleg_historisch = _percent("Mix inleg: naar historisch gebruik (%)")
    resultaat_sleutel = forms.ChoiceField(label="Verdeelsleutel voor een tekort of overschot")
    resultaat_inwoners = _percent("Mix resultaat: naar inwonertal (%)")
    resultaat_objectief = _percent("Mix resultaat: naar objectief budget (%)")
    resultaat_historisch = _percent("Mix resultaat: naar historisch gebruik (%)")
    vangnet = forms.MultipleChoiceField(
        label="Regionale vangnetproducten (de pot betaalt deze producten)", required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, years: list[int], keys, products, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["jaar"].error_messages["invalid_choice"] = (
            "Kies een jaar op het ingroeipad van de regio.")
        for name in ("inleg_sleutel", "resultaat_sleutel"):
            self.fields[name].choices = keys  # type: ignore[attr-defined]
            self.fields[name].error_messages["invalid_choice"] = "Kies een verdeelsleutel."
        self.fields["vangnet"].choices = [  # type: ignore[attr-defined]
            (p.code, f"{p.name} ({p.code})") for p in products]
        self.fields["vangnet"].error_messages["invalid_choice"] = "Kies producten uit de lijst."

    def mix(self, prefix: str):  # type: ignore[no-untyped-def]
        from decimal import Decimal

        return tuple(self.cleaned_data.get(f"{prefix}_{part}") or Decimal(0)
                     for part in ("inwoners", "objectief", "historisch"))


class IngroeipadForm(AccessibleForm):
    """The objective weight of every year on the ingroeipad (checked by ``ingroeipad_set``)."""

    def __init__(self, *args, years: list[int], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for year in years:
            self.fields[f"gewicht_{year}"] = _percent(f"Gewicht objectief {year} (%)")
            self.fields[f"gewicht_{year}"].required = True
            self.fields[f"gewicht_{year}"].error_messages["required"] = (
                f"Vul het gewicht voor {year} in (0 tot en met 100).")
        self._years = years
        self._describe()

    def weights(self):  # type: ignore[no-untyped-def]
        return {year: self.cleaned_data[f"gewicht_{year}"] for year in self._years}
