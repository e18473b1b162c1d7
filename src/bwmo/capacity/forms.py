"""Input parsing for the capacity screens; the rules live in `services.py`."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from bwmo.clients.forms import DateInput
from bwmo.regions.models import Municipality, Product

from . import rules


class AccessibleForm(forms.Form):
    """Links each field to its help text and error message for screen readers.

    Errors are linked after validation (not in __init__), so subclasses can still set querysets
    and choices in their own __init__ before the form is cleaned.
    """

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def add_error(self, field, error) -> None:  # type: ignore[no-untyped-def]
        super().add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        errors = self._errors or {}
        for name, field in self.fields.items():
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_help")
            if name in errors:
                describedby.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)


def _plausible_date(value: date) -> None:
    if rules.date_out_of_range(value):
        raise ValidationError(
            f"Vul een datum in tussen {rules.EARLIEST_DATE:%d-%m-%Y} en "
            f"{rules.LATEST_DATE:%d-%m-%Y}."
        )


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DateInput(), help_text=help_text,
        validators=[_plausible_date],
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2026.",
                        "required": "Vul een datum in."},
    )


class ProductChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Kies een product uit de lijst."}

    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.name} ({obj.code})"


class DayForm(AccessibleForm):
    peildatum = date_field("Peildatum", required=False, help_text="Leeg: vandaag.")


class OverviewFilterForm(DayForm):
    product = ProductChoiceField(
        label="Product", queryset=Product.objects.none(), required=False, empty_label="Alle"
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente", queryset=Municipality.objects.none(), required=False, empty_label="Alle",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args, region=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["product"].queryset = region.products.filter(active=True)
            self.fields["gemeente"].queryset = region.municipalities.all()


class CapacityChangeForm(AccessibleForm):
    product = ProductChoiceField(label="Product", queryset=Product.objects.none())
    places = forms.IntegerField(
        label="Aantal plaatsen", min_value=0,
        help_text="Het totale aantal plaatsen voor dit product op deze locatie vanaf de ingangsdatum.",
        widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        error_messages={
            "invalid": "Vul een heel getal in (0 of meer).",
            "required": "Vul het aantal plaatsen in.",
            "min_value": "Het aantal plaatsen kan niet negatief zijn.",
        },
    )
    valid_from = date_field("Geldig vanaf")
    reason = forms.CharField(
        label="Reden van de wijziging", max_length=200,
        help_text="Bijvoorbeeld: uitbreiding nieuwe vleugel, afbouw intramurale plaatsen.",
        error_messages={"required": "Geef de reden van de wijziging.",
                        "max_length": "De reden is te lang (hoogstens 200 tekens)."},
    )

    def __init__(self, *args, location=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if location is not None:
            self.fields["product"].queryset = location.municipality.region.products.filter(
                active=True
            )
