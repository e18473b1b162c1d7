"""Input parsing for the contract screens; the rules live in `rules.py`, `quality.py`, `services.py`."""

from django import forms

from bwmo.capacity.forms import AccessibleForm, date_field
from bwmo.core.fields import EuroField
from bwmo.regions.constants import TariffUnit

from .constants import CommitmentStatus, ContractForm, InspectionSeverity, TalkKind

YES_NO = [("ja", "Ja"), ("nee", "Nee")]
MAX_IMPORT_BYTES = 1_000_000


def _money() -> forms.DecimalField:
    return EuroField(
        label="Tarief (€)", max_digits=10, decimal_places=2, min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "bwmo-amount"}),
        error_messages={"invalid": "Vul een bedrag in, bijvoorbeeld 145,50.",
                        "min_value": "Een tarief kan niet negatief zijn.",
                        "required": "Vul het tarief in."},
        localize=True,
    )


class ProductChoiceMixin:
    def set_products(self, region) -> None:  # type: ignore[no-untyped-def]
        self.fields["product"].queryset = region.products.filter(active=True).order_by("track", "name")  # type: ignore[attr-defined]


class ContractCreateForm(ProductChoiceMixin, AccessibleForm):
    provider = forms.ModelChoiceField(label="Zorgaanbieder", queryset=None)  # type: ignore[arg-type]
    reference = forms.CharField(label="Kenmerk", max_length=60)
    lot = forms.CharField(label="Perceel", max_length=120, required=False)
    form = forms.ChoiceField(label="Vorm", choices=ContractForm.choices,
                             help_text="Maatschappelijke opvang wordt meestal gesubsidieerd.")
    start_date = date_field("Ingangsdatum")
    initial_end_date = date_field("Einddatum zonder verlenging")
    option_1 = forms.IntegerField(label="Verlengingsoptie 1 (maanden)", required=False, min_value=1,
                                  max_value=120)
    option_2 = forms.IntegerField(label="Verlengingsoptie 2 (maanden)", required=False, min_value=1,
                                  max_value=120)
    outside_region = forms.TypedChoiceField(
        label="Aanbieder buiten de regio (cliëntspecifiek contract)?", choices=YES_NO,
        widget=forms.RadioSelect, initial="nee", coerce=lambda v: v == "ja",
    )
    product = forms.ModelChoiceField(label="Product", queryset=None)  # type: ignore[arg-type]
    tariff = _money()
    unit = forms.ChoiceField(label="Eenheid", choices=TariffUnit.choices)
    valid_from = date_field("Tarief geldig vanaf")
    valid_to = date_field("Tarief geldig tot en met")
    notes = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 3}),
                            required=False, max_length=2000)

    def __init__(self, *args, region, providers, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.set_products(region)


class TariffForm(ProductChoiceMixin, AccessibleForm):
    product = forms.ModelChoiceField(label="Product", queryset=None)  # type: ignore[arg-type]
    tariff = _money()
    unit = forms.ChoiceField(label="Eenheid", choices=TariffUnit.choices)
    valid_from = date_field("Geldig vanaf")
    valid_to = date_field("Geldig tot en met")

    def __init__(self, *args, region, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.set_products(region)


class ExerciseForm(AccessibleForm):
    order = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    exercised_on = date_field("Gelicht op")


class CommitmentForm(AccessibleForm):
    description = forms.CharField(label="Afspraak", max_length=300)
    due_on = date_field("Gereed op", required=False)


class CommitmentStatusForm(AccessibleForm):
    status = forms.ChoiceField(label="Stand", choices=CommitmentStatus.choices)
    status_note = forms.CharField(label="Toelichting", max_length=300, required=False)


class EvidenceForm(AccessibleForm):
    requirement = forms.ModelChoiceField(label="Eis van het keurmerk", queryset=None)  # type: ignore[arg-type]
    evidence = forms.CharField(label="Bewijs", max_length=300,
                               help_text="Bijvoorbeeld: auditrapport van 12-03-2026, certificaat.")
    recorded_on = date_field("Vastgesteld op")
    valid_until = date_field("Geldig tot en met", required=False,
                             help_text="Leeg: geldt zonder einddatum.")

    def __init__(self, *args, region, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = region.keurmerk_requirements.filter(active=True)  # type: ignore[attr-defined]


class InspectionForm(AccessibleForm):
    inspected_on = date_field("Datum inspectie")
    severity = forms.ChoiceField(label="Uitkomst", choices=InspectionSeverity.choices,
                                 widget=forms.RadioSelect)
    findings = forms.CharField(label="Bevindingen", widget=forms.Textarea(attrs={"rows": 3}),
                               required=False, max_length=4000)
    follow_up = forms.CharField(label="Afgesproken opvolging", widget=forms.Textarea(attrs={"rows": 2}),
                                required=False, max_length=4000)
    follow_up_due = date_field("Opvolging gereed op", required=False)


class CloseForm(AccessibleForm):
    closed_on = date_field("Afgesloten op")
    note = forms.CharField(label="Toelichting", max_length=300)


class SignalForm(AccessibleForm):
    received_on = date_field("Ontvangen op")
    source = forms.CharField(label="Bron", max_length=100, initial="Sociale recherche")
    concerns_pgb = forms.TypedChoiceField(label="Gaat het signaal over pgb?", choices=YES_NO,
                                          widget=forms.RadioSelect, coerce=lambda v: v == "ja")
    description = forms.CharField(label="Signaal", widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=4000)


class TalkForm(AccessibleForm):
    kind = forms.ChoiceField(label="Soort gesprek", choices=TalkKind.choices, widget=forms.RadioSelect)
    held_on = date_field("Datum gesprek")
    year = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    quarter = forms.TypedChoiceField(
        label="Kwartaal", required=False, coerce=int, empty_value=None,
        choices=[("", "hele jaar (accountgesprek)")] + [(str(q), f"kwartaal {q}") for q in range(1, 5)],
    )
    notes = forms.CharField(label="Verslag", widget=forms.Textarea(attrs={"rows": 5}), required=False,
                            max_length=10000)


class ActionForm(AccessibleForm):
    description = forms.CharField(label="Actie", max_length=300)
    owner = forms.CharField(label="Wie", max_length=120)
    due_on = date_field("Gereed op")


class ActionDoneForm(AccessibleForm):
    done_on = date_field("Afgerond op")
    follow_up = forms.CharField(label="Opvolging", max_length=300, required=False)


class ExperienceImportForm(AccessibleForm):
    file = forms.FileField(
        label="Bestand (CSV of Excel)",
        help_text="Kolommen: aanbieder (naam of AGB-code), jaar, kwartaal, respondenten, score (0-10).",
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Het bestand is groter dan 1 MB.")
        return upload
