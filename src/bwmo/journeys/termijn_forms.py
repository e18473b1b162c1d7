"""Small forms for the consulent: an opschorting (Awb 4:15) and the verdaging (Awb 4:14)."""

from django import forms

from .deadlines import MAX_EXTENSION_DAYS
from .forms import AccessibleFormMixin, date_field


class SuspensionForm(AccessibleFormMixin, forms.Form):
    start = date_field("Opgeschort vanaf", help_text="De eerste dag dat de termijn stilstaat.")
    end = date_field("Opgeschort tot en met", required=False,
                     help_text="Leeg laten als de opschorting nog loopt.")
    reason = forms.CharField(
        label="Reden", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: wachten op gegevens van de cliënt (Awb 4:15).",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


class SuspensionEndForm(AccessibleFormMixin, forms.Form):
    end = date_field("Laatste dag van de opschorting")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()


class ExtensionForm(AccessibleFormMixin, forms.Form):
    days = forms.IntegerField(
        label="Verdaging in dagen", min_value=1, max_value=MAX_EXTENSION_DAYS,
        help_text="De termijn kan één keer worden verdaagd, vóór het einde van de termijn.",
        error_messages={
            "required": "Vul het aantal dagen in.",
            "invalid": "Vul een heel aantal dagen in.",
            "min_value": "Vul minstens 1 dag in.",
            "max_value": f"Vul hoogstens {MAX_EXTENSION_DAYS} dagen in.",
        },
    )
    reason = forms.CharField(
        label="Reden", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom de beschikking later komt (Awb 4:14); de cliënt krijgt dit bericht.",
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._link_descriptions()
