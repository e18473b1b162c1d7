"""Input parsing for the placement and waiting-list screens; the rules live in `services.py`."""

from django import forms

from bwmo.capacity.forms import AccessibleForm, DayForm, ProductChoiceField, date_field
from bwmo.capacity.selectors import CapacityRow
from bwmo.regions.models import Municipality, Product

from .constants import OutflowDestination, WaitingPriority, WaitingRemovalReason

OUTFLOW_CHOICES = [
    (value, label) for value, label in OutflowDestination.choices
    if value != OutflowDestination.DOORSTROOM
]
REMOVAL_CHOICES = [
    (value, label) for value, label in WaitingRemovalReason.choices
    if value != WaitingRemovalReason.PLACED
]


def _location_label(row: CapacityRow) -> str:
    free = "vol" if row.free == 0 else f"{row.free} vrij"
    return f"{row.location.name} ({row.location.municipality}, {row.location.provider}) – {free}"


class LocationChoiceForm(AccessibleForm):
    """A location out of `rows`; the placement form shows them as a table of radio buttons."""

    location = forms.TypedChoiceField(
        label="Locatie", coerce=int,
        help_text="Het aantal vrije plaatsen geldt voor vandaag. Bij plaatsen wordt opnieuw "
                  "gecontroleerd of er een plaats vrij is.",
        error_messages={"required": "Kies een locatie.",
                        "invalid_choice": "Kies een locatie uit de lijst."},
    )

    def __init__(self, *args, rows: list[CapacityRow], required: bool = True,  # type: ignore[no-untyped-def]
                 **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(row.location.pk, _location_label(row)) for row in rows]
        if not required:
            choices = [("", "Geen voorkeur"), *choices]
        self.fields["location"].choices = choices
        self.fields["location"].required = required
        if not required:
            self.fields["location"].label = "Voorkeurslocatie"
            self.fields["location"].empty_value = None


class PlaceForm(LocationChoiceForm):
    start_date = date_field("Start zorg")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["location"].widget = forms.RadioSelect(choices=self.fields["location"].choices)
        self.fields["location"].help_text = (
            "Alleen locaties die de beschikking toestaat: het product en, als de beschikking "
            "een zorgaanbieder noemt, diens locaties. Vrije plaatsen gelden voor vandaag; bij "
            "plaatsen wordt het opnieuw gecontroleerd."
        )
    perspective_independent = forms.BooleanField(
        label="Perspectief op zelfstandig wonen", required=False,
        help_text="Dan schrijft de cliënt zich binnen een maand in als woningzoekende.",
    )


class WaitingAddForm(LocationChoiceForm):
    entered_on = date_field("Op de wachtlijst vanaf")
    priority = forms.ChoiceField(
        label="Prioriteit", choices=WaitingPriority.choices, initial=WaitingPriority.NORMAL
    )
    priority_reason = forms.CharField(
        label="Reden prioriteit", required=False, max_length=300,
        help_text="Verplicht bij urgent.", widget=forms.Textarea(attrs={"rows": 3}),
    )


class WaitingRemoveForm(AccessibleForm):
    reason = forms.ChoiceField(
        label="Reden", choices=[("", "—"), *REMOVAL_CHOICES],
        error_messages={"required": "Kies de reden."},
    )
    removed_on = date_field("Van de wachtlijst af op")


class EndForm(AccessibleForm):
    end_date = date_field("Laatste dag van de zorg", help_text="Deze dag telt nog mee.")
    destination = forms.ChoiceField(
        label="Uitstroom naar", choices=[("", "—"), *OUTFLOW_CHOICES],
        error_messages={"required": "Kies waar de cliënt naartoe gaat."},
    )


class DoorstroomForm(AccessibleForm):
    beschikking = forms.TypedChoiceField(
        label="Beschikking voor het nieuwe product", coerce=int,
        error_messages={"required": "Kies de beschikking.",
                        "invalid_choice": "Kies een beschikking uit de lijst."},
    )
    location = forms.TypedChoiceField(
        label="Nieuwe locatie", coerce=int,
        error_messages={"required": "Kies een locatie.",
                        "invalid_choice": "Kies een locatie uit de lijst."},
    )
    start_date = date_field(
        "Start nieuwe plaatsing", help_text="De huidige plaatsing eindigt de dag ervoor."
    )

    def __init__(self, *args, beschikkingen, locations, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["beschikking"].choices = [("", "—")] + [
            (b.pk, f"{b.product} – vanaf {b.start_date:%d-%m-%Y}" if b.start_date else str(b.product))
            for b in beschikkingen
        ]
        self.fields["location"].choices = [("", "—")] + [
            (loc.pk, f"{loc.name} ({loc.municipality}, {loc.provider})") for loc in locations
        ]


class HousingForm(AccessibleForm):
    perspective_independent = forms.BooleanField(
        label="Perspectief op zelfstandig wonen", required=False
    )
    registered_woningzoekende_on = date_field(
        "Ingeschreven als woningzoekende op", required=False,
        help_text="Transformatieplan Centraal Gelderland, Bijlage 3: binnen een maand na instroom.",
    )


class WaitingFilterForm(AccessibleForm):
    product = ProductChoiceField(
        label="Product", queryset=Product.objects.none(), required=False, empty_label="Alle"
    )
    gemeente = forms.ModelChoiceField(
        label="Verantwoordelijke gemeente", queryset=Municipality.objects.none(), required=False,
        empty_label="Alle", error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args, region=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["product"].queryset = region.products.all()
            self.fields["gemeente"].queryset = region.municipalities.all()


__all__ = [
    "DayForm", "DoorstroomForm", "EndForm", "HousingForm", "PlaceForm", "WaitingAddForm",
    "WaitingFilterForm", "WaitingRemoveForm",
]
