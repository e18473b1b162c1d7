from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from bwmo.core.bsn import InvalidBSN, normalise_bsn

# The largest client number the database can hold (BigAutoField); a larger one cannot exist.
MAX_CLIENT_NUMBER = 2**63 - 1
# Dates outside this range are typos; they would also overflow the search by time of day.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
DATE_RANGE_MESSAGE = "Vul een datum tussen 01-01-1900 en 31-12-2999 in."
DATE_RANGE = [
    MinValueValidator(EARLIEST_DATE, DATE_RANGE_MESSAGE),
    MaxValueValidator(LATEST_DATE, DATE_RANGE_MESSAGE),
]


class DateInput(forms.DateInput):
    input_type = "date"


class AccessLogSearchForm(forms.Form):
    client_number = forms.IntegerField(
        label="Cliëntnummer", required=False, min_value=1, max_value=MAX_CLIENT_NUMBER,
        error_messages={"max_value": "Dit cliëntnummer bestaat niet."},
    )
    bsn = forms.CharField(label="BSN van de cliënt", required=False, max_length=11)
    username = forms.CharField(label="Gebruikersnaam", required=False, max_length=150)
    date_from = forms.DateField(label="Vanaf", required=False, widget=DateInput(),
                                validators=DATE_RANGE)
    date_to = forms.DateField(label="Tot en met", required=False, widget=DateInput(),
                              validators=DATE_RANGE)

    def clean_bsn(self) -> str:
        value = self.cleaned_data["bsn"].strip()
        if value:
            try:
                return normalise_bsn(value)
            except InvalidBSN as exc:
                raise forms.ValidationError(str(exc)) from exc
        return ""

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", "De einddatum ligt voor de begindatum.")
        return cleaned


class ClientLogExportForm(forms.Form):
    """Which client's log to export for an inzageverzoek, and why."""

    client_number = forms.IntegerField(
        label="Cliëntnummer", required=False, min_value=1, max_value=MAX_CLIENT_NUMBER,
        error_messages={"max_value": "Dit cliëntnummer bestaat niet."},
    )
    bsn = forms.CharField(label="BSN van de cliënt", required=False, max_length=11)
    reason = forms.CharField(
        label="Kenmerk of omschrijving van het verzoek", max_length=300,
        help_text="Bijvoorbeeld het zaaknummer van het inzageverzoek.",
        error_messages={"required": "Vul het kenmerk of de omschrijving van het verzoek in."},
    )
    file_format = forms.ChoiceField(
        label="Bestandsformaat", choices=[("xlsx", "Excel"), ("csv", "CSV")], initial="xlsx",
        widget=forms.RadioSelect,
    )

    clean_bsn = AccessLogSearchForm.clean_bsn

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        if not cleaned.get("client_number") and not cleaned.get("bsn") and not self.errors.get("bsn"):
            self.add_error("client_number", "Vul het cliëntnummer of het BSN in.")
        return cleaned
